"""Demo one-stop-shop statistics of the Sở Khoa học và Công nghệ: the twelve months
before this one, by the procedure fields of the demo (``eiso.procedures.demo_data``),
recorded by the ISO secretary. Two months have files resolved late (an office move in
March, a new online procedure in September). ``eiso.demo`` calls ``ensure_statistics``;
idempotent: a month already recorded is left alone.
"""

from eiso import logger
from eiso.content.fields import create_content
from eiso.content.service_statistics import period_taken
from eiso.content.service_statistics import PORTAL_TYPE
from eiso.procedures import demo_data
from eiso.procedures.demo import ensure_fields
from plone import api

import datetime


SECRETARY = "thuky"
# Files received per month in each field (the months vary around these).
VOLUMES = (42, 9, 5, 27)
# Month of the year → files resolved late in each field.
LATE = {3: (3, 1, 0, 2), 9: (1, 0, 1, 0)}


def last_twelve_months(today=None):
    today = today or datetime.date.today()
    year, month = today.year, today.month
    months = []
    for _ in range(12):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append((year, month))
    return list(reversed(months))


def figures(month, fields=demo_data.FIELDS, volumes=VOLUMES, late_months=None):
    """The rows of a month: the same every time (no randomness). ``fields``, ``volumes``
    and ``late_months`` (as ``LATE``) are this agency's by default."""
    late_months = LATE if late_months is None else late_months
    rows = []
    for index, (field, volume) in enumerate(zip(fields, volumes)):
        received = volume + (month * (index + 3)) % 7 - 3
        late = late_months.get(month, (0,) * len(fields))[index]
        pending = (month + index) % 4
        on_time = max(received - late - pending + (month + index) % 3, 0)
        rows.append({"field": field, "received": received, "on_time": on_time,
                     "late": late, "pending": pending})
    return rows


def ensure_statistics(agency, secretary=SECRETARY, fields=demo_data.FIELDS, volumes=VOLUMES,
                      late_months=None):
    """The twelve months before this one; the keyword arguments as ``figures``'s, and
    the account recording them (this agency's by default)."""
    ensure_fields(fields)
    section = agency["thu-tuc"]
    created = 0
    with api.env.adopt_user(username=secretary):
        for year, month in last_twelve_months():
            if period_taken(section, year, month) is not None:
                continue
            create_content(section, PORTAL_TYPE, name=f"{year}-{month:02d}",
                           year=year, month=month,
                           rows=figures(month, fields, volumes, late_months))
            created += 1
    if created:
        logger.info("eiso demo: %s months of one-stop-shop statistics", created)
