"""The shape of a policy pack: one authority's transfer procedure, as data.

Every item carries ``cite``, the section of the procedure it comes from, so a decision made by the
engine can always be traced back to the text. The classes are plain frozen dataclasses so the
domain stays free of any validation library; ``app.policy`` validates the YAML files into them.
(``__pydantic_config__`` is a plain dict that the validator reads: unknown keys are refused.)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar, TypeVar

from app.domain.clocks import Unit

_STRICT: dict[str, Any] = {"extra": "forbid"}
_T = TypeVar("_T")


class PathwayKind(StrEnum):
    """What moving along a pathway does to case responsibility."""

    TRANSFER = "transfer"  # responsibility moves to the receiving team
    REFERRAL = "referral"  # not a direct transfer: a referral through another door (``via``)
    ADDITIONAL_RESOURCE = "additional_resource"  # another service joins; the lead stays put
    CLOSURE = "closure"  # the case closes to a partner-led or universal service


class Effect(StrEnum):
    BLOCK = "block"
    WARN = "warn"


class StepKind(StrEnum):
    DISCUSSION = "discussion"
    SIGN_OFF = "sign_off"
    CONSENT = "consent"
    JOINT_VISIT = "joint_visit"
    GOODBYE_VISIT = "goodbye_visit"
    CO_WORKING = "co_working"
    MEETING = "meeting"
    NOTIFICATION = "notification"
    ASSESSMENT = "assessment"
    RECORDING = "recording"
    REFERRAL = "referral"
    TASK = "task"


@dataclass(frozen=True)
class EventWithin:
    """True when an event of ``kind`` happened within ``amount`` ``unit`` before today."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    kind: str
    amount: int
    unit: Unit = Unit.MONTHS


@dataclass(frozen=True)
class Condition:
    """Who a pathway, rule, checklist item or timescale is for. Every field given must hold."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    age_at_least: float | None = None
    age_below: float | None = None
    unborn: bool | None = None
    disability: bool | None = None
    uasc: bool | None = None
    has_siblings: bool | None = None
    tiers_any: tuple[int, ...] = ()
    statuses_any: tuple[str, ...] = ()
    statuses_none: tuple[str, ...] = ()
    flags_any: tuple[str, ...] = ()
    flags_all: tuple[str, ...] = ()
    flags_none: tuple[str, ...] = ()
    team_in: tuple[str, ...] = ()
    events_any: tuple[str, ...] = ()
    events_none: tuple[str, ...] = ()
    event_within: tuple[EventWithin, ...] = ()
    event_not_within: tuple[EventWithin, ...] = ()
    reviews_at_least: int | None = None  # children in care reviews held
    any_of: tuple[Condition, ...] = ()
    none_of: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Remit:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    text: str = ""
    age_from: float | None = None
    age_to: float | None = None
    tiers: tuple[int, ...] = ()
    statuses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Team:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    name: str
    cite: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    remit: Remit = field(default_factory=Remit)
    areas: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    name: str
    cite: str = ""


@dataclass(frozen=True)
class Term:
    """A word a pack adds to the shared vocabulary (a flag, event, status or file item)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    label: str
    cite: str = ""


@dataclass(frozen=True)
class Vocabulary:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    flags: tuple[Term, ...] = ()
    events: tuple[Term, ...] = ()
    statuses: tuple[Term, ...] = ()
    file_items: tuple[Term, ...] = ()


@dataclass(frozen=True)
class Document:
    """A document that must travel with a case, optionally backed by a case-file item."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    name: str
    cite: str
    file_item: str | None = None


@dataclass(frozen=True)
class Override:
    """Who may let a transfer go ahead despite a rule or an incomplete checklist."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    roles: tuple[str, ...]
    all_required: bool = True
    text: str = ""
    cite: str = ""


@dataclass(frozen=True)
class ChecklistItem:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    text: str
    cite: str
    applies_when: Condition | None = None
    not_applicable_text: str = ""
    file_item: str | None = None  # the case-file item that evidences it, where there is one
    guidance: str = ""


@dataclass(frozen=True)
class Checklist:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    title: str
    cite: str
    items: tuple[ChecklistItem, ...]
    blocks_transfer: bool = True  # False where gaps must not stop a transfer (Cambridgeshire)
    gap_timescale: str | None = None  # the clock a gap starts (Northamptonshire: 10 working days)
    audited_by: str | None = None  # role
    receiving_check: bool = False  # a receiving-manager acceptance pass is required
    override: Override | None = None


@dataclass(frozen=True)
class Rule:
    """A principle that stops or warns against a transfer while its condition holds."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    title: str
    effect: Effect
    when: Condition
    cite: str
    message: str = ""
    applies_to: tuple[str, ...] = ()  # pathway ids; empty means every pathway of ``kinds``
    kinds: tuple[PathwayKind, ...] = (PathwayKind.TRANSFER,)
    except_from: tuple[str, ...] = ()  # team ids whose transfers the rule does not cover (MASH)
    except_pathways: tuple[str, ...] = ()
    override: Override | None = None


@dataclass(frozen=True)
class Timescale:
    """A clock: ``amount`` ``unit`` after (or before) an anchor event, with its reading."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    label: str
    amount: float
    unit: Unit
    anchor: str  # an event kind, or "birth"
    cite: str
    before: bool = False
    anchor_number: int | None = None  # anchor on that numbered event (the 2nd review), not the last
    applies_when: Condition | None = None
    pathways: tuple[str, ...] = ()  # empty: a case-wide clock; else only within these pathways
    reading: str = ""  # how an ambiguous text is read ("48 hours" as two working days …)
    kind: str = "deadline"  # deadline | notice | limit | age | review
    met_by: tuple[str, ...] = ()  # event kinds that, once recorded after the anchor, meet the clock


