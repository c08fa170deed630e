"""1003 → 1004: planning — quality objectives with versions, risks and
opportunities, administrative-procedure guides (issue 5).

Each area adds what it needs here: its new catalog indexes to ``INDEXES``,
add-on profiles it depends on to ``ADDONS``, anything else as a small function
called from ``upgrade()``; the import steps below bring in the new types,
workflows, permissions, catalog entries and settings of the profile.
"""

from eiso import logger
from eiso.upgrades import import_profile
from eiso.upgrades import PROFILE
from plone import api


ADDONS = ()
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions")
# New catalog indexes, filled for the items already in the site.
INDEXES = ()
INDEXES += ("needs_review",)  # procedure guides flagged for review
# Risks and opportunities (issue 5 item 2): the register's filters and heat map.
INDEXES += ("risk_kind", "risk_likelihood", "risk_impact", "risk_score")


def install_procedure_guides(setup):
    """Procedure guides are versioned (CMFEditions policy of repositorytool.xml)."""
    setup.runImportStepFromProfile(PROFILE, "repositorytool", run_dependencies=False)


def upgrade(context):
    import_profile(STEPS, addons=ADDONS, indexes=INDEXES)
    install_procedure_guides(api.portal.get_tool("portal_setup"))
    logger.info("eiso 1004: planning (objectives, risks, procedure guides)")
