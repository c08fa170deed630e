"""1000 → 1001: the case engine (issue 3).

New: the behavior ``eiso.assignment`` and the role ``CaseHandler``; the types
ContextAnalysis and QualityPolicy with ``eiso_approval_workflow``; catalog
indexes and columns of the inbox; the ISO settings (working days, reminders)
and their control panel; the inbox link; datagridfield for the tables.
"""

from eiso import logger
from plone import api


PROFILE = "profile-eiso:default"
DATAGRID = "profile-collective.z3cform.datagridfield:default"
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions", "viewlets")
INDEXES = ("responsible_users", "responsible_department", "due_date", "case_open",
           "case_participants", "year")


def upgrade(context):
    from eiso.controlpanel import IEisoSettings
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    setup = api.portal.get_tool("portal_setup")
    if setup.getLastVersionForProfile(DATAGRID) == "unknown":
        setup.runAllImportStepsFromProfile(DATAGRID)
    for step in STEPS:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    # Only our records: registry.xml as a whole would reset site settings.
    getUtility(IRegistry).registerInterface(IEisoSettings, prefix="eiso")
    catalog = api.portal.get_tool("portal_catalog")
    catalog.manage_reindexIndex(ids=list(INDEXES))
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    logger.info("eiso 1001: case engine installed")
