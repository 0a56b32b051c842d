"""England and Wales bank holidays, from the maintained ``holidays`` library.

England and Wales share one set of bank holidays (Scotland and Northern Ireland differ), so the
library's "GB"/"ENG" subdivision serves both. It includes substitute days ("Boxing Day
(observed)") and the one-off holidays already proclaimed (e.g. the State Funeral of Queen
Elizabeth II on 19 September 2022). A one-off holiday proclaimed after the installed version
was released is missing until the library is updated; a user can add it as a closure day.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from app.domain.calendar import WorkingCalendar

__all__ = ["EnglandAndWalesBankHolidays", "default_calendar"]


class EnglandAndWalesBankHolidays:
    """A ``HolidaySource`` for the bank holidays of England and Wales, with their names."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EnglandAndWalesBankHolidays()"

    def holidays_in(self, year: int) -> Mapping[date, str]:
        """The bank holidays of ``year`` mapped to their names (read-only, cached per year)."""
        return _bank_holidays(year)


@lru_cache(maxsize=512)
def _bank_holidays(year: int) -> Mapping[date, str]:
    """One year's England and Wales bank holidays; the library is slow enough to cache (and to
    import only when a date is first asked about: a sixth of a second of start-up)."""
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return MappingProxyType({day: str(name) for day, name in sorted(found.items())})


def default_calendar(closures: Iterable[date] = ()) -> WorkingCalendar:
    """A working calendar of England and Wales bank holidays plus local ``closures``."""
    return WorkingCalendar(EnglandAndWalesBankHolidays(), closures)
