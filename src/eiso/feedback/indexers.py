"""Catalog indexers of customer feedback: the listing of ``kiem-soat`` reads brains only."""

from eiso.content.feedback import ICustomerFeedbackSchema
from eiso.feedback.public import IFeedbackForm
from plone.indexer import indexer


@indexer(ICustomerFeedbackSchema)
def feedback_channel(item):
    return item.channel


@indexer(IFeedbackForm)
def form_not_in_text_search(form):
    """The agencies' public forms are reached from the front page, not by text search
    (the search page and REST ``@search``): their words would list every agency's form
    in every member's results."""
    raise AttributeError("SearchableText")
