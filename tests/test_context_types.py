"""Context analysis and quality policy: the secretary drafts them in ``boi-canh``,
the applied ones show on the agency home page."""

from eiso.content.context_analysis import IContextAnalysisSchema
from eiso.content.quality_policy import IQualityPolicySchema
from eiso.interfaces import IEisoLayer
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from urllib.parse import urlencode
from zope.interface import alsoProvides

import datetime
import transaction
import unittest


YEAR = datetime.date.today().year

ANALYSIS = {
    "title": "Bối cảnh tổ chức năm 2026",
    "year": 2026,
    "method": "SWOT",
    "internal_issues": [
        {"issue": "Đội ngũ cán bộ được đào tạo bài bản", "kind": "strength"},
        {"issue": "Trang thiết bị còn thiếu", "kind": "weakness"},
    ],
    "external_issues": [
        {"issue": "Chương trình chuyển đổi số của tỉnh", "kind": "opportunity"},
        {"issue": "Văn bản pháp luật thay đổi thường xuyên", "kind": "threat"},
    ],
    "interested_parties": [
        {"party": "Tổ chức, công dân", "needs": "Giải quyết TTHC đúng hạn",
         "monitoring": "Phiếu khảo sát sự hài lòng"},
    ],
    "scope": "Hoạt động quản lý nhà nước về thông tin và truyền thông.",
    "exclusions": [
        {"clause": "8.3 Thiết kế và phát triển",
         "justification": "Sở không thiết kế sản phẩm, dịch vụ"},
    ],
}

POLICY = {
    "title": "Chính sách chất lượng năm 2026",
    "year": 2026,
    "motto": "Tận tụy, minh bạch, hiệu quả",
    "statements": ["Phục vụ người dân tận tình", "Giải quyết hồ sơ đúng hạn"],
}


def create(container, portal_type, fields):
    return api.content.create(container=container, type=portal_type, **fields)


def grid_rows(field, rows):
    """The request fields of a grid's rows, as the grid's script names them."""
    prefix = f"form.widgets.{field}"
    fields = [(f"{prefix}.count", str(len(rows)))]
    for number, row in enumerate(rows):
        fields.append((f"{prefix}.{number}-empty-marker", "1"))
        for name, value in row.items():
            fields.append((f"{prefix}.{number}.widgets.{name}", value))
            if name.endswith(":list"):
                fields.append((f"{prefix}.{number}.widgets.{name[:-5]}-empty-marker", "1"))
    return fields


def apply(item):
    """Move ``item`` to ``applied`` as a Manager would, step by step."""
    for transition in ("submit", "approve", "apply"):
        api.content.transition(obj=item, transition=transition)


