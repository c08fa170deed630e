"""Okapi BM25 with term weights computed when a document is indexed.

Stock ``OkapiIndex`` stores, for every word, the number of times it occurs in
each document, and computes BM25's term-frequency part for every matching
document at query time, in a Python loop (its C version is gone). For a word
present in tens of thousands of items — "chất lượng", "quy trình", "hồ sơ" are
in most of an agency's documents — that loop is most of the query time
(about 50 ms per 75,000 matches on our machines).

``PrecomputedOkapiIndex`` stores the term-frequency part itself, as a scaled
integer, in the same ``_wordinfo`` maps (what Products.ZCTextIndex's own
``CosineIndex`` does with its weights). A query then only hands each word's
map to the C set operations with the word's IDF as the integer weight: no
Python code runs per matching document. Words, phrases, globs and the query
language are unchanged (``BaseIndex``).

The one difference in ranking: BM25 normalises a document's length by the
mean length of the indexed documents; the mean moves with every document
indexed, so weights stored at indexing time use a fixed reference length
instead (``REFERENCE_LENGTH``, the order of magnitude of an agency item's
text). Documents keep the same relative order for one word; between words the
IDF is computed at query time as before.
"""

from itertools import compress
from itertools import repeat
from operator import contains

import heapq

from BTrees.IIBTree import IIBTree
from BTrees.IIBTree import IIBucket
from BTrees.IIBTree import weightedIntersection as _weighted_intersection
from Products.ZCTextIndex import ZCTextIndex as zctextindex_module
from Products.ZCTextIndex.BaseIndex import inverse_doc_frequency
from Products.ZCTextIndex.BaseIndex import scaled_int
from Products.ZCTextIndex import WidCode
from Products.ZCTextIndex.OkapiIndex import OkapiIndex
from Products.ZCTextIndex.SetOps import mass_weightedIntersection


INDEX_TYPE = "Okapi BM25 Rank (precomputed)"
REFERENCE_LENGTH = 300.0
# Integer scores: term frequency × 1024 (≤ 2.2 × 1024) times IDF × 64 (≤ 14 × 64
# for a word in one item of a million) is ≤ 2,000,000 a word, so a glob query
# can add up a thousand matching words in one item below 2**31.
IDF_SCALE = 64


class PrecomputedOkapiIndex(OkapiIndex):
    """OkapiIndex whose ``_wordinfo`` maps docid → scaled BM25 term frequency."""

    reference_length = REFERENCE_LENGTH

    def _get_frequencies(self, wids):
        counts = {}
        get = counts.get
        for wid in wids:
            counts[wid] = get(wid, 0) + 1
        length = len(wids)
        k1 = self.K1
        saturation = k1 * (1.0 - self.B + self.B * length / self.reference_length)
        top = k1 + 1.0
        return {
            wid: scaled_int(count * top / (count + saturation))
            for wid, count in counts.items()
        }, length

    # Every word's map is its own IIBTree, also for words of fewer than ten
    # items (stock BaseIndex keeps those as dicts inside ``_wordinfo``). Two
    # items indexed at the same moment then change different objects, or the
    # same tree at different docids, which BTrees merge; a dict-valued bucket of
    # ``_wordinfo`` cannot be merged at all (dicts do not compare), and stock
    # code rewrote a bucket for every word of every item. Measured by
    # ``make load``: most of the ConflictErrors of saving an item.

    def _add_wordinfo(self, wid, f, docid):
        self._mass_add_wordinfo({wid: f}, docid)

    def _mass_add_wordinfo(self, wid2weight, docid):
        wordinfo = self._wordinfo
        new_words = 0
        for wid, weight in wid2weight.items():
            doc2score = wordinfo.get(wid)
            if doc2score is None:
                wordinfo[wid] = IIBTree({docid: weight})
                new_words += 1
            elif isinstance(doc2score, dict):  # stored before upgrade 1009
                doc2score = IIBTree(doc2score)
                doc2score[docid] = weight
                wordinfo[wid] = doc2score
            else:
                doc2score[docid] = weight  # the word's tree changes, not _wordinfo
        if new_words:
            self.length.change(new_words)

    def _del_wordinfo(self, wid, docid):
        doc2score = self._wordinfo[wid]
        del doc2score[docid]
        if not doc2score:
            del self._wordinfo[wid]
            self.length.change(-1)
        elif isinstance(doc2score, dict):  # stored before upgrade 1009
            self._wordinfo[wid] = IIBTree(doc2score)

    def _search_wids(self, wids):
        if not wids:
            return []
        documents = float(self.document_count())
        pairs = []
        for wid in wids:
            weights = self._wordinfo[wid]
            if isinstance(weights, dict):  # small maps are dicts (BaseIndex)
                weights = IIBucket(weights)
            pairs.append((weights, self._idf_weight(wid, documents)))
        return pairs

    def _idf_weight(self, wid, documents):
        idf = inverse_doc_frequency(len(self._wordinfo[wid]), documents)
        return max(1, int(idf * IDF_SCALE + 0.5))

    def search_phrase(self, phrase):
        # BaseIndex.search_phrase, with the check of each candidate's word
        # sequence run by C iterators (no Python code per candidate): for
        # words present in most items that is half a phrase query's time.
        wids = self._lexicon.termToWordIds(phrase)
        if len(self._remove_oov_wids(wids)) != len(wids):
            return IIBTree()  # a word no document has
        hits = mass_weightedIntersection(self._search_wids(wids))
        if not hits:
            return hits
        code = WidCode.encode(wids)
        found = map(contains, map(self._docwords.__getitem__, hits.keys()), repeat(code))
        result = IIBTree()
        result.update(list(compress(hits.items(), found)))
        return result

    def query_weight(self, terms):
        wids = []
        for term in terms:
            wids.extend(self._lexicon.termToWordIds(term))
        documents = float(len(self._docweight))
        top = scaled_int(1.0 + self.K1)
        return sum(top * self._idf_weight(wid, documents) for wid in self._remove_oov_wids(wids))


