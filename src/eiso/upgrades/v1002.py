"""1001 → 1002: documents, records, legal texts and Vietnamese search (issue 4).

Each area adds what it needs here: its new catalog indexes to ``INDEXES``,
add-on profiles it depends on to ``ADDONS``; the import steps below bring in
the new types, workflows, permissions and catalog entries of the profile.
"""

from eiso import logger
from plone import api


PROFILE = "profile-eiso:default"
# Add-on profiles the new features depend on, installed when missing.
ADDONS = ()
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions", "viewlets")
# New catalog indexes, filled for the items already in the site.
INDEXES = ("department", "iso_clauses", "document_level", "disposal_due", "record_uids",
           "record_kind")


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
    catalog = api.portal.get_tool("portal_catalog")
    if INDEXES:
        catalog.manage_reindexIndex(ids=list(INDEXES))
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    mark_records_sections()
    logger.info("eiso 1002: documents, records, legal texts, search")


def mark_records_sections():
    """The existing agencies' ``ho-so`` sections get the records listing."""
    from eiso.content.record import mark_records_section

    for brain in api.content.find(portal_type="Section", id="ho-so", unrestricted=True):
        mark_records_section(brain._unrestrictedGetObject())
