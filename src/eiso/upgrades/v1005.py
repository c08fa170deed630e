"""1004 → 1005: planning, second part (issue 5) — risk treatment actions, each
with its owner and due date on the case engine.

Each change adds what it needs here: catalog indexes to ``INDEXES``, anything
else as a small function called from ``upgrade()``.
"""

from eiso import logger
from plone import api


PROFILE = "profile-eiso:default"
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions")
# New catalog indexes, filled for the items already in the site.
INDEXES = ()


def upgrade(context):
    setup = api.portal.get_tool("portal_setup")
    for step in STEPS:
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)
    if INDEXES:
        api.portal.get_tool("portal_catalog").manage_reindexIndex(ids=list(INDEXES))
    api.portal.get_tool("portal_workflow").updateRoleMappings()
    logger.info("eiso 1005: planning, second part (risk treatment actions)")