# Known to ZCTextIndex under its own name, so that the ZMI, GenericSetup's
# export and ``clear()`` keep creating this kind of index.
zctextindex_module.index_types.setdefault(INDEX_TYPE, PrecomputedOkapiIndex)


def trees_for_small_maps(index):
    """Give every word of the ZCTextIndex ``index`` its own IIBTree (upgrade 1009).

    Returns how many dict-valued words were converted."""
    wordinfo = index.index._wordinfo
    small = [wid for wid, doc2score in wordinfo.items() if isinstance(doc2score, dict)]
    for wid in small:
        wordinfo[wid] = IIBTree(wordinfo[wid])
    return len(small)


def uses_precomputed(index):
    return getattr(index, "_index_factory", None) is PrecomputedOkapiIndex


def use_precomputed(index):
    """Make the ZCTextIndex ``index`` a precomputed one; the caller reindexes."""
    index._index_factory = PrecomputedOkapiIndex
    index._index_type = INDEX_TYPE
    index.clear()


def use_stock(index):
    """Back to Products.ZCTextIndex's OkapiIndex; the caller reindexes."""
    index._index_factory = OkapiIndex
    index._index_type = "Okapi BM25 Rank"
    index.clear()


class RankedResults(IIBucket):
    """The scored result set of a catalog query, ranked lazily.

    ZCatalog sorts a scored result with ``byValue(0)``: every hit becomes a
    (score, rid) tuple and the whole list is sorted in Python comparisons —
    about 60 ms for 75,000 hits, to show twenty of them. ``byValue`` here
    returns a ``TopScores`` sequence instead, which finds the best n with
    ``heapq.nlargest`` over the bare scores and sorts only the items at or
    above the n-th best score. Same items, same order.
    """

    def byValue(self, min):
        if min:
            return IIBucket.byValue(self, min)
        return TopScores(self)


class TopScores:
    """``bucket.byValue(0)`` as a sequence that sorts only what is read."""

    FULL_SORT_SHARE = 4  # beyond a quarter of the hits, sort them all
    AT_LEAST = 100  # the first page and the best score come from one pass

    def __init__(self, bucket):
        self._bucket = bucket
        self._length = len(bucket)
        self._ranked = []

    def __len__(self):
        return self._length

    def _rank(self, count):
        if count <= len(self._ranked) or len(self._ranked) == self._length:
            return
        count = max(count, self.AT_LEAST)
        if count * self.FULL_SORT_SHARE >= self._length:
            self._ranked = IIBucket.byValue(self._bucket, 0)
            return
        bucket = self._bucket
        threshold = heapq.nlargest(count, bucket.values())[-1]
        if threshold <= 0:
            self._ranked = IIBucket.byValue(bucket, 0)
            return
        # byValue(threshold) keeps the items scoring at least the threshold
        # (in C; it divides their scores by it): sort them on their own
        # scores, as byValue(0) does (score, then rid, descending). Every
        # other item scores less: this is a prefix of the full sort.
        score = bucket.__getitem__
        self._ranked = sorted(
            ((score(rid), rid) for _, rid in IIBucket.byValue(bucket, threshold)), reverse=True
        )

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._length)
            self._rank(self._length if step < 0 else stop)
            return self._ranked[index]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        if index >= len(self._ranked):
            self._rank(max(index + 1, 2 * len(self._ranked)))
        return self._ranked[index]

    def __iter__(self):
        for index in range(self._length):
            yield self[index]


def ranked_intersection(set1, set2, weight1=1, weight2=1):
    """``weightedIntersection`` for ZCatalog's query loop that keeps a scored
    result a ``RankedResults`` (installed by ``patch_catalog``)."""
    weight, result = _weighted_intersection(set1, set2, weight1, weight2)
    if hasattr(result, "items") and not isinstance(result, RankedResults):
        ranked = RankedResults()
        ranked.update(result)
        result = ranked
    return weight, result


def patch_catalog():
    """Make ZCatalog rank scored results lazily (see ``RankedResults``).

    ZCatalog's query loop (``Catalog._search_index``) combines index results
    with the module-level ``weightedIntersection``, and only text indexes
    return scored mappings: replacing that one name is enough, and every
    other query is untouched.
    """
    from Products.ZCatalog import Catalog

    if Catalog.weightedIntersection is not ranked_intersection:
        Catalog.weightedIntersection = ranked_intersection
