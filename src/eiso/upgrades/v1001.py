"""1000 → 1001: the case engine (issue 3).

New: the behavior ``eiso.assignment`` and the role ``CaseHandler``; the types
ContextAnalysis and QualityPolicy with ``eiso_approval_workflow``; catalog
indexes and columns of the inbox; the ISO settings (working days, reminders)
and their control panel; the inbox link; datagridfield for the tables.
"""

from eiso import logger
from eiso.upgrades import import_profile


DATAGRID = "profile-collective.z3cform.datagridfield:default"
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions", "viewlets")
INDEXES = ("responsible_users", "responsible_department", "due_date", "case_open",
           "case_participants", "year")


def upgrade(context):
    import_profile(STEPS, addons=(DATAGRID,), indexes=INDEXES)
    logger.info("eiso 1001: case engine installed")
