"""1006 → 1007: resources and reporting (issue 7) — staff profiles, one-stop-shop
statistics, conformity declarations, assessments by the superior agency, ISO reports.

Each area adds what it needs here: its new catalog indexes to ``INDEXES``,
add-on profiles it depends on to ``ADDONS``, anything else as a small function
called from ``upgrade()``; the import steps below bring in the new types,
workflows, permissions, catalog entries and settings of the profile.
"""

from eiso import logger
from eiso.upgrades import import_profile


ADDONS = ()
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions")
# New catalog indexes, filled for the items already in the site.
INDEXES = (
    "staff_user",  # staff profiles: one per account
    "staff_position",  # staff profiles: the nhan-su filter
    "case_finished",  # agency dashboard: the on-time chart
)


def upgrade(context):
    import_profile(STEPS, addons=ADDONS, indexes=INDEXES)
    _dashboard()
    logger.info("eiso 1007: resources and reporting")


def _dashboard():
    """Agency dashboard: the on-time chart reads the finished cases' new metadata."""
    from eiso.dashboard.upgrade import fill_finished_cases

    logger.info("eiso 1007: %s finished cases recataloged", fill_finished_cases())
