"""Working days: Monday to Friday, less bank holidays and local closure days.

The calendar works on proleptic Gregorian ordinals (``date.toordinal()``, where ordinal 1 is
Monday 1 January of year 1), so a span of any length is whole-week arithmetic plus a binary
search over the sorted non-working weekdays, never a day-by-day walk.

Counting convention: a count travels from a start date to an end date, leaves the start out and
takes the end in. Forwards that is the half-open span (a, b]; backwards it is [b, a). So "1
working day before Saturday" is the Friday, just as "1 working day after Saturday" is the
Monday, and ``working_days_between(d, add_working_days(d, n)) == n`` for every d and n.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

__all__ = ["LOCAL_CLOSURE_DAY", "HolidaySource", "WorkingCalendar"]

#: The reason given for a day the user marked as a local closure (e.g. a council closure day).
LOCAL_CLOSURE_DAY = "local closure day"

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MAX_ORDINAL = date.max.toordinal()


class HolidaySource(Protocol):
    """Where public holidays come from: each holiday of one calendar year, with its name."""

    def holidays_in(self, year: int) -> Mapping[date, str]:
        """The holidays falling in ``year``, mapped to their names (weekend ones included)."""
        ...


def _weekday_of(ordinal: int) -> int:
    """Monday is 0 and Sunday 6, as in ``date.weekday()``."""
    return (ordinal + 6) % 7


def _weekdays_up_to(ordinal: int) -> int:
    """How many Mondays-to-Fridays fall on ordinals 1..ordinal (0 for ordinal 0)."""
    weeks, rest = divmod(ordinal, 7)
    return 5 * weeks + min(rest, 5)


def _weekday_numbered(index: int) -> int:
    """The ordinal of the weekday at which ``_weekdays_up_to`` first reaches ``index``."""
    weeks, rest = divmod(index - 1, 5)
    return 7 * weeks + rest + 1


@dataclass(frozen=True, slots=True)
class _Span:
    """Holidays and closures loaded for the whole years first_year..last_year.

    Replaced as a whole when more years are needed, so a reader never sees half an update.
    """

    first_year: int
    last_year: int
    start: int  # ordinal of 1 January of first_year
    end: int  # ordinal of 31 December of last_year
    off_weekdays: tuple[int, ...]  # sorted ordinals of Mondays-to-Fridays that are not worked
    off_set: frozenset[int]
    names: Mapping[int, str]  # holiday names by ordinal, weekend holidays included

    def covers(self, first: int, last: int) -> bool:
        """Whether every ordinal from ``first`` to ``last`` lies inside the loaded years."""
        return self.start <= first and last <= self.end

    def working_days_in(self, after: int, upto: int) -> int:
        """Working days among the ordinals after+1..upto (the span must cover them)."""
        off = self.off_weekdays
        weekdays = _weekdays_up_to(upto) - _weekdays_up_to(after)
        return weekdays - (bisect_right(off, upto) - bisect_right(off, after))


_NOTHING_LOADED = _Span(0, -1, 1, 0, (), frozenset(), {})


class WorkingCalendar:
    """Which days are working days, and arithmetic on them.

    A working day is Monday to Friday, not a holiday of ``holidays`` and not one of the local
    ``closures``. The calendar is immutable from the outside and cheap to build: holidays are
    fetched from the source one year at a time, on first use, and kept.
    """

    __slots__ = ("_closure_ordinals", "_holidays", "_lock", "_span")

    def __init__(
        self, holidays: HolidaySource | None = None, closures: Iterable[date] = ()
    ) -> None:
        """Build a calendar from a holiday source (None: weekends only) and local closure days."""
        self._holidays = holidays
        self._closure_ordinals = frozenset(day.toordinal() for day in closures)
        self._span = _NOTHING_LOADED
        # Only loading more years takes the lock; reads use whichever _Span is current.
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"WorkingCalendar(holidays={self._holidays!r}, closures={sorted(self.closures)!r})"

    @property
    def holiday_source(self) -> HolidaySource | None:
        """The source of public holidays, if any."""
        return self._holidays

    @property
    def closures(self) -> frozenset[date]:
        """The local closure days."""
        return frozenset(date.fromordinal(o) for o in self._closure_ordinals)

    def with_closures(self, closures: Iterable[date]) -> WorkingCalendar:
        """A new calendar with the same holiday source and these closure days instead."""
        return WorkingCalendar(self._holidays, closures)

    def is_working_day(self, d: date) -> bool:
        """Whether ``d`` is Monday to Friday, not a holiday and not a local closure day."""
        ordinal = d.toordinal()
        if _weekday_of(ordinal) >= 5:
            return False
        return ordinal not in self._covering(ordinal, ordinal).off_set

    def non_working_reason(self, d: date) -> str | None:
        """Why ``d`` is not a working day, or None if it is one.

        A holiday's name comes first (a Saturday Boxing Day reads "Boxing Day"), then a local
        closure, then the weekday name ("Saturday", "Sunday").
        """
        ordinal = d.toordinal()
        name = self._covering(ordinal, ordinal).names.get(ordinal)
        if name is not None:
            return name
        if ordinal in self._closure_ordinals:
            return LOCAL_CLOSURE_DAY
        weekday = _weekday_of(ordinal)
        return _WEEKDAY_NAMES[weekday] if weekday >= 5 else None

    def add_working_days(self, d: date, n: int) -> date:
        """The date ``n`` working days after ``d`` (before it when n < 0).

        ``d`` itself is never counted, so the result is the n-th working day strictly after
        (or before) ``d``, and always a working day when n != 0. n == 0 returns ``d``.
        """
        if n == 0:
            return d
        ordinal = d.toordinal()
        if n > 0:
            return date.fromordinal(self._forwards(ordinal, n))
        return date.fromordinal(self._backwards(ordinal, -n))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days travelled from ``a`` to ``b``: the start is left out, the end taken in.

        When b > a this counts the working days in (a, b]; when b < a it is minus the count in
        [b, a); 0 when they are equal. Thus ``working_days_between(d, add_working_days(d, n))``
        is n for every d and n. Swapping the ends negates the count whenever both are working
        days; a non-working end can make the two directions differ by one.
        """
        first, last = a.toordinal(), b.toordinal()
        if last > first:
            return self._covering(first, last).working_days_in(first, last)
        if last < first:
            return -self._covering(last, first).working_days_in(last - 1, first - 1)
        return 0

    def _forwards(self, start: int, n: int) -> int:
        """The ordinal of the n-th (n > 0) working day after ``start``."""
        # The answer is the (n + h)-th weekday after start, where h counts the non-working
        # weekdays passed on the way. Guess h = 0 and raise it until the guess stops moving;
        # each guess only moves forwards, so this never overshoots. The hot path for
        # due dates: kept free of helper calls.
        span = self._span
        off = span.off_weekdays
        base = bisect_right(off, start)
        first_index = _weekdays_up_to(start) + n
        passed = 0
        while True:
            found = _weekday_numbered(first_index + passed)
            if not (span.start <= start and found <= span.end):
                span = self._extend(start, found)
                off = span.off_weekdays
                base = bisect_right(off, start)
            now_passed = bisect_right(off, found) - base
            if now_passed == passed:
                return found
            passed = now_passed

    def _backwards(self, start: int, n: int) -> int:
        """The ordinal of the n-th (n > 0) working day before ``start``."""
        # Mirror image of _forwards, counting weekdays in [found, start).
        span = self._span
        off = span.off_weekdays
        top = bisect_right(off, start - 1)
        last_index = _weekdays_up_to(start - 1) - n + 1
        passed = 0
        while True:
            found = _weekday_numbered(last_index - passed)
            if not (span.start <= found and start <= span.end):
                span = self._extend(found, start)
                off = span.off_weekdays
                top = bisect_right(off, start - 1)
            now_passed = top - bisect_right(off, found - 1)
            if now_passed == passed:
                return found
            passed = now_passed

    def _covering(self, first: int, last: int) -> _Span:
        """The loaded span, extended if needed to take in ordinals ``first``..``last``."""
        span = self._span
        if span.covers(first, last):
            return span
        return self._extend(first, last)

    def _extend(self, first: int, last: int) -> _Span:
        """Load whole years until the span covers ``first``..``last``."""
        if first < 1 or last > _MAX_ORDINAL:
            raise OverflowError("date value out of range")
        with self._lock:
            span = self._span
            if span.covers(first, last):
                return span
            first_year = date.fromordinal(first).year
            last_year = date.fromordinal(last).year
            if span is not _NOTHING_LOADED:
                first_year = min(first_year, span.first_year)
                last_year = max(last_year, span.last_year)
            names = dict(span.names)
            off = set(span.off_weekdays)
            for year in range(first_year, last_year + 1):
                if not span.first_year <= year <= span.last_year:
                    self._load_year(year, names, off)
            span = _Span(
                first_year=first_year,
                last_year=last_year,
                start=date(first_year, 1, 1).toordinal(),
                end=date(last_year, 12, 31).toordinal(),
                off_weekdays=tuple(sorted(off)),
                off_set=frozenset(off),
                names=names,
            )
            self._span = span
            return span

    def _load_year(self, year: int, names: dict[int, str], off: set[int]) -> None:
        """Add one year's holidays and closures to ``names`` and ``off``."""
        start, end = date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
        in_year: set[int] = {o for o in self._closure_ordinals if start <= o <= end}
        if self._holidays is not None:
            for day, name in self._holidays.holidays_in(year).items():
                # A source may stray outside the year asked for; the span must stay exact.
                if day.year == year:
                    names[day.toordinal()] = name
                    in_year.add(day.toordinal())
        # Weekend holidays are already off as weekends: keeping them out avoids counting twice.
        off.update(o for o in in_year if _weekday_of(o) < 5)