@dataclass(frozen=True)
class Step:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    kind: StepKind
    title: str
    cite: str
    who: tuple[str, ...] = ()  # role ids
    text: str = ""
    timescale: str | None = None
    optional: bool = False


@dataclass(frozen=True)
class TransferPoint:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    text: str
    cite: str
    events: tuple[str, ...] = ()  # the event kinds at which responsibility moves
    timescale: str | None = None


@dataclass(frozen=True)
class PathwayException:
    """A circumstance in which the pathway does not apply or the child stays where they are."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    text: str
    cite: str
    when: Condition | None = None
    effect: Effect = Effect.WARN
    route_to: str | None = None  # the pathway to take instead, where the text names one


@dataclass(frozen=True)
class Pathway:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    name: str
    from_teams: tuple[str, ...]
    to_teams: tuple[str, ...]
    cite: str
    kind: PathwayKind = PathwayKind.TRANSFER
    direction: str = ""  # step_up | step_down | step_across | front_door | ""
    via: str | None = None  # the team a referral goes through
    eligibility: Condition | None = None
    steps: tuple[Step, ...] = ()
    transfer_point: TransferPoint | None = None
    documents: tuple[str, ...] = ()
    checklist: str | None = None
    timescales: tuple[str, ...] = ()
    key_questions: bool = False
    exceptions: tuple[PathwayException, ...] = ()
    notes: str = ""


@dataclass(frozen=True)
class CaseToBring:
    """A reason a case must come to a meeting (s20 after the 1st review, a final hearing set)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    text: str
    cite: str
    when: Condition


@dataclass(frozen=True)
class Meeting:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    name: str
    cite: str
    cadence: str  # an RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=TU"
    chair: str | None = None
    attendees: tuple[str, ...] = ()
    agenda: tuple[str, ...] = ()
    horizon: str | None = None  # timescale id: how far ahead the meeting looks
    cutoff: str | None = None  # timescale id: last moment to add a case
    areas: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # what each case must bring
    pathways: tuple[str, ...] = ()  # the pathways whose cases come here
    brings: tuple[CaseToBring, ...] = ()
    minuted: bool = True
    text: str = ""


@dataclass(frozen=True)
class EscalationStep:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    to: tuple[str, ...]  # role ids
    timescale: str | None = None  # timescale id, anchored on the disagreement; None: no clock given
    text: str = ""


@dataclass(frozen=True)
class Escalation:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    cite: str
    ladder: tuple[EscalationStep, ...]
    responsibility: str = "The allocated team keeps case responsibility until it is resolved."
    record_on_child_file: bool = True


@dataclass(frozen=True)
class Statement:
    """A principle or key question, quoted with its section."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    text: str
    cite: str


@dataclass(frozen=True)
class Settings:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    closure_days: tuple[date, ...] = ()
    rereferral_window: str | None = None  # timescale id (three months in Northants and York)
    capacity_stops_transfer: bool = True


@dataclass(frozen=True)
class PackInfo:
    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    id: str
    version: str
    authority: str
    title: str
    issued: str
    source: str  # the seed file the pack implements
    summary: str = ""


@dataclass(frozen=True)
class Pack:
    """One authority's procedure. See ``docs/packs.md`` for the YAML it is read from."""

    __pydantic_config__: ClassVar[dict[str, Any]] = _STRICT
    pack: PackInfo
    teams: tuple[Team, ...]
    pathways: tuple[Pathway, ...]
    roles: tuple[Role, ...] = ()
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    settings: Settings = field(default_factory=Settings)
    principles: tuple[Statement, ...] = ()
    key_questions: tuple[Statement, ...] = ()
    documents: tuple[Document, ...] = ()
    checklists: tuple[Checklist, ...] = ()
    rules: tuple[Rule, ...] = ()
    timescales: tuple[Timescale, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    escalation: Escalation | None = None
    closure_tasks: str | None = None  # checklist id

    @property
    def id(self) -> str:
        return self.pack.id

    @property
    def version(self) -> str:
        return self.pack.version

    def team(self, team_id: str) -> Team:
        return _by_id(self.teams, team_id, "team")

    def pathway(self, pathway_id: str) -> Pathway:
        return _by_id(self.pathways, pathway_id, "pathway")

    def checklist(self, checklist_id: str) -> Checklist:
        return _by_id(self.checklists, checklist_id, "checklist")

    def timescale(self, timescale_id: str) -> Timescale:
        return _by_id(self.timescales, timescale_id, "timescale")

    def rule(self, rule_id: str) -> Rule:
        return _by_id(self.rules, rule_id, "rule")

    def role(self, role_id: str) -> Role:
        return _by_id(self.roles, role_id, "role")

    def document(self, document_id: str) -> Document:
        return _by_id(self.documents, document_id, "document")

    def meeting(self, meeting_id: str) -> Meeting:
        return _by_id(self.meetings, meeting_id, "meeting")


def _by_id(items: tuple[_T, ...], wanted: str, what: str) -> _T:
    for item in items:
        if getattr(item, "id", None) == wanted:
            return item
    raise KeyError(f"no {what} {wanted!r} in this pack")
