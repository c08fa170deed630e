"""1004 → 1005: planning, second part (issue 5) — risk treatment actions, each
with its owner and due date on the case engine.

Each change adds what it needs here: catalog indexes to ``INDEXES``, anything
else as a small function called from ``upgrade()``.
"""

from Acquisition import aq_base
from eiso import logger
from eiso.upgrades import import_profile
from plone import api

import datetime


STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions")
# New catalog indexes, filled for the items already in the site.
INDEXES = ()


def upgrade(context):
    import_profile(STEPS, indexes=INDEXES)
    convert_risk_treatments()
    logger.info("eiso 1005: planning, second part (risk treatment actions)")


# -- risks: one owner and due date → an owner and a due date per action ------------

OLD_RISK_COLUMNS = ("treatment_owner", "treatment_due_date")
FINISHED = ("applied", "superseded")


def _last_transition_date(risk):
    history = api.portal.get_tool("portal_workflow").getInfoFor(risk, "review_history", [])
    if not history:
        return None
    return history[-1]["time"].asdatetime().date()


def treatment_rows(risk):
    """The rows of an old-shape risk: one per line of ``treatment_actions``.

    Each row gets the old ``treatment_owner`` (missing: the risk's creator) and
    ``treatment_due_date`` (missing: the risk's case deadline ``due_date``, else
    31 December of the risk's year). A risk with an owner or due date but no line gets
    one row named after its treatment. Actions of an applied or superseded risk were
    carried out: they are done on the date of its last transition.
    """
    from eiso.content.fields import in_site_language
    from eiso.content.risk import short_text
    from eiso import _

    base = aq_base(risk)
    old = getattr(base, "treatment_actions", None) or []
    lines = [line.strip() for line in old if isinstance(line, str) and line.strip()]
    owner = getattr(base, "treatment_owner", None)
    due = getattr(base, "treatment_due_date", None)
    if not lines and (owner or due):
        lines = [short_text(getattr(base, "treatment", None), 200)
                 or in_site_language(_("Treatment"))]
    if not lines:
        return []
    owner = owner or risk.Creator()
    if due is None:
        due = getattr(base, "due_date", None)
        if isinstance(due, datetime.datetime):
            due = due.date()
    if due is None:
        year = getattr(base, "year", None) or datetime.date.today().year
        due = datetime.date(year, 12, 31)
    done = None
    if api.content.get_state(risk, default=None) in FINISHED:
        done = _last_transition_date(risk)
    return [{"action": line, "owner": owner, "due_date": due, "done": done, "result": None}
            for line in lines]


def convert_risk_treatments():
    """Risks of release 1004 → the table of actions; the old attributes are deleted."""
    catalog = api.portal.get_tool("portal_catalog")
    for column in OLD_RISK_COLUMNS:
        if column in catalog.schema():
            catalog.delColumn(column)
    count = 0
    for brain in catalog.unrestrictedSearchResults(portal_type="Risk"):
        risk = brain._unrestrictedGetObject()
        base = aq_base(risk)
        old = getattr(base, "treatment_actions", None) or []
        old_shape = any(isinstance(row, str) for row in old) or any(
            name in base.__dict__ for name in OLD_RISK_COLUMNS)
        if old_shape:
            risk.treatment_actions = treatment_rows(risk)
            for name in OLD_RISK_COLUMNS:
                if name in base.__dict__:
                    delattr(base, name)
            count += 1
        risk.reindexObject()
    logger.info("eiso 1005: %s risks converted to treatment actions with owners", count)
