"""Internal audit programmes (Chương trình đánh giá nội bộ, SPEC §8, seed 002 §4): the
ISO secretary drafts the year's schedule (department × month) in ``danh-gia``, the
leader approves and applies it; the page shows it as a calendar with details on hover."""

from eiso.cases.flows import code_prefix
from eiso.content.audit_programme import calendar
from eiso.content.audit_programme import IAuditProgrammeSchema
from eiso.content.audit_programme import schedule_problem
from eiso.content.fields import create_content
from eiso.content.fields import current_year
from eiso.content.section import SECTION_TYPES
from eiso.interfaces import IEisoLayer
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.schema import ValidationError

import unittest


SCHEDULE = [
    {"department": "van-phong", "month": 3, "auditors": "Thư Ký A",
     "clauses": "7.5, 8.2", "note": "Kiểm soát hồ sơ"},
    {"department": "phong-cntt", "month": 3, "auditors": "Trưởng Phòng A, Nhân Viên A",
     "clauses": "8.1", "note": ""},
    {"department": "phong-cntt", "month": 10, "auditors": "Thư Ký A", "clauses": "",
     "note": "Đánh giá lại"},
]


def add_programme(container, year=2026, schedule=None, **fields):
    return api.content.create(
        container=container, type="AuditProgramme",
        title=f"Chương trình đánh giá nội bộ năm {year}", year=year,
        schedule=list(SCHEDULE if schedule is None else schedule), **fields)


def vi(message):
    return translate(message, target_language="vi")


