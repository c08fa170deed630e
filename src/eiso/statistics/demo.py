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


def figures(month):
    """The rows of a month: the same every time (no randomness)."""
    rows = []
    for index, (field, volume) in enumerate(zip(demo_data.FIELDS, VOLUMES)):
        received = volume + (month * (index + 3)) % 7 - 3
        late = LATE.get(month, (0, 0, 0, 0))[index]
        pending = (month + index) % 4
        on_time = max(received - late - pending + (month + index) % 3, 0)
        rows.append({"field": field, "received": received, "on_time": on_time,
                     "late": late, "pending": pending})
    return rows


def ensure_statistics(agency):
    ensure_fields()
    section = agency["thu-tuc"]
    created = 0
    with api.env.adopt_user(username=SECRETARY):
        for year, month in last_twelve_months():
            if period_taken(section, year, month) is not None:
                continue
            create_content(section, PORTAL_TYPE, name=f"{year}-{month:02d}",
                           year=year, month=month, rows=figures(month))
            created += 1
    if created:
        logger.info("eiso demo: %s months of one-stop-shop statistics", created)
