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


def _lines_vocabulary(record):
    """The non-blank lines of a list record, each once: value = title = the line.

    Tokens are ASCII ("Quyết định" → "quyet-dinh"), so forms and URLs stay readable.
    """
    from plone.i18n.normalizer.interfaces import IIDNormalizer
    from zope.component import getUtility

    registry = queryUtility(IRegistry)
    lines = (registry.get(record) if registry is not None else None) or ()
    unique = dict.fromkeys(line.strip() for line in lines if line and line.strip())
    normalizer = getUtility(IIDNormalizer)
    terms = []
    tokens = set()
    for line in unique:
        token = base = normalizer.normalize(line, max_length=200) or "item"
        number = 1
        while token in tokens:
            number += 1
            token = f"{base}-{number}"
        tokens.add(token)
        terms.append(SimpleTerm(line, token=token, title=line))
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def legal_kinds(context):
    """Kinds of external legal documents (record ``eiso.legal_kinds``)."""
    return _lines_vocabulary("eiso.legal_kinds")


@provider(IVocabularyFactory)
def fields(context):
    """Fields (lĩnh vực) of legal documents and procedure guides (record ``eiso.fields``)."""
    return _lines_vocabulary("eiso.fields")
