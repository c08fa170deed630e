"""1001 → 1002: documents, records, legal texts and Vietnamese search (issue 4).

Each area adds what it needs here: its new catalog indexes to ``INDEXES``,
add-on profiles it depends on to ``ADDONS``; the import steps below bring in
the new types, workflows, permissions and catalog entries of the profile.
"""

from eiso import logger
from eiso.upgrades import import_profile
from eiso.upgrades import PROFILE
from plone import api


# Add-on profiles the new features depend on, installed when missing.
ADDONS = ()
# Revisions through working copies, comments while drafting (eiso.documents.revision).
ADDONS += ("profile-plone.app.iterate:default", "profile-plone.app.discussion:default")
STEPS = ("typeinfo", "workflow", "rolemap", "catalog", "controlpanel", "actions", "viewlets")
# New catalog indexes, filled for the items already in the site.
INDEXES = ("department", "iso_clauses", "document_level")
INDEXES += ("agency",)  # search facet (eiso.search)
INDEXES += ("disposal_due", "record_uids")  # records (eiso.content.record)
# Controlled documents: the listing of tai-lieu filters by kind and review date.
INDEXES += ("document_kind", "review_date", "code_key")
# External legal documents
INDEXES += ("legal_kind", "issuer", "field", "signed_date")
INDEXES += ("record_kind",)  # records listing filter


def upgrade(context):
    import_profile(STEPS, addons=ADDONS, indexes=INDEXES)
    mark_records_sections()
    install_revisions()
    # Last: rebuilds the text indexes of everything above.
    install_search()
    logger.info("eiso 1002: documents, records, legal texts, search")


def mark_records_sections():
    """The existing agencies' ``ho-so`` sections get the records listing."""
    from eiso.content.record import mark_records_section

    for brain in api.content.find(portal_type="Section", id="ho-so", unrestricted=True):
        mark_records_section(brain._unrestrictedGetObject())


def install_revisions():
    """Controlled documents are versioned once per issue (repositorytool.xml) and
    compared field by field (diff_tool.xml)."""
    setup = api.portal.get_tool("portal_setup")
    for step in ("repositorytool", "difftool"):
        setup.runImportStepFromProfile(PROFILE, step, run_dependencies=False)


def install_search():
    """Vietnamese search: the accent-folding normaliser in plone_lexicon (then
    SearchableText, Title and Description are rebuilt, progress in the log) and
    the PDF/DOCX text transforms (files already uploaded are reindexed)."""
    from eiso.search.install import install_search as install

    install()
