"""1006 → 1007: resources and reporting (issue 7) — staff profiles, one-stop-shop
statistics, conformity declarations, assessments by the superior agency, ISO reports.

Each area adds what it needs here: its new catalog indexes to ``INDEXES``,
add-on profiles it depends on to ``ADDONS``, anything else as a small function
called from ``upgrade()``; the import steps below bring in the new types,
workflows, permissions, catalog entries and settings of the profile.
"""

from eiso import logger
from eiso.upgrades import import_profile
from plone import api


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
    _login_limit()
    logger.info("eiso 1007: resources and reporting")


def _dashboard():
    """Agency dashboard: the on-time chart reads the finished cases' new metadata."""
    from eiso.dashboard.upgrade import fill_finished_cases

    logger.info("eiso 1007: %s finished cases recataloged", fill_finished_cases())


def _login_limit():
    """Security (issue 8): a pause after too many failed logins. The settings
    eiso.upload_max_mb, eiso.login_max_attempts and eiso.login_lock_minutes come
    with the other new eiso.* records (import_profile)."""
    from eiso.security.login_limit import install_login_limit

    install_login_limit(api.portal.get())
    logger.info("eiso 1007: failed-login limit installed")
