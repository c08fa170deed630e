"""The search page and ``@search-facets``: what each user finds, the facets
and their counts, snippets, sorting and pages; REST ``@search`` folds accents."""

from eiso.interfaces import IFullText
from eiso.search import facets as facets_module
from eiso.search.facets import count_values
from eiso.search.facets import FacetedSearch
from eiso.search.facets import result_rids
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from unittest import mock
from urllib.parse import urlencode
from zope.interface import alsoProvides

import collections
import lxml.html
import transaction
import unittest


def add(container, title, description="", portal_type="QualityPolicy", year=2026,
        department=None, iso_clauses=(), document_level=None, apply=False, **fields):
    item = api.content.create(container=container, type=portal_type, title=title,
                              year=year, **fields)
    item.description = description
    if department:
        item.department = department
    if iso_clauses:
        item.iso_clauses = list(iso_clauses)
    if document_level:
        item.document_level = document_level
    alsoProvides(item, IFullText)
    if apply:
        for transition in ("submit", "approve", "apply"):
            api.content.transition(obj=item, transition=transition)
    item.reindexObject()
    return item


def fill(portal):
    a = portal["co-quan-a"]["boi-canh"]
    b = portal["co-quan-b"]["boi-canh"]
    add(a, "Chính sách minh bạch năm 2026", "Cam kết ứng dụng hệ thống quản lý minh bạch",
        department="phong-cntt", iso_clauses=["5.2"], document_level="I", code="CS-01")
    add(a, "Kế hoạch của Ủy ban", "Ổn định minh bạch dịch vụ công", year=2025,
        department="van-phong", iso_clauses=["6.2", "5.2"], document_level="II", apply=True)
    add(a, "Phân tích bối cảnh", "Đánh giá minh bạch phục vụ", portal_type="ContextAnalysis")
    add(b, "Minh bạch của Ủy ban huyện", "Quản lý minh bạch ở huyện Bố Trạch",
        department="van-phong")


class TestCounting(unittest.TestCase):
    """Facet counts read from the indexes equal the counts read from the brains."""

    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        fill(self.portal)

    def test_counts_both_ways(self):
        search = FacetedSearch(self.portal, self.request, {"SearchableText": "minh bach"})
        brains = list(search.results)
        self.assertEqual(len(brains), 4)
        self.assertEqual(sorted(result_rids(search.results)), sorted(b.getRID() for b in brains))
        catalog = api.portal.get_tool("portal_catalog")
        for index_id in ("portal_type", "review_state", "year", "department", "iso_clauses",
                         "document_level", "agency"):
            expected = collections.Counter()
            for brain in brains:
                value = catalog.getIndexDataForRID(brain.getRID()).get(index_id)
                if isinstance(value, (list, tuple)):
                    expected.update(v for v in value if v)
                elif value not in (None, ""):
                    expected[value] += 1
            index = catalog._catalog.getIndex(index_id)
            rids = result_rids(search.results)
            for ratio in (0, 10**6):  # item by item, value by value
                with mock.patch.object(facets_module, "COST_RATIO", ratio):
                    self.assertEqual(count_values(index, rids), expected, (index_id, ratio))

    def test_agency_index(self):
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(len(catalog(agency="co-quan-a", portal_type="QualityPolicy")), 2)
        self.assertEqual(len(catalog(agency="co-quan-b", portal_type="QualityPolicy")), 1)


def page(app, user, password=None, **form):
    kwargs = {"password": password} if password else {}
    result = browser(app, user, **kwargs)
    result.open(f"{app.plone.absolute_url()}/@@search?{urlencode(form, doseq=True)}")
    return result


def results(result):
    tree = lxml.html.fromstring(result.contents)
    return [a.text_content().strip() for a in tree.cssselect(".eiso-search-results li a.fw-bold")]


def facet_values(result, facet_id):
    tree = lxml.html.fromstring(result.contents)
    return {
        " ".join(a.text_content().split()): a.get("href")
        for a in tree.cssselect(f"#facet-{facet_id} a")
    }


