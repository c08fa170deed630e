"""1005 → 1006: evaluation and improvement (issue 6) — nonconformities, internal
audits, management reviews, customer feedback, improvements.

Each area adds what it needs here: its new catalog indexes to ``INDEXES``,
add-on profiles it depends on to ``ADDONS``, anything else as a small function
called from ``upgrade()``; the import steps below bring in the new types,
workflows, permissions, catalog entries and settings of the profile.
"""

from eiso import logger
from plone import api


PROFILE = "profile-eiso:default"
ADDONS = ()
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions")
# New catalog indexes, filled for the items already in the site.
INDEXES = ()
# Nonconformities: the source filter of the kiem-soat listing.
INDEXES += ("nc_source",)
# Improvements: no index of their own (the cai-tien listing filters on portal_type,
# review_state and year); typeinfo, workflow and rolemap bring their types in.


def upgrade(context):
    from eiso.controlpanel import IEisoSettings
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    setup = api.portal.get_tool("portal_setup")
    for addon in ADDONS:
        if setup.getLastVersionForProfile(addon) == "unknown":
            setup.runAllImportStepsFromProfile(addon)
    for step in STEPS:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    # Adds the new settings' records, keeps the values of the existing ones.
    getUtility(IRegistry).registerInterface(IEisoSettings, prefix="eiso")
    if INDEXES:
        api.portal.get_tool("portal_catalog").manage_reindexIndex(ids=list(INDEXES))
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    logger.info("eiso 1006: evaluation and improvement")
