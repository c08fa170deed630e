"""Catalog metadata the ISO report reads instead of waking items.

The report counts nonconformities opened, closed and still open, customer
feedback received and handled, and internal audits done in a period; each needs
the days the item entered its states. ``workflow_days`` keeps them on the brain
(``((date, state), ...)``, oldest first, as ``eiso.reporting.indicators.history``
gives them), so the province overview reads one brain per item instead of
loading every item of every agency. Workflow transitions reindex the item, and
Plone updates the metadata with every reindex.
"""

from eiso.content.feedback import ICustomerFeedbackSchema
from eiso.content.internal_audit import IInternalAuditSchema
from eiso.content.nonconformity import INonconformitySchema
from plone.indexer import indexer


def workflow_days(obj):
    from eiso.reporting.indicators import history  # indicators imports the content types

    return tuple(history(obj))


# One function, one named adapter per type that has these histories.
nonconformity_workflow_days = indexer(INonconformitySchema)(workflow_days)
feedback_workflow_days = indexer(ICustomerFeedbackSchema)(workflow_days)
audit_workflow_days = indexer(IInternalAuditSchema)(workflow_days)