class TestSearchPage(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        fill(self.portal)
        transaction.commit()

    def test_leader_of_a_finds_a_only_with_facets(self):
        result = page(self.app, "a-leader", SearchableText="minh bach")
        self.assertEqual(result.headers["status"], "200 OK")
        self.assertEqual(
            sorted(results(result)),
            ["Chính sách minh bạch năm 2026", "Kế hoạch của Ủy ban", "Phân tích bối cảnh"])
        self.assertIn("Tìm thấy <strong>3</strong> kết quả", result.contents)
        self.assertEqual(set(facet_values(result, "year")), {"2026 (2)", "2025 (1)"})
        self.assertEqual(set(facet_values(result, "iso_clauses")), {"5.2 (2)", "6.2 (1)"})
        self.assertEqual(set(facet_values(result, "document_level")), {"Cấp I (1)", "Cấp II (1)"})
        self.assertEqual(set(facet_values(result, "department")),
                         {"Phòng Công nghệ thông tin (1)", "Văn phòng (1)"})
        self.assertEqual(set(facet_values(result, "review_state")),
                         {"Dự thảo (2)", "Đang áp dụng (1)"})
        self.assertEqual(set(facet_values(result, "portal_type")),
                         {"Chính sách chất lượng (2)", "Bối cảnh tổ chức (1)"})
        # One agency only: no agency facet.
        self.assertEqual(facet_values(result, "agency"), {})
        # Code, state, date and the snippet with the words marked.
        self.assertIn("CS-01", result.contents)
        self.assertIn("<mark>minh</mark> <mark>bạch</mark>", result.contents)
        self.assertIn("Dự thảo", result.contents)

        # Narrowing by a facet value, then widening again.
        result.open(facet_values(result, "department")["Phòng Công nghệ thông tin (1)"])
        self.assertEqual(results(result), ["Chính sách minh bạch năm 2026"])
        self.assertEqual(set(facet_values(result, "year")), {"2026 (1)"})
        result.open(facet_values(result, "department")["Phòng Công nghệ thông tin (1)"])
        self.assertEqual(len(results(result)), 3)

    def test_filters_without_words(self):
        result = page(self.app, "a-leader", year="2025")
        self.assertEqual(results(result), ["Kế hoạch của Ủy ban"])
        result = page(self.app, "a-leader", year="abc")  # no year: nothing, not an error
        self.assertEqual(result.headers["status"], "200 OK")
        self.assertEqual(results(result), [])
        result = page(self.app, "a-leader", iso_clauses=["5.2", "6.2"], document_level="I")
        self.assertEqual(results(result), ["Chính sách minh bạch năm 2026"])
        self.assertIn("Mới cập nhật trước", result.contents)
        # Nothing asked: the form only.
        result = page(self.app, "a-leader")
        self.assertEqual(results(result), [])
        self.assertNotIn("Tìm thấy", result.contents)

    def test_agency_facet_for_who_sees_several(self):
        result = page(self.app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD, SearchableText="minh bạch")
        self.assertEqual(len(results(result)), 4)
        self.assertEqual(set(facet_values(result, "agency")),
                         {"Sở Thông tin và Truyền thông (3)", "Ủy ban nhân dân huyện Bố Trạch (1)"})
        result.open(facet_values(result, "agency")["Ủy ban nhân dân huyện Bố Trạch (1)"])
        self.assertEqual(results(result), ["Minh bạch của Ủy ban huyện"])

    def test_other_agency_and_anonymous_find_nothing_of_a(self):
        result = page(self.app, "b-leader", SearchableText="minh bach")
        self.assertEqual(results(result), ["Minh bạch của Ủy ban huyện"])
        result = page(self.app, "b-leader", SearchableText="ứng dụng")
        self.assertEqual(results(result), [])
        result = page(self.app, None, SearchableText="minh bach")
        self.assertEqual(results(result), [])
        self.assertNotIn("Chính sách minh bạch năm 2026", result.contents)

    def test_staff_sees_only_what_staff_may_view(self):
        result = page(self.app, "a-staff", SearchableText="minh bach")
        self.assertEqual(results(result), ["Kế hoạch của Ủy ban"])

    def test_prefix_phrase_and_words_from_the_header_box(self):
        self.assertEqual(results(page(self.app, "a-leader", SearchableText="uy ba")),
                         ["Kế hoạch của Ủy ban"])
        self.assertEqual(results(page(self.app, "a-leader", SearchableText='"on dinh minh bach"')),
                         ["Kế hoạch của Ủy ban"])
        self.assertEqual(results(page(self.app, "a-leader", SearchableText='"minh bach on dinh"')),
                         [])
        for bad_text in ('"', "?", "*", "(", "AND"):
            bad = page(self.app, "a-leader", SearchableText=bad_text)
            self.assertEqual(bad.headers["status"], "200 OK", bad_text)
            self.assertNotIn("Tìm thấy <strong>1", bad.contents)
        bad = page(self.app, "a-leader", SearchableText=["a", "b"])
        self.assertEqual(bad.headers["status"], "200 OK")

    def test_pages_and_sorting(self):
        folder = self.portal["co-quan-a"]["boi-canh"]
        for number in range(25):
            add(folder, f"Mục tiêu thi đua {number:02d}", "Thi đua khen thưởng")
        transaction.commit()
        first = page(self.app, "a-leader", SearchableText="thi dua", sort_on="title")
        self.assertEqual(results(first), [f"Mục tiêu thi đua {n:02d}" for n in range(20)])
        second = page(self.app, "a-leader", SearchableText="thi dua", sort_on="title", b_start=20)
        self.assertEqual(results(second), [f"Mục tiêu thi đua {n:02d}" for n in range(20, 25)])
        self.assertIn("Tìm thấy <strong>25</strong> kết quả", second.contents)
        relevance = page(self.app, "a-leader", SearchableText="thi dua", b_start=20)
        self.assertEqual(len(results(relevance)), 5)
        newest = page(self.app, "a-leader", SearchableText="thi dua", sort_on="date")
        self.assertEqual(results(newest)[0], "Mục tiêu thi đua 24")


class TestRest(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        fill(self.portal)
        transaction.commit()

    def session(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    def test_restapi_search_folds_accents(self):
        session = self.session("a-leader")
        for text in ("uy ban", "Ủy ban", "UỶ BAN", "ủy ba*"):
            response = session.get("/@search", params={"SearchableText": text})
            self.assertEqual(response.status_code, 200)
            self.assertEqual([i["title"] for i in response.json()["items"]],
                             ["Kế hoạch của Ủy ban"], text)
        response = session.get("/@search", params={"SearchableText": "uy ba"})
        self.assertEqual(response.json()["items"], [])  # no prefix without "*" in @search

    def test_restapi_search_by_year(self):
        # year is an index of numbers: ?year=2026 from a query string is the number 2026.
        def titles(session, path, **params):
            response = session.get(path, params=params)
            self.assertEqual(response.status_code, 200, response.text)
            return sorted(item["title"] for item in response.json()["items"])

        leader = self.session("a-leader")
        self.assertEqual(titles(leader, "/@search", year="2025"), ["Kế hoạch của Ủy ban"])
        self.assertEqual(titles(leader, "/co-quan-a/@search", year="2026"),
                         ["Chính sách minh bạch năm 2026", "Phân tích bối cảnh"])
        self.assertEqual(titles(leader, "/@search", year="2024"), [])
        self.assertEqual(titles(leader, "/@search", **{"year.query": "2025", "year.range": "min",
                                                        "portal_type": "QualityPolicy"}),
                         ["Chính sách minh bạch năm 2026", "Kế hoạch của Ủy ban"])
        owner = RestSession(self.portal, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.addCleanup(owner.close)
        self.assertEqual(titles(owner, "/@search", year="2026"),
                         ["Chính sách minh bạch năm 2026", "Minh bạch của Ủy ban huyện",
                          "Phân tích bối cảnh"])
        for bad in ("abc", "2019.5"):
            response = leader.get("/@search", params={"year": bad})
            self.assertEqual(response.status_code, 400, bad)
            self.assertEqual(response.json()["type"], "BadRequest")
            self.assertEqual(response.json()["message"], "year phải là một số nguyên.")
            self.assertNotIn("traceback", response.json())
        # An empty year is no filter, as for any index.
        self.assertEqual(leader.get("/@search", params={"year": ""}).status_code, 200)

    def test_search_facets(self):
        response = self.session("a-leader").get(
            "/@search-facets", params={"SearchableText": "minh ba", "year": "2026"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["query"], "minh* AND ba*")
        self.assertEqual(data["items_total"], 2)
        self.assertEqual(sorted(i["title"] for i in data["items"]),
                         ["Chính sách minh bạch năm 2026", "Phân tích bối cảnh"])
        facets = {f["id"]: {v["value"]: v["count"] for v in f["values"]} for f in data["facets"]}
        self.assertEqual(facets["year"], {"2026": 2})
        self.assertEqual(facets["portal_type"], {"QualityPolicy": 1, "ContextAnalysis": 1})
        self.assertNotIn("agency", facets)
        item = next(i for i in data["items"] if i["code"])
        self.assertEqual(item["code"], "CS-01")
        self.assertEqual(item["state_title"], "Dự thảo")
        self.assertIn("<mark>minh</mark> <mark>bạch</mark>", item["snippet"])

    def test_search_facets_security(self):
        data = self.session("b-leader").get(
            "/@search-facets", params={"SearchableText": "minh bach"}).json()
        self.assertEqual([i["title"] for i in data["items"]], ["Minh bạch của Ủy ban huyện"])
        response = self.session(None).get("/@search-facets", params={"SearchableText": "minh bach"})
        self.assertIn(response.status_code, (200, 401))
        if response.status_code == 200:
            self.assertEqual(response.json()["items_total"], 0)


class TestSnippets(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def rows(self, text):
        from eiso.browser.search import SearchView

        self.request.form.clear()
        self.request.form["SearchableText"] = text
        view = SearchView(self.portal, self.request).prepare()
        return view.rows(view.batch())

    def test_marks_words_whatever_their_accents(self):
        from eiso.search.snippets import query_words
        from eiso.search.snippets import snippet

        words = query_words('"uy ban" AND chat lu*')
        self.assertEqual(words, ["uy", "ban", "chat", "lu"])
        self.assertEqual(
            snippet("Quyết định của Uỷ ban về <chất lượng>", words),
            "Quyết định của <mark>Uỷ</mark> <mark>ban</mark> về &lt;<mark>chất</mark> "
            "<mark>lượng</mark>&gt;")
        long_text = " ".join(f"từ{n}" for n in range(100)) + " ổn định " + "cuối " * 50
        cut = snippet(long_text, query_words("on dinh"))
        self.assertTrue(cut.startswith("… ") and cut.endswith(" …"), cut)
        self.assertIn("<mark>ổn</mark> <mark>định</mark>", cut)
        self.assertLess(len(cut.split()), 30)

    def test_hit_in_the_item_text_or_in_a_file(self):
        from plone.namedfile.file import NamedBlobFile
        from tests.test_search import fixture

        api.content.create(container=self.portal, type="File", title="Quy trình ISO",
                           description="Tệp quy trình của tổ lái xe",
                           file=NamedBlobFile(fixture("quy-trinh.pdf"), "application/pdf",
                                              "quy-trinh.pdf"))
        add(self.portal["co-quan-a"]["boi-canh"], "Chính sách", "Mô tả ngắn", code="CS-77",
            summary="Trích yếu về phòng cháy chữa cháy")
        [row] = self.rows("khoadinhkem")
        self.assertTrue(row["snippet"]["in_file"])
        self.assertEqual(row["snippet"]["html"], "Tệp quy trình của tổ lái xe")
        # In the code shown above the snippet: the description as it is.
        [row] = self.rows("cs-77")
        self.assertEqual((row["code"], row["snippet"]), ("CS-77", {"html": "Mô tả ngắn", "in_file": False}))
        # In the item's own text only: the words around it.
        [row] = self.rows("chua chay")
        self.assertFalse(row["snippet"]["in_file"])
        self.assertIn("<mark>chữa</mark> <mark>cháy</mark>", row["snippet"]["html"])
        [row] = self.rows("lai xe")
        self.assertEqual(row["snippet"]["html"],
                         "Tệp quy trình của tổ <mark>lái</mark> <mark>xe</mark>")
