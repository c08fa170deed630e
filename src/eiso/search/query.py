"""Typed values of our integer catalog indexes in queries read from a query string.

A FieldIndex holds values of any type, so plone.restapi's query parser passes a
FieldIndex's query through as it came; from a query string that is text, and
``@search?year=2019`` would look for the text "2019" in an index of numbers and
find nothing. This parser, more specific (our browser layer), makes the values of
the indexes in INTEGER_INDEXES whole numbers, and answers 400 for one that is not.
"""

from eiso import _
from eiso.interfaces import IEisoLayer
from plone.restapi.interfaces import IIndexQueryParser
from plone.restapi.search.query import FieldIndexQueryParser
from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex
from zExceptions import BadRequest
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.interface import Interface


# FieldIndexes of catalog.xml whose indexed values are ints.
INTEGER_INDEXES = frozenset({"year"})
# Risks and opportunities: the rating 1–5 and the score 1–25.
INTEGER_INDEXES |= {"risk_likelihood", "risk_impact", "risk_score"}


@implementer(IIndexQueryParser)
@adapter(FieldIndex, Interface, IEisoLayer)
class IntegerFieldIndexQueryParser(FieldIndexQueryParser):
    """plone.restapi's FieldIndex parser, with ints for the INTEGER_INDEXES."""

    def parse_query_value(self, query_value):
        name = self.index.getId()
        if name not in INTEGER_INDEXES or query_value in ("", None):
            return super().parse_query_value(query_value)
        try:
            return int(query_value)
        except (TypeError, ValueError):
            raise BadRequest(translate(
                _("${name} must be a whole number.", mapping={"name": name}),
                context=self.request))
