"""Vietnamese working days: Monday to Friday, except public holidays.

The public holidays, and the weekend days the government turns into working
days to bridge a holiday (make-up days), come from the ``holidays`` package.
An administrator adds more of both in the ISO settings control panel: the
registry records ``eiso.extra_holidays`` and ``eiso.makeup_days``, one
``dd/mm/yyyy note`` per line. An added holiday wins over everything; a make-up
day is a working day even on a weekend or a package holiday.

Each module-level function reads the registry once. Code that asks about many
dates (a listing, the reminder run) takes :func:`calendar` once and calls its
methods. Dates are ``datetime.date``; ``datetime`` and Zope ``DateTime`` are
accepted too.
"""

from datetime import date
from datetime import datetime
from datetime import timedelta
from eiso import _
from eiso import logger
from functools import cache
from functools import lru_cache
from plone.registry.interfaces import IRegistry
from zope.component import queryUtility

import holidays
import re


HOLIDAYS_RECORD = "eiso.extra_holidays"
MAKEUP_DAYS_RECORD = "eiso.makeup_days"
LINE_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(.*?))?\s*$")
SATURDAY = 5
ONE_DAY = timedelta(days=1)


def parse_line(line):
    """``"02/01/2026 Nghỉ bù"`` → ``(date(2026, 1, 2), "Nghỉ bù")``.

    Raises ValueError when the line does not start with a valid dd/mm/yyyy date.
    """
    match = LINE_RE.match(line or "")
    if match is None:
        raise ValueError(f"not a dd/mm/yyyy line: {line!r}")
    day, month, year, note = match.groups()
    return date(int(year), int(month), int(day)), note or ""


def _parse_lines(lines):
    """{date: note} of the non-blank lines; bad lines (set around the form) are skipped."""
    days = {}
    for line in lines:
        if not line.strip():
            continue
        try:
            day, note = parse_line(line)
        except ValueError:
            logger.warning("Ignoring a bad line in the ISO settings: %r", line)
            continue
        days[day] = note
    return days


def as_date(day):
    if isinstance(day, datetime):
        return day.date()
    if isinstance(day, date):
        return day
    return day.asdatetime().date()  # Zope DateTime


def _weekdays_through(day):
    """Mondays to Fridays from 1 January of year 1 (a Monday) to ``day`` included."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


@cache
def _package_year(year):
    """The package's holidays {date: name} and make-up days of one year."""
    # With the neighbouring years: a make-up day may fall in the year before its holiday.
    calendar = holidays.Vietnam(years=range(year - 1, year + 2), language="vi")
    return (
        {day: name for day, name in calendar.items() if day.year == year},
        frozenset(day for day in calendar.weekend_workdays if day.year == year),
    )


class Calendar:
    """The package's calendar plus the administrator's holidays and make-up days."""

    def __init__(self, extra_holidays=(), makeup_days=()):
        self.extra_holidays = _parse_lines(extra_holidays)
        self.makeup_days = _parse_lines(makeup_days)

    def is_working_day(self, day):
        day = as_date(day)
        if day in self.extra_holidays:
            return False
        package_holidays, package_makeup_days = _package_year(day.year)
        if day in self.makeup_days or day in package_makeup_days:
            return True
        return day.weekday() < SATURDAY and day not in package_holidays

    def holiday_name(self, day):
        """The name of the holiday on ``day``, None if there is none."""
        day = as_date(day)
        package_name = _package_year(day.year)[0].get(day)
        if day in self.extra_holidays:
            return self.extra_holidays[day] or package_name or _("Day off")
        return package_name

    def add_working_days(self, start, days):
        """The ``days``-th working day after ``start`` (before it when negative).

        ``start`` itself is not counted; for 0 it is ``start`` if that is a
        working day, else the next working day.
        """
        day = as_date(start)
        if days == 0:
            while not self.is_working_day(day):
                day += ONE_DAY
            return day
        step = ONE_DAY if days > 0 else -ONE_DAY
        remaining = abs(days)
        while remaining:
            day += step
            remaining -= self.is_working_day(day)
        return day

    def working_days_between(self, start, end):
        """The number of working days d with start < d <= end; negative when end < start."""
        start, end = as_date(start), as_date(end)
        if end < start:
            return -self.working_days_between(end, start)
        # Count Mondays to Fridays, then correct for the days that are exceptions.
        count = _weekdays_through(end) - _weekdays_through(start)
        exceptions = set(self.extra_holidays) | set(self.makeup_days)
        for year in range(start.year, end.year + 1):
            exceptions.update(*_package_year(year))
        for day in exceptions:
            if start < day <= end:
                count += self.is_working_day(day) - (day.weekday() < SATURDAY)
        return count

    def holidays(self, year):
        """[(date, name)] of the days off of ``year`` besides the weekends' plain ones."""
        names = dict(_package_year(year)[0])
        names.update((day, self.holiday_name(day)) for day in self.extra_holidays if day.year == year)
        return [(day, names[day]) for day in sorted(names) if not self.is_working_day(day)]

    def working_weekend_days(self, year):
        """[(date, note)] of the Saturdays and Sundays of ``year`` that are working days."""
        notes = dict.fromkeys(_package_year(year)[1], "")
        notes.update((day, note) for day, note in self.makeup_days.items() if day.year == year)
        return [
            (day, notes[day])
            for day in sorted(notes)
            if day.weekday() >= SATURDAY and self.is_working_day(day)
        ]


@lru_cache(maxsize=16)
def _calendar(extra_holidays, makeup_days):
    return Calendar(extra_holidays, makeup_days)


def calendar():
    """The calendar in force now (the registry is read on every call)."""
    registry = queryUtility(IRegistry)
    if registry is None:
        return _calendar((), ())
    return _calendar(
        tuple(registry.get(HOLIDAYS_RECORD) or ()),
        tuple(registry.get(MAKEUP_DAYS_RECORD) or ()),
    )


def is_working_day(day):
    return calendar().is_working_day(day)


def add_working_days(start, days):
    return calendar().add_working_days(start, days)


def working_days_between(start, end):
    return calendar().working_days_between(start, end)


def holiday_name(day):
    return calendar().holiday_name(day)
