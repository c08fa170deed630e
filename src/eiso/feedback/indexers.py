"""Catalog indexers of customer feedback: the listing of ``kiem-soat`` reads brains only."""

from eiso.content.feedback import ICustomerFeedbackSchema
from plone.indexer import indexer


@indexer(ICustomerFeedbackSchema)
def feedback_channel(item):
    return item.channel
