"""1005 → 1006: evaluation and improvement (issue 6) — nonconformities, internal
audits, management reviews, customer feedback, improvements.

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
INDEXES = ()
# Nonconformities: the source filter of the kiem-soat listing.
INDEXES += ("nc_source",)
# Improvements: no index of their own (the cai-tien listing filters on portal_type,
# review_state and year); typeinfo, workflow and rolemap bring their types in.
# Internal audits: no index of their own (the danh-gia listing filters on portal_type,
# review_state and year); typeinfo, workflow and rolemap bring the type and
# eiso_audit_workflow in, import_profile registers the record eiso.audit_criteria.
# Management reviews: no index of their own either (the danh-gia listing filters on
# portal_type, review_state and year); typeinfo, workflow and rolemap bring them in.

# Customer feedback: the channel filter of the kiem-soat listing; the public forms are
# EasyForms (collective.easyform), one per agency (feedback_forms below).
ADDONS += ("profile-collective.easyform:default",)
INDEXES += ("feedback_channel",)


def feedback_forms():
    """The public feedback form "Gửi ý kiến phản ánh" of each agency already there."""
    from eiso.feedback.public import ensure_feedback_form

    for brain in api.content.find(portal_type="Agency", unrestricted=True):
        ensure_feedback_form(brain._unrestrictedGetObject())


def upgrade(context):
    import_profile(STEPS, addons=ADDONS, indexes=INDEXES)
    feedback_forms()
    logger.info("eiso 1006: evaluation and improvement")
