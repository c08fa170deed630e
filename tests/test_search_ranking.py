"""Relevance ranking (eiso.search.ranking): BM25 weights stored at indexing
time, lazily ranked catalog results, the 1003 upgrade and the uninstall."""

from BTrees.IIBTree import IIBucket
from eiso.search.ranking import PrecomputedOkapiIndex
from eiso.search.ranking import RankedResults
from eiso.search.ranking import ranked_intersection
from eiso.search.ranking import TopScores
from eiso.search.ranking import use_stock
from eiso.search.ranking import uses_precomputed
from eiso.testing import PROFILE_VERSION
from eiso.testing import upgrades_after
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from Products.ZCTextIndex.OkapiIndex import OkapiIndex

import random
import unittest


TEXT_INDEXES = ("SearchableText", "Title", "Description")


class TestTopScores(unittest.TestCase):
    """``RankedResults.byValue(0)`` reads like ZCatalog's full sort."""

    def bucket(self, size, scores, seed):
        rng = random.Random(seed)
        bucket = RankedResults()
        bucket.update({rng.randint(1, 10**6): rng.randint(0, scores) for _ in range(size)})
        return bucket

    def test_same_items_same_order(self):
        for seed, (size, scores) in enumerate(
            [(0, 5), (1, 5), (30, 2), (99, 50), (100, 3), (101, 10**6), (2_000, 4), (5_000, 10**6)]
        ):
            bucket = self.bucket(size, scores, seed)
            full = IIBucket.byValue(bucket, 0)  # what ZCatalog does without us
            ranked = bucket.byValue(0)
            self.assertIsInstance(ranked, TopScores)
            self.assertEqual(len(ranked), len(full))
            for start, stop in ((0, 20), (20, 40), (0, 1), (180, 200), (1_980, 2_000), (4_990, 5_000)):
                self.assertEqual(ranked[start:stop], full[start:stop], (size, start))
            if full:
                self.assertEqual(ranked[0], full[0])
                self.assertEqual(ranked[-1], full[-1])
            self.assertEqual(list(ranked), list(full))
            with self.assertRaises(IndexError):
                ranked[len(full)]

    def test_reads_only_what_is_asked(self):
        ranked = self.bucket(10_000, 10**6, 7).byValue(0)
        ranked[0:20]
        self.assertLess(len(ranked._ranked), 1_000)

    def test_other_thresholds_are_stock(self):
        bucket = self.bucket(50, 10, 3)
        self.assertEqual(bucket.byValue(4), IIBucket.byValue(bucket, 4))

    def test_intersection_keeps_scored_results_ranked(self):
        scores = IIBucket({1: 10, 2: 30, 3: 20})
        weight, result = ranked_intersection(None, scores)
        self.assertIsInstance(result, RankedResults)
        self.assertEqual(dict(result.items()), {1: 10, 2: 30, 3: 20})
        from BTrees.IIBTree import IISet

        weight, result = ranked_intersection(IISet([2, 3, 4]), scores)
        self.assertEqual(dict(result.items()), {2: 31, 3: 21})  # a set counts 1, as in stock
        self.assertIsInstance(result, RankedResults)
        weight, result = ranked_intersection(IISet([2, 3]), IISet([3, 4]))
        self.assertEqual(list(result), [3])  # sets stay sets
        self.assertNotIsInstance(result, RankedResults)


class RankingTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.catalog = api.portal.get_tool("portal_catalog")
        self.folder = api.content.create(container=self.portal, type="Folder", id="kho", title="Kho")

    def document(self, title, text):
        return api.content.create(container=self.folder, type="Document", title=title,
                                  description=text)

    def titles(self, query, **extra):
        return [b.Title for b in self.catalog(SearchableText=query, path="/plone/kho", **extra)]


