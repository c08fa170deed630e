"""Upgrade steps of the eiso:default profile; one module per step from 1001 on."""

from plone import api


PROFILE = "profile-eiso:default"


def import_profile(steps, addons=(), indexes=()):
    """What most steps start with: bring the profile's new parts into an existing site.

    Installs the add-on profiles in ``addons`` that the site lacks, runs the import
    ``steps`` of eiso:default, adds the new ``eiso.*`` settings records (keeping the
    values of the existing ones: registry.xml as a whole would reset site settings),
    fills the new catalog ``indexes`` for the items already there and applies the
    workflows' new permission maps.
    """
    from eiso.controlpanel import IEisoSettings
    from plone.registry.interfaces import IRegistry
    from zope.component import getUtility

    setup = api.portal.get_tool("portal_setup")
    for addon in addons:
        if setup.getLastVersionForProfile(addon) == "unknown":
            setup.runAllImportStepsFromProfile(addon)
    for step in steps:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    getUtility(IRegistry).registerInterface(IEisoSettings, prefix="eiso")
    if indexes:
        api.portal.get_tool("portal_catalog").manage_reindexIndex(ids=list(indexes))
    api.portal.get_tool("portal_workflow").updateRoleMappings()