class TestAdding(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.container = self.agency["boi-canh"]

    def test_secretary_adds_both_types_in_context_section(self):
        login(self.portal, "a-secretary")
        allowed = sorted(fti.getId() for fti in self.container.allowedContentTypes())
        self.assertEqual(allowed, ["ConformityDeclaration", "ContextAnalysis", "QualityObjectives",
                                   "QualityPolicy", "Risk"])
        analysis = create(self.container, "ContextAnalysis", ANALYSIS)
        policy = create(self.container, "QualityPolicy", POLICY)
        self.assertEqual(analysis.getId(), "boi-canh-to-chuc-nam-2026")
        self.assertEqual(policy.getId(), "chinh-sach-chat-luong-nam-2026")
        for field, value in ANALYSIS.items():
            self.assertEqual(getattr(analysis, field), value, field)
        for field, value in POLICY.items():
            self.assertEqual(getattr(policy, field), value, field)

    def test_not_addable_elsewhere(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        for section_id in ("to-chuc", "danh-gia", "tai-lieu"):
            for portal_type in ("ContextAnalysis", "QualityPolicy"):
                with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
                    create(self.agency[section_id], portal_type, {"title": "X"})
        with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
            create(self.portal, "QualityPolicy", {"title": "X"})

    def test_staff_and_leader_cannot_add(self):
        for user_id in ("a-staff", "a-leader", "a-head"):
            login(self.portal, user_id)
            for permission in ("eiso: Add ContextAnalysis", "eiso: Add QualityPolicy"):
                self.assertFalse(
                    api.user.has_permission(permission, obj=self.container), user_id
                )
            # a head of department records risks (tests/test_risks.py), nothing else here
            allowed = [fti.getId() for fti in self.container.allowedContentTypes()]
            self.assertEqual(allowed, ["Risk"] if user_id == "a-head" else [], user_id)

    def test_secretary_of_another_agency_cannot_add(self):
        login(self.portal, "a-secretary")
        other = self.portal["co-quan-b"]["boi-canh"]
        self.assertFalse(api.user.has_permission("eiso: Add QualityPolicy", obj=other))

    def test_defaults(self):
        login(self.portal, "a-secretary")
        for schema, title in (
            (IContextAnalysisSchema, f"Bối cảnh tổ chức năm {YEAR}"),
            (IQualityPolicySchema, f"Chính sách chất lượng năm {YEAR}"),
        ):
            self.assertEqual(schema["title"].bind(self.container).default, title)
            self.assertEqual(schema["year"].bind(self.container).default, YEAR)
        item = create(self.container, "ContextAnalysis", {"title": "Bối cảnh"})
        self.assertEqual(item.year, YEAR)
        self.assertEqual(item.internal_issues, [])

    def test_year_limits(self):
        from zope.schema.interfaces import TooBig
        from zope.schema.interfaces import TooSmall

        with self.assertRaises(TooSmall):
            IQualityPolicySchema["year"].validate(1999)
        with self.assertRaises(TooBig):
            IQualityPolicySchema["year"].validate(2101)

    def test_rows_are_validated(self):
        from zope.schema.interfaces import WrongContainedType

        field = IContextAnalysisSchema["internal_issues"]
        field.validate(ANALYSIS["internal_issues"])
        with self.assertRaises(WrongContainedType):
            field.validate([{"issue": "Cơ hội", "kind": "opportunity"}])  # not internal
        with self.assertRaises(WrongContainedType):
            IContextAnalysisSchema["exclusions"].validate([{"clause": "8.3"}])

    def test_year_shown_without_grouping(self):
        from eiso.content.fields import YearDataConverter
        from z3c.form.widget import Widget

        request = self.layer["request"]
        converter = YearDataConverter(IQualityPolicySchema["year"], Widget(request))
        self.assertEqual(converter.toWidgetValue(2026), "2026")
        self.assertEqual(converter.toFieldValue(" 2027 "), 2027)
        self.assertIsNone(converter.toFieldValue(""))


class TestViews(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.agency = self.portal["co-quan-a"]
        login(self.portal, "a-secretary")
        self.analysis = create(self.agency["boi-canh"], "ContextAnalysis", ANALYSIS)
        self.policy = create(self.agency["boi-canh"], "QualityPolicy", POLICY)

    def view(self, name, context):
        return api.content.get_view(name, context, self.request)

    def test_context_analysis_tables(self):
        tables = {t["id"]: t for t in self.view("view", self.analysis).tables()}
        self.assertEqual(
            list(tables),
            ["internal-issues", "external-issues", "interested-parties", "exclusions"],
        )
        self.assertEqual(
            tables["internal-issues"]["rows"],
            [["Đội ngũ cán bộ được đào tạo bài bản", "Điểm mạnh"],
             ["Trang thiết bị còn thiếu", "Điểm yếu"]],
        )
        self.assertEqual(
            [row[1] for row in tables["external-issues"]["rows"]], ["Cơ hội", "Thách thức"]
        )
        self.assertEqual(
            tables["interested-parties"]["rows"],
            [["Tổ chức, công dân", "Giải quyết TTHC đúng hạn", "Phiếu khảo sát sự hài lòng"]],
        )

    def test_method_title_comes_from_the_configuration(self):
        view = self.view("view", self.analysis)
        self.assertEqual(view.method_title(), "SWOT")
        self.analysis.method = "Phương pháp đã bỏ"
        self.assertEqual(view.method_title(), "Phương pháp đã bỏ")

    def test_agency_home_finds_only_applied_items(self):
        home = self.view("agency-home", self.agency)
        self.assertEqual(home.applied(), {"policy": None, "context": None})
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        apply(self.policy)
        apply(self.analysis)
        self.assertEqual(
            home.applied(), {"policy": self.policy, "context": self.analysis}
        )
        other_home = self.view("agency-home", self.portal["co-quan-b"])
        self.assertEqual(other_home.applied(), {"policy": None, "context": None})

    def test_agency_home_shows_the_newest_applied_year(self):
        from DateTime import DateTime

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        newer = create(self.agency["boi-canh"], "QualityPolicy", dict(POLICY, year=2027))
        apply(newer)
        # An older year applied later (a data fix, say) does not take its place.
        older = create(self.agency["boi-canh"], "QualityPolicy", dict(POLICY, year=2025))
        api.portal.get_tool("portal_workflow").setStatusOf(
            "eiso_approval_workflow", older,
            {"review_state": "applied", "action": "apply", "actor": TEST_USER_ID,
             "comments": "", "time": DateTime()},
        )
        older.reindexObject()
        self.assertEqual(api.content.get_state(older), "applied")
        self.assertEqual(self.view("agency-home", self.agency).applied()["policy"], newer)


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section_url = self.portal["co-quan-a"]["boi-canh"].absolute_url()

    def create(self, portal_type, fields, applied=False):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        item = create(self.portal["co-quan-a"]["boi-canh"], portal_type, fields)
        if applied:
            apply(item)
        transaction.commit()
        return item

    def test_add_context_analysis_with_table_rows(self):
        page = browser(self.app, "a-secretary")
        page.open(self.section_url)
        self.assertIn("++add++ContextAnalysis", page.contents)
        page.open(self.section_url + "/++add++ContextAnalysis")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertEqual(
            page.getControl(name="form.widgets.title").value, f"Bối cảnh tổ chức năm {YEAR}"
        )
        self.assertEqual(page.getControl(name="form.widgets.year").value, str(YEAR))
        for text in ("Vấn đề", "Phân loại", "Điểm mạnh", "Thách thức", "Bên quan tâm",
                     "Cách theo dõi", "Lý do không áp dụng", "Phạm vi áp dụng HTQLCL"):
            self.assertIn(text, page.contents)
        kinds = page.getControl(name="form.widgets.internal_issues.AA.widgets.kind:list")
        self.assertEqual(kinds.options, ["--NOVALUE--", "strength", "weakness"])
        self.assertEqual(
            page.getControl(name="form.widgets.method:list").options,
            ["--NOVALUE--", "SWOT", "PESTLE"],
        )
        # What the grid's script posts once rows have been typed in.
        page.post(
            self.section_url + "/++add++ContextAnalysis",
            urlencode(
                [
                    ("_authenticator", page.getControl(name="_authenticator").value),
                    ("form.widgets.title", "Bối cảnh tổ chức năm 2026"),
                    ("form.widgets.year", "2026"),
                    ("form.widgets.method:list", "SWOT"),
                    ("form.widgets.scope", "Toàn bộ hoạt động của Sở."),
                    ("form.buttons.save", "Lưu"),
                ]
                + grid_rows("internal_issues", [
                    {"issue": "Cán bộ có kinh nghiệm", "kind:list": "strength"},
                    {"issue": "Thiếu thiết bị", "kind:list": "weakness"},
                ])
                + grid_rows("external_issues", [
                    {"issue": "Chuyển đổi số", "kind:list": "opportunity"},
                ])
                + grid_rows("interested_parties", [
                    {"party": "Người dân", "needs": "Đúng hạn", "monitoring": "Khảo sát"},
                ])
                + grid_rows("exclusions", [{"clause": "8.3", "justification": "Không thiết kế"}])
            ),
        )
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("/boi-canh-to-chuc-nam-2026", page.url)
        item = self.portal["co-quan-a"]["boi-canh"]["boi-canh-to-chuc-nam-2026"]
        self.assertEqual(item.year, 2026)
        self.assertEqual(item.method, "SWOT")
        self.assertEqual(
            item.internal_issues,
            [{"issue": "Cán bộ có kinh nghiệm", "kind": "strength"},
             {"issue": "Thiếu thiết bị", "kind": "weakness"}],
        )
        self.assertEqual(item.external_issues, [{"issue": "Chuyển đổi số", "kind": "opportunity"}])
        self.assertEqual(
            item.interested_parties,
            [{"party": "Người dân", "needs": "Đúng hạn", "monitoring": "Khảo sát"}],
        )
        self.assertEqual(item.exclusions, [{"clause": "8.3", "justification": "Không thiết kế"}])
        self.assertIn("Cán bộ có kinh nghiệm", page.contents)
        self.assertIn("Điểm yếu", page.contents)

    def test_edit_table_rows(self):
        item = self.create("ContextAnalysis", ANALYSIS)
        page = browser(self.app, "a-secretary")
        page.open(item.absolute_url() + "/edit")
        self.assertEqual(page.getControl(name="form.widgets.year").value, "2026")
        row = "form.widgets.internal_issues.1.widgets."
        self.assertEqual(page.getControl(name=row + "issue").value, "Trang thiết bị còn thiếu")
        self.assertEqual(page.getControl(name=row + "kind:list").value, ["weakness"])
        page.getControl(name=row + "issue").value = "Trang thiết bị đã cũ"
        page.getControl(name=row + "kind:list").value = ["strength"]
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertEqual(
            self.portal["co-quan-a"]["boi-canh"][item.getId()].internal_issues[1],
            {"issue": "Trang thiết bị đã cũ", "kind": "strength"},
        )

    def test_add_quality_policy_one_statement_per_line(self):
        page = browser(self.app, "a-secretary")
        page.open(self.section_url + "/++add++QualityPolicy")
        self.assertEqual(
            page.getControl(name="form.widgets.title").value,
            f"Chính sách chất lượng năm {YEAR}",
        )
        page.getControl(name="form.widgets.motto").value = POLICY["motto"]
        page.getControl(name="form.widgets.statements").value = "\n".join(POLICY["statements"])
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.headers["status"], "200 OK")
        item = self.portal["co-quan-a"]["boi-canh"][f"chinh-sach-chat-luong-nam-{YEAR}"]
        self.assertEqual(item.statements, POLICY["statements"])
        self.assertEqual(item.year, YEAR)

    def test_context_analysis_view(self):
        item = self.create("ContextAnalysis", ANALYSIS)
        page = browser(self.app, "a-secretary")
        page.open(item.absolute_url())
        self.assertEqual(page.headers["status"], "200 OK")
        content = page.contents.split('id="content-core"')[1]
        for text in ("Các vấn đề nội bộ", "Các bên quan tâm", "Nhu cầu và mong đợi",
                     "Điều khoản", "Lý do không áp dụng", "Phương pháp phân tích", "SWOT",
                     "Đội ngũ cán bộ được đào tạo bài bản", "<td>Điểm yếu</td>",
                     "<td>Thách thức</td>", "Phiếu khảo sát sự hài lòng",
                     "Sở không thiết kế sản phẩm, dịch vụ", ANALYSIS["scope"]):
            self.assertIn(text, content)
        self.assertIn('id="eiso-internal-issues"', content)

    def test_empty_tables_say_so(self):
        item = self.create("ContextAnalysis", {"title": "Bối cảnh trống"})
        page = browser(self.app, "a-secretary")
        page.open(item.absolute_url())
        self.assertIn("Chưa có nội dung.", page.contents)
        self.assertNotIn("<table", page.contents.split('id="content-core"')[1])

    def test_quality_policy_view(self):
        item = self.create("QualityPolicy", POLICY)
        page = browser(self.app, "a-secretary")
        page.open(item.absolute_url())
        content = page.contents.split('id="content-core"')[1]
        self.assertIn("Phương châm", content)
        self.assertIn(POLICY["motto"], content)
        for statement in POLICY["statements"]:
            self.assertIn(f">{statement}</li>", content)

    def test_staff_sees_no_drafts(self):
        item = self.create("QualityPolicy", POLICY)
        page = browser(self.app, "a-staff")
        page.open(item.absolute_url())
        self.assertNotIn(POLICY["motto"], page.contents)

    def test_agency_home_shows_the_applied_policy_and_context(self):
        agency_url = self.portal["co-quan-a"].absolute_url()
        page = browser(self.app, "a-staff")
        page.open(agency_url)
        self.assertIn("Đang áp dụng", page.contents)
        self.assertIn("Chưa có chính sách chất lượng đang áp dụng.", page.contents)
        self.create("QualityPolicy", POLICY, applied=True)
        self.create("QualityPolicy", dict(POLICY, year=2027, motto="Dự thảo chưa duyệt"))
        analysis = self.create("ContextAnalysis", ANALYSIS, applied=True)
        page.open(agency_url)
        block = page.contents.split('id="eiso-applied"')[1].split("</section>")[0]
        self.assertIn(POLICY["motto"], block)
        for statement in POLICY["statements"]:
            self.assertIn(statement, block)
        self.assertNotIn("Dự thảo chưa duyệt", block)
        self.assertIn(f'href="{analysis.absolute_url()}"', block)
        self.assertIn(ANALYSIS["title"], block)
        self.assertIn("Năm", block)
        # The staff member may open the applied items.
        page.open(analysis.absolute_url())
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Đội ngũ cán bộ được đào tạo bài bản", page.contents)

    def test_agency_home_does_not_render_the_applied_items_pages(self):
        # A path expression ending on a content object calls it: the home once rendered
        # the full pages of the applied policy and analysis (twice each) only to test them.
        from Acquisition import aq_base
        from unittest import mock

        import contextlib

        policy = self.create("QualityPolicy", POLICY, applied=True)
        analysis = self.create("ContextAnalysis", ANALYSIS, applied=True)
        classes = {type(aq_base(policy)), type(aq_base(analysis))}
        page = browser(self.app, "a-staff")
        with contextlib.ExitStack() as patches:
            for cls in classes:
                patches.enter_context(
                    mock.patch.object(cls, "__call__", side_effect=AssertionError("rendered")))
            page.open(self.portal["co-quan-a"].absolute_url())
        self.assertEqual(page.headers["status"], "200 OK")
        block = page.contents.split('id="eiso-applied"')[1].split("</section>")[0]
        self.assertIn(POLICY["motto"], block)
        self.assertIn(ANALYSIS["title"], block)


class TestRest(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        from eiso.testing import RestSession

        self.portal = self.layer["portal"]
        self.session = RestSession(self.portal, "a-secretary")
        self.addCleanup(self.session.close)

    def test_secretary_creates_and_reads_a_context_analysis(self):
        response = self.session.post(
            "/co-quan-a/boi-canh", json=dict(ANALYSIS, **{"@type": "ContextAnalysis"})
        )
        self.assertEqual(response.status_code, 201, response.text)
        data = self.session.get(
            "/co-quan-a/boi-canh/boi-canh-to-chuc-nam-2026"
        ).json()
        self.assertEqual(data["year"], 2026)
        self.assertEqual(data["internal_issues"], ANALYSIS["internal_issues"])
        self.assertEqual(data["exclusions"], ANALYSIS["exclusions"])
        self.assertEqual(data["method"]["token"], "SWOT")

    def test_rows_of_the_wrong_kind_are_refused(self):
        response = self.session.post(
            "/co-quan-a/boi-canh",
            json={"@type": "ContextAnalysis", "title": "Sai",
                  "internal_issues": [{"issue": "Cơ hội", "kind": "opportunity"}]},
        )
        self.assertEqual(response.status_code, 400, response.text)