class TestRanking(RankingTestCase):

    def test_text_indexes_are_precomputed(self):
        for name in TEXT_INDEXES:
            index = self.catalog._catalog.getIndex(name)
            self.assertIsInstance(index.index, PrecomputedOkapiIndex, name)
            self.assertEqual(index.getIndexType(), "Okapi BM25 Rank (precomputed)")
        # clear() (e.g. "Clear and rebuild" in the ZMI) keeps our kind of index
        index = self.catalog._catalog.getIndex("Description")
        index.clear()
        self.assertIsInstance(index.index, PrecomputedOkapiIndex)

    def test_more_occurrences_rank_higher(self):
        self.document("Một lần", "quy trình kiểm soát tài liệu nội bộ của sở và các phòng ban")
        self.document("Ba lần", "quy trình, quy trình và quy trình kiểm soát tài liệu nội bộ")
        self.document("Không có", "kế hoạch đào tạo cán bộ công chức năm nay")
        self.assertEqual(self.titles("quy trinh"), ["Ba lần", "Một lần"])

    def test_shorter_text_ranks_higher_for_the_same_count(self):
        self.document("Dài", "đánh giá nội bộ " + "công việc thường xuyên của văn phòng " * 30)
        self.document("Ngắn", "đánh giá nội bộ hằng năm")
        self.assertEqual(self.titles("danh gia"), ["Ngắn", "Dài"])

    def test_rare_word_weighs_more_than_common_word(self):
        for number in range(6):
            self.document(f"Hồ sơ {number}", "hồ sơ lưu trữ của văn phòng sở")
        self.document("Hiếm", "tiêu hủy hồ sơ")
        self.document("Thường", "hồ sơ hồ sơ lưu trữ")
        # "tiêu hủy" is in one item: its weight puts that item first
        self.assertEqual(self.titles("ho so OR tieu huy")[0], "Hiếm")

    def test_same_order_as_stock_okapi(self):
        """On the same texts, stored weights rank as stock BM25 does when the
        mean length is the reference length (the one thing they assume)."""
        from eiso.search.lexicon import VietnameseNormalizer
        from Products.CMFPlone.UnicodeSplitter.splitter import Splitter
        from Products.ZCTextIndex.Lexicon import Lexicon
        from Products.ZCTextIndex.QueryParser import QueryParser

        rng = random.Random(5)
        words = ["chất lượng", "quy trình", "hồ sơ", "đánh giá", "văn bản", "tiếp nhận", "báo cáo"]
        texts = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 60))) for _ in range(200)]
        lexicon = Lexicon(Splitter(), VietnameseNormalizer())
        stock, ours = OkapiIndex(lexicon), PrecomputedOkapiIndex(lexicon)
        ours.reference_length = sum(len(lexicon.sourceToWordIds(t)) for t in texts) / len(texts)
        for rid, text in enumerate(texts, 1):
            stock.index_doc(rid, text)
            ours.index_doc(rid, text)
        self.assertEqual(ours.reference_length, stock._totaldoclen() / stock.document_count())
        for query in ("chat luong", "quy trinh AND ho so", "ho so OR tiep nhan", '"danh gia van"', "bao*"):
            tree = QueryParser(lexicon).parseQuery(query)
            mine, theirs = tree.executeQuery(ours), tree.executeQuery(stock)
            self.assertEqual(list(mine.keys()), list(theirs.keys()), query)
            self.assertGreater(len(mine), 10, query)
            order = [rid for rid, score in sorted(mine.items(), key=lambda i: (-i[1], -i[0]))]
            score = dict(theirs.items())
            # Rounding of the integer weights may swap items whose stock scores
            # are within 3 %; never more.
            for better, worse in zip(order, order[1:]):
                self.assertGreaterEqual(score[better] * 1.03, score[worse], query)

    def test_catalog_pages_in_relevance_order(self):
        for number in range(1, 41):
            self.document(f"Tài liệu {number:02d}", ("kiểm soát " * number) + "văn bản " * 40)
        everything = self.titles("kiem soat")
        self.assertEqual(everything[:3], ["Tài liệu 40", "Tài liệu 39", "Tài liệu 38"])
        self.assertEqual(len(everything), 40)
        page = self.catalog(SearchableText="kiem soat", path="/plone/kho", b_start=20, b_size=10)
        self.assertEqual(page.actual_result_count, 40)
        self.assertEqual([b.Title for b in page], everything[20:30])
        best = self.catalog(SearchableText="kiem soat", path="/plone/kho")[0]
        self.assertEqual(page[0].data_record_normalized_score_,
                         int(100.0 * page[0].data_record_score_ / best.data_record_score_))
        # a sort order other than relevance is untouched
        by_title = [b.Title for b in self.catalog(SearchableText="kiem soat", path="/plone/kho",
                                                  sort_on="sortable_title")]
        self.assertEqual(by_title, sorted(everything))

    def test_reindex_updates_weights(self):
        item = self.document("Ngắn", "báo cáo định kỳ")
        self.document("Dài", "kế hoạch năm có báo cáo tổng hợp của các phòng chuyên môn")
        self.assertEqual(self.titles("bao cao"), ["Ngắn", "Dài"])  # shorter text first
        item.description = "báo cáo " + "định kỳ của văn phòng sở về công tác " * 20
        item.reindexObject()
        self.assertEqual(self.titles("bao cao"), ["Dài", "Ngắn"])
        item.description = "kế hoạch không còn nhắc tới từ đó"
        item.reindexObject()
        self.assertEqual(self.titles("bao cao"), ["Dài"])


class TestUpgrade1003(RankingTestCase):

    def test_1002_site_gets_precomputed_indexes(self):
        self.document("Ủy ban", "ủy ban nhân dân tỉnh")
        for name in TEXT_INDEXES:
            index = self.catalog._catalog.getIndex(name)
            use_stock(index)
        self.catalog.manage_reindexIndex(ids=list(TEXT_INDEXES))
        self.assertEqual(self.titles("uy ban"), ["Ủy ban"])
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("eiso:default", "1002")
        self.assertEqual([u["dest"] for u in setup.listUpgrades("eiso:default")], upgrades_after("1002"))
        with self.assertLogs("eiso", "INFO") as logs:
            setup.upgradeProfile("eiso:default")
        self.assertIn("Vietnamese search: reindexing ", "\n".join(logs.output))
        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        for name in TEXT_INDEXES:
            self.assertTrue(uses_precomputed(self.catalog._catalog.getIndex(name)), name)
        self.assertEqual(self.titles("uy ban"), ["Ủy ban"])
        self.assertEqual([b.Title for b in self.catalog(Title="uy ban", path="/plone/kho")], ["Ủy ban"])