class TestProgramme(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.section = self.portal["co-quan-a"]["danh-gia"]

    def test_the_section_allows_programmes(self):
        self.assertIn("AuditProgramme", SECTION_TYPES["danh-gia"])
        self.assertEqual(code_prefix("AuditProgramme"), "CT")
        self.assertEqual(api.portal.get_tool("portal_workflow").getChainForPortalType(
            "AuditProgramme"), ("eiso_approval_workflow",))

    def test_secretary_drafts_with_defaults(self):
        login(self.portal, "a-secretary")
        programme = create_content(self.section, "AuditProgramme", year=2026,
                                   title="Chương trình đánh giá nội bộ năm 2026")
        self.assertEqual(programme.getId(), "chuong-trinh-danh-gia-noi-bo-nam-2026")
        self.assertEqual(IAuditProgrammeSchema["title"].defaultFactory(),
                         f"Chương trình đánh giá nội bộ năm {current_year()}")
        self.assertIn("ISO 9001:2015", programme.criteria)
        self.assertEqual(programme.schedule, [])
        self.assertEqual(api.content.get_state(programme), "draft")
        self.assertTrue(programme.code.startswith("CT-"), programme.code)
        self.assertEqual(programme.responsible_users, ["a-secretary"])

    def test_staff_and_heads_may_not_add(self):
        for user in ("a-staff", "a-head", "a-leader"):
            login(self.portal, user)
            self.assertFalse(api.user.has_permission("eiso: Add AuditProgramme",
                                                     obj=self.section), user)
        login(self.portal, "a-secretary")
        self.assertTrue(api.user.has_permission("eiso: Add AuditProgramme", obj=self.section))

    def test_calendar_cells(self):
        departments = [("van-phong", "Văn phòng"), ("phong-cntt", "Phòng CNTT"),
                       ("phong-khac", "Phòng khác")]
        rows = calendar(SCHEDULE + [{"department": "da-xoa", "month": 1}], departments)
        self.assertEqual([row.department for row in rows],
                         ["van-phong", "phong-cntt", "phong-khac", "da-xoa"])
        marked = {(row.department, cell.month) for row in rows for cell in row.cells
                  if cell.marked}
        self.assertEqual(marked, {("van-phong", 3), ("phong-cntt", 3), ("phong-cntt", 10),
                                  ("da-xoa", 1)})
        self.assertTrue(all(len(row.cells) == 12 for row in rows))
        self.assertEqual(rows[1].cells[9].audits[0]["note"], "Đánh giá lại")
        self.assertEqual(rows[3].title, "da-xoa")  # no longer in the organisation

    def test_page_shows_the_calendar_with_tooltips(self):
        login(self.portal, "a-secretary")
        programme = add_programme(self.section)
        view = api.content.get_view("view", programme, self.request)
        calendar_rows = view.calendar()
        self.assertEqual([row["title"] for row in calendar_rows],
                         ["Văn phòng", "Phòng Công nghệ thông tin"])
        cells = {(row["department"], cell["month"]): cell
                 for row in calendar_rows for cell in row["cells"]}
        self.assertEqual(len(cells), 24)
        self.assertEqual(sorted(key for key, cell in cells.items() if cell["marked"]),
                         [("phong-cntt", 3), ("phong-cntt", 10), ("van-phong", 3)])
        self.assertEqual(cells[("phong-cntt", 4)]["tooltip"], "")
        self.assertEqual(
            cells[("phong-cntt", 3)]["tooltip"],
            "Phòng Công nghệ thông tin, tháng 3 — Đoàn đánh giá: Trưởng Phòng A, Nhân Viên A"
            " — Điều khoản ISO: 8.1")
        self.assertEqual(
            cells[("van-phong", 3)]["tooltip"],
            "Văn phòng, tháng 3 — Đoàn đánh giá: Thư Ký A — Điều khoản ISO: 7.5, 8.2"
            " — Kiểm soát hồ sơ")
        html = view()
        self.assertIn('id="eiso-audit-calendar"', html)
        self.assertIn('title="Văn phòng, tháng 3 — Đoàn đánh giá: Thư Ký A', html)
        self.assertEqual(html.count("eiso-audit-marked"), 3)
        self.assertIn(">T12</abbr>", html)
        months = view.schedule_by_month()
        self.assertEqual([(m["title"], len(m["audits"])) for m in months],
                         [("Tháng 3", 2), ("Tháng 10", 1)])
        self.assertEqual(months[1]["audits"][0]["department"], "Phòng Công nghệ thông tin")
        printed = api.content.get_view("print", programme, self.request)()
        self.assertIn("A4 landscape", printed)
        self.assertIn("Sở Thông tin và Truyền thông", printed)
        self.assertIn("Tháng 10", printed)
        self.assertIn("Kiểm soát hồ sơ", printed)

    def test_found_by_its_schedule(self):
        login(self.portal, "a-secretary")
        programme = add_programme(self.section)
        for text in ("Kiểm soát hồ sơ", "kiem soat ho so", "Nhân Viên A"):
            found = api.content.find(SearchableText=text, portal_type="AuditProgramme")
            self.assertEqual([b.UID for b in found], [programme.UID()], text)

    def test_empty_schedule(self):
        login(self.portal, "a-secretary")
        programme = add_programme(self.section, schedule=[])
        html = api.content.get_view("view", programme, self.request)()
        self.assertNotIn("eiso-audit-marked", html)
        self.assertIn("Chưa lập lịch đánh giá nào.", html)

    def test_validation_messages(self):
        field = IAuditProgrammeSchema["schedule"]
        field = field.bind(self.section)
        for rows, message in (
            ([{"department": "van-phong", "month": 13}],
             "Lịch đánh giá, dòng 1: tháng phải từ 1 đến 12 (đã nhập 13)."),
            ([{"department": "van-phong", "month": 0}],
             "Lịch đánh giá, dòng 1: tháng phải từ 1 đến 12 (đã nhập 0)."),
            ([{"department": "van-phong", "month": 2}, {"month": 4}],
             "Lịch đánh giá, dòng 2: chọn phòng ban được đánh giá."),
            ([{"department": "van-phong"}],
             "Lịch đánh giá, dòng 1: nhập tháng đánh giá (từ 1 đến 12)."),
            ([{"department": "van-phong", "month": 5}, {"department": "phong-cntt", "month": 5},
              {"department": "van-phong", "month": 5}],
             "Lịch đánh giá, dòng 3: phòng ban này đã được đánh giá trong tháng 5 (dòng 1)."),
        ):
            with self.assertRaises(ValidationError) as raised:
                field.validate(rows)
            self.assertEqual(vi(raised.exception.doc()), message)
        self.assertIsNone(schedule_problem(SCHEDULE))
        field.validate([dict(row) for row in SCHEDULE])
        # a department that is not the agency's is refused by the row's own field
        with self.assertRaises(ValidationError):
            field.validate([{"department": "khong-co", "month": 1}])


class TestWorkflow(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["danh-gia"]

    def transition(self, user, programme, transition):
        login(self.portal, user)
        api.content.transition(obj=programme, transition=transition)

    def apply(self, programme):
        self.transition("a-secretary", programme, "submit")
        self.transition("a-leader", programme, "approve")
        self.transition("a-leader", programme, "apply")

    def test_roles_state_by_state(self):
        login(self.portal, "a-secretary")
        programme = add_programme(self.section)

        def may(user, permission="View"):
            login(self.portal, user)
            return api.user.has_permission(permission, obj=programme)

        self.assertTrue(may("a-secretary", "Modify portal content"))
        self.assertFalse(may("a-staff"))
        self.assertFalse(may("a-leader", "Modify portal content"))
        self.assertFalse(may("b-admin"))
        self.transition("a-secretary", programme, "submit")
        self.assertEqual(api.content.get_state(programme), "pending")
        self.assertEqual(programme.responsible_users, ["a-leader"])
        self.assertFalse(may("a-secretary", "Modify portal content"))
        self.assertTrue(may("a-leader", "Review portal content"))
        login(self.portal, "a-secretary")
        self.assertNotIn("approve", [t["id"] for t in
                                     api.portal.get_tool("portal_workflow")
                                     .getTransitionsFor(programme)])
        self.transition("a-leader", programme, "approve")
        self.transition("a-leader", programme, "apply")
        self.assertEqual(api.content.get_state(programme), "applied")
        self.assertTrue(may("a-staff"))
        self.assertFalse(may("a-staff", "Modify portal content"))
        self.assertFalse(may("b-admin"))
        self.assertFalse(may("b-staff"))
        login(self.portal, "b-leader")
        self.assertEqual(len(api.content.find(portal_type="AuditProgramme")), 0)
        login(self.portal, "a-staff")
        self.assertEqual(len(api.content.find(portal_type="AuditProgramme")), 1)

    def test_leader_sends_back_and_rejects(self):
        login(self.portal, "a-secretary")
        programme = add_programme(self.section)
        self.transition("a-secretary", programme, "submit")
        self.transition("a-leader", programme, "send_back")
        self.assertEqual(api.content.get_state(programme), "draft")
        self.transition("a-secretary", programme, "submit")
        self.transition("a-leader", programme, "reject")
        self.assertEqual(api.content.get_state(programme), "rejected")

    def test_applying_supersedes_the_same_year_only(self):
        login(self.portal, "a-secretary")
        last_year = add_programme(self.section, year=2025)
        first = add_programme(self.section, year=2026)
        second = add_programme(self.section, year=2026,
                               schedule=[{"department": "van-phong", "month": 6}])
        for programme in (last_year, first):
            self.apply(programme)
        self.assertEqual(api.content.get_state(last_year), "applied")
        self.apply(second)
        self.assertEqual(api.content.get_state(second), "applied")
        self.assertEqual(api.content.get_state(first), "superseded")
        self.assertEqual(api.content.get_state(last_year), "applied")

    def test_other_agency_is_not_superseded(self):
        login(self.portal, "b-admin")
        other = add_programme(self.portal["co-quan-b"]["danh-gia"], year=2026, schedule=[])
        self.transition("b-admin", other, "submit")
        self.transition("b-leader", other, "approve")
        self.transition("b-leader", other, "apply")
        login(self.portal, "a-secretary")
        mine = add_programme(self.section, year=2026)
        self.apply(mine)
        self.assertEqual(api.content.get_state(other), "applied")


class TestListing(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.section = self.portal["co-quan-a"]["danh-gia"]
        login(self.portal, "a-secretary")
        self.old = add_programme(self.section, year=2025)
        self.new = add_programme(self.section, year=2026)
        api.content.transition(obj=self.new, transition="submit")

    def listing(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = api.content.get_view("section-listing", self.section, self.request)
        return view, view()

    def rows(self, **form):
        view = api.content.get_view("section-listing-danh-gia", self.section, self.request)
        self.request.form.clear()
        self.request.form.update(form)
        view.params = view._params()
        return view.rows(view.batch())

    def test_lists_programmes_newest_year_first(self):
        rows = self.rows()
        self.assertEqual([(row["year"], row["state"]) for row in rows],
                         [(2026, "Chờ duyệt"), (2025, "Dự thảo")])
        self.assertEqual(rows[0]["type"], "Chương trình đánh giá nội bộ")
        self.assertTrue(rows[0]["code"].startswith("CT-"))
        view, html = self.listing()
        self.assertIn("eiso-evaluation-table", html)
        self.assertIn("++add++AuditProgramme", html)
        self.assertIn('<option value="2025"', html)

    def test_filters(self):
        self.assertEqual([row["year"] for row in self.rows(year="2025")], [2025])
        self.assertEqual([row["year"] for row in self.rows(review_state="pending")], [2026])
        self.assertEqual(self.rows(year="hai nghìn"), [])
        self.assertEqual(self.rows(year="2024"), [])
        view, html = self.listing(year="2024")
        self.assertIn("Không có mục nào phù hợp với bộ lọc.", html)

    def test_staff_sees_no_add_button_nor_drafts(self):
        login(self.portal, "a-staff")
        view, html = self.listing()
        self.assertNotIn("++add++AuditProgramme", html)
        self.assertEqual(self.rows(), [])
        logout()
