"""Vocabularies read from the ISO settings."""

from plone.registry.interfaces import IRegistry
from zope.component import queryUtility
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


@provider(IVocabularyFactory)
def analysis_methods(context):
    """The methods offered for a context analysis (record ``eiso.analysis_methods``)."""
    registry = queryUtility(IRegistry)
    methods = (registry.get("eiso.analysis_methods") if registry is not None else None) or ()
    unique = dict.fromkeys(method.strip() for method in methods if method.strip())
    return SimpleVocabulary([SimpleTerm(method, title=method) for method in unique])
