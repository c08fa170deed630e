"""Accent and case folding of Vietnamese words for ``plone_lexicon``.

Plone's "Unicode Ignoring Accents Case Normalizer" only folds words whose first
letter is at most U+024F: a word starting with a letter of Latin Extended
Additional (U+1E00–U+1EFF: ứ, ổ, ủ, ấ, ệ, …) keeps its accents, so "ung dung"
misses "ứng dụng" and "uy ban" misses "Ủy ban". Our element replaces it in the
lexicon's pipeline and folds every word, in the index and in the query alike:

- lower case, NFD decomposition, combining marks dropped (tones and vowel marks),
  đ → d; other Latin letters through ``baseNormalize`` as Plone does;
- a run of "d" becomes one "d": "dd" is how Telex users type "đ", so "ddinh"
  and "dinh" both find "định" (Vietnamese spelling never doubles a d; foreign
  words like "address" become "adress" in the index and in the query alike).

Words of the scripts the splitter cuts into bigrams (CJK, Hangul, Thai) are
only lower-cased, as before.
"""

from eiso import logger
from functools import lru_cache
from plone.i18n.normalizer.base import baseNormalize
from Products.CMFPlone.UnicodeSplitter.config import rx_all
from Products.ZCatalog.ProgressHandler import ZLogHandler
from Products.ZCTextIndex.PipelineFactory import element_factory

import re
import unicodedata


GROUP = "Case Normalizer"
NAME = "Vietnamese Accent Folding Normalizer"
LEXICON = "plone_lexicon"

_MARKS = re.compile(r"[\u0300-\u036f]")
_DS = re.compile(r"d{2,}")
_LETTERS = str.maketrans({"đ": "d", "ð": "d"})


@lru_cache(maxsize=200_000)
def fold(word):
    """The form under which ``word`` is indexed and searched."""
    if not word:
        return word
    if rx_all.match(word[0]):
        return word.lower()
    folded = _MARKS.sub("", unicodedata.normalize("NFD", word.lower())).translate(_LETTERS)
    if not folded.isascii():
        folded = unicodedata.normalize("NFC", folded)
        if all(_latin(char) for char in folded):
            folded = baseNormalize(folded).lower() or folded
    return _DS.sub("d", folded)


def _latin(char):
    code = ord(char)
    return code <= 0x24F or 0x1E00 <= code <= 0x1EFF


def fold_text(text):
    """Every word of ``text`` folded, separators kept (for highlighting)."""
    return re.sub(r"\w+", lambda match: fold(match.group()), text)


class VietnameseNormalizer:
    """Pipeline element: folds accents and case of every word (see module doc)."""

    def process(self, words):
        result = []
        for word in words:
            if isinstance(word, bytes):
                word = word.decode("utf-8", "replace")
            result.append(fold(word))
        return result


try:
    element_factory.registerFactory(GROUP, NAME, VietnameseNormalizer)
except ValueError:  # registered already (module reloaded)
    pass


def installed(catalog):
    lexicon = getattr(catalog, LEXICON, None)
    return lexicon is not None and any(
        isinstance(element, VietnameseNormalizer) for element in lexicon._pipeline
    )


def text_indexes(catalog, lexicon_id=LEXICON):
    """Ids of the ZCTextIndexes whose words come from ``lexicon_id``."""
    return [
        index.getId()
        for index in catalog.getIndexObjects()
        if index.meta_type == "ZCTextIndex" and getattr(index, "lexicon_id", None) == lexicon_id
    ]


def install_vietnamese_lexicon(catalog):
    """Put our normaliser in ``plone_lexicon`` and precomputed BM25 weights
    (``eiso.search.ranking``) in its text indexes, and reindex what changed.

    Idempotent: returns False without touching anything when both are there.
    A new normaliser drops the old words with the lexicon (their ids would no
    longer match), so every index on the lexicon is rebuilt; otherwise only
    the indexes still on stock Okapi weights are. Progress is logged.
    """
    from eiso.search.ranking import use_precomputed
    from eiso.search.ranking import uses_precomputed

    indexes = text_indexes(catalog)
    if installed(catalog):
        rebuild = [i for i in indexes if not uses_precomputed(catalog._catalog.getIndex(i))]
        if not rebuild:
            return False
    else:
        rebuild = indexes
        lexicon = getattr(catalog, LEXICON)
        pipeline = [
            element for element in lexicon._pipeline
            if element_group(element) != GROUP
        ]
        pipeline.insert(1 if pipeline else 0, VietnameseNormalizer())
        lexicon._pipeline = tuple(pipeline)
        lexicon.clear()
    for index_id in rebuild:
        use_precomputed(catalog._catalog.getIndex(index_id))  # empties it
    logger.info("Vietnamese search: reindexing %s of %d items", ", ".join(rebuild), len(catalog))
    if rebuild:
        catalog.reindexIndex(rebuild, None, pghandler=ZLogHandler(1000))
    return True


def element_group(element):
    for group in element_factory.getFactoryGroups():
        for factory in element_factory._groups[group].values():
            if factory is element.__class__:
                return group
    return None


def uninstall_vietnamese_lexicon(catalog):
    """Put Plone's normaliser and Okapi index back (so that nothing in the
    catalog refers to our classes once eiso is gone) and rebuild the text
    indexes."""
    from eiso.search.ranking import use_stock
    from eiso.search.ranking import uses_precomputed
    from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer

    indexes = text_indexes(catalog)
    precomputed = [i for i in indexes if uses_precomputed(catalog._catalog.getIndex(i))]
    if not installed(catalog) and not precomputed:
        return False
    lexicon = getattr(catalog, LEXICON)
    lexicon._pipeline = tuple(
        I18NNormalizer() if isinstance(element, VietnameseNormalizer) else element
        for element in lexicon._pipeline
    )
    for index_id in indexes:
        index = catalog._catalog.getIndex(index_id)
        if index_id in precomputed:
            use_stock(index)
        else:
            index.clear()
    lexicon.clear()
    if indexes:
        catalog.reindexIndex(indexes, None, pghandler=ZLogHandler(1000))
    return True
