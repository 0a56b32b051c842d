"""The controlled words shared by every policy pack and the case store.

A pack may only name statuses, flags, events and file items listed here or declared in its own
``vocabulary`` section, so a typo in a pack is refused on load instead of silently never matching.
"""

from __future__ import annotations

# SSDA903 legal status codes, plus the statutory statuses that are not legal orders.
LEGAL_STATUSES: dict[str, str] = {
    "C1": "Interim care order (s38)",
    "C2": "Full care order (s31)",
    "D1": "Freeing order",
    "E1": "Placement order",
    "J1": "Remanded to local authority accommodation or youth detention",
    "J2": "Placed in local authority accommodation under PACE",
    "J3": "Sentenced to a youth rehabilitation order with residence or fostering requirement",
    "L1": "Under police protection in local authority accommodation",
    "L2": "Emergency protection order (EPO)",
    "L3": "Child assessment order, accommodated",
    "V2": "Single period of accommodation under s20",
    "V3": "Accommodated under an agreed series of short-term breaks (individual placements)",
    "V4": "Accommodated under an agreed series of short-term breaks (multiple placements)",
    "CIN": "Child in need (s17)",
    "CP": "Child protection plan",
    "S47": "Section 47 enquiry open",
    "EH": "Open to early help",
    "ELIGIBLE": "Care leaver: eligible child",
    "RELEVANT": "Care leaver: relevant child",
    "FORMER_RELEVANT": "Care leaver: former relevant child",
    "QUALIFYING": "Care leaver: qualifying child",
}

#: Statuses under which a child is looked after (in care).
LOOKED_AFTER = frozenset({"C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2"})

FLAGS: dict[str, str] = {
    "in_care_proceedings": "In care proceedings",
    "missing": "Young person missing",
    "placement_in_crisis": "Placement in crisis",
    "s47_ongoing": "Section 47 enquiry ongoing",
    "adopted": "Adopted child",
    "adoption_plan": "Plan is adoption",
    "early_permanence": "Early permanence identified as a parallel plan",
    "placed_with_parent": "Placed at home with parent",
    "consent_early_help": "Family consents to early help",
    "homeless_16_17": "Homeless 16 or 17 year old",
    "remanded": "Remanded",
    "custodial_sentence": "Custodial sentence",
    "interim_safety_plan": "MASH interim safety plan in place (complex case)",
    "pre_proceedings": "Pre-proceedings (PLO)",
    "no_return_home": "No viable plan to return home",
    "reunification_plan": "Plan is reunification home",
    "statutory_visits_outstanding": "Statutory visits outstanding",
    "private_fostering": "Private fostering arrangement",
    "relinquished": "Relinquished child",
    "sen": "Special educational needs",
    "parental_consent": "Parents consent to the transfer",
}

EVENTS: dict[str, str] = {
    "contact": "Contact received",
    "referral": "Referral",
    "re_referral": "Re-referral",
    "mash_decision": "MASH decision",
    "strategy_discussion": "Strategy discussion",
    "s47_started": "Section 47 enquiry started",
    "s47_concluded": "Section 47 enquiry concluded",
    "assessment_started": "Assessment started",
    "assessment_completed": "Assessment completed",
    "cin_meeting": "Child in need meeting",
    "cin_review": "Child in need review",
    "icpc": "Initial child protection conference",
    "rcpc": "Review child protection conference",
    "core_group": "Core group",
    "cic_review": "Children in care review",
    "gateway_meeting": "Gateway meeting",
    "permanency_planning_meeting": "Permanency planning meeting",
    "legal_planning_meeting": "Legal planning meeting",
    "initial_hearing": "Initial hearing",
    "final_hearing_scheduled": "Final hearing date set",
    "final_hearing": "Final hearing",
    "order_made": "Order made",
    "statutory_visit": "Statutory visit",
    "accommodated": "Became looked after",
    "ceased_looked_after": "Ceased to be looked after",
    "step_down": "Stepped down",
    "step_up": "Stepped up",
    "closure": "Case closed",
    "allocation": "Allocated",
    "remand_start": "Remand began",
    "remand_end": "Remand ended",
    "transfer_agreed": "Transfer agreed",
    "transfer_completed": "Transfer completed",
    "co_working_started": "Co-working started",
    "joint_visit": "Joint visit",
    "audit_gap_recorded": "Checklist audit found gaps",
    "disagreement_raised": "Disagreement raised between teams",
    "meeting_scheduled": "Transfer or review meeting scheduled",
    "birth": "Birth",
}

FILE_ITEMS: dict[str, str] = {
    "chronology": "Chronology",
    "genogram": "Genogram",
    "assessment": "Assessment (single / C&F / children's)",
    "case_summary": "Case summary",
    "case_notes": "Case notes",
    "risk_assessment": "Risk assessment",
    "cin_plan": "Child in need plan",
    "cp_plan": "Child protection plan",
    "care_plan": "Care plan",
    "pathway_plan": "Pathway plan",
    "pep": "Personal education plan",
    "minutes": "Minutes of the last CIN meeting, core group or CiC review",
    "transfer_summary": "Transfer summary",
    "closure_summary": "Closure summary",
    "later_life_letter": "Later-life letter",
    "life_story_work": "Life-story work",
    "court_documents": "Court documents",
    "supervision_record": "Supervision and management decisions",
    "contact_arrangements": "Contact arrangements",
    "placement_with_parents_agreement": "Placement with parents agreement",
    "consent": "Signed consent",
    "health_education": "Health and education records",
}

#: Events that are never part of the child's record: escalation clocks hang off them, but they
#: show only in the managers' views, never on the case record or a printed pack (Cambridgeshire:
#: disagreements are not recorded on the child's file).
OFF_FILE_EVENTS = frozenset({"disagreement_raised"})
