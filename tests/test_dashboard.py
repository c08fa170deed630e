"""The agency home dashboard (SPEC §10): my inbox counts, the overdue cases, the
documents due for review and the charts, each counted as the viewing user.

The fixtures set every date explicitly (creation, deadlines, when each step was
finished) and "today" is fixed, so every figure below is known exactly.
"""

from datetime import date
from datetime import timedelta
from DateTime import DateTime
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.content.procedure_guide import create_procedure_guide
from eiso.dashboard import Dashboard
from eiso.dashboard import month_starts
from eiso.dashboard.indexers import is_late
from eiso.testing import apply_demo
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from unittest import mock

import transaction
import unittest


TODAY = date(2026, 6, 17)  # a Wednesday: due soon (2 working days) = 17/06 … 21/06
MONTHS = ["07/2025", "08/2025", "09/2025", "10/2025", "11/2025", "12/2025",
          "01/2026", "02/2026", "03/2026", "04/2026", "05/2026", "06/2026"]


def day(text):
    return date.fromisoformat(text)


def at(value):
    """10 o'clock on the day ``value`` (a date), as Zope stores times."""
    return DateTime(f"{value.isoformat()} 10:00:00")


def fix_today(test):
    for target in ("eiso.dashboard.today", "eiso.inbox.today"):
        patcher = mock.patch(target, return_value=TODAY)
        patcher.start()
        test.addCleanup(patcher.stop)


def build_cases(portal):
    """Quality policies of agency A with known dates; returns {name: item}.

    Open (waiting):   P1 Chờ duyệt, deadline 10/06 (7 days late), created 04/05/2026
                      P2 Chờ duyệt, deadline 15/06 (2 days late), created 01/06/2026
                      P3 Chờ duyệt, deadline 19/06 (due soon),    created 02/06/2026
                      P4 Chờ duyệt, deadline 22/06 (on time),     created 15/12/2025
                      P5 Dự thảo (waits for its author, no deadline), created 20/06/2025
    Finished:         F1 Đang áp dụng 20/05/2026, every step in time, created 02/05/2026
                      F2 Không duyệt 26/05/2026, step 2 late,        created 03/05/2026
                      F3 Không duyệt 05/06/2026, finished on its deadline day, created 30/05/2026
                      F4 Không duyệt 10/05/2025 (before the 12 months), created 20/04/2025
                      F5 Không duyệt 09/03/2026, step 1 late, step 2 in time, created 27/02/2026
    """
    agency = portal["co-quan-a"]
    cases = {}

    def policy(name, created):
        login(portal, "a-secretary")
        item = api.content.create(
            container=agency["boi-canh"], type="QualityPolicy", title=f"Chính sách {name}",
            year=2026, motto="Chất lượng", statements=["Phục vụ người dân"])
        cases[name] = (item, created)
        return item

    def move(item, *steps):
        for user_id, transition in steps:
            login(portal, user_id)
            hand_over(item, transition)

    def timeline(item, *steps):
        """(deadline, finished) of each step, in order."""
        for step, (deadline, finished) in zip(CaseSteps(item), steps):
            step["deadline"] = deadline and day(deadline)
            step["finished"] = finished and at(day(finished))
        current = CaseSteps(item).current()
        if current is not None:
            item.due_date = current["deadline"]

    for name, created, deadline in (("P1", "2026-05-04", "2026-06-10"),
                                    ("P2", "2026-06-01", "2026-06-15"),
                                    ("P3", "2026-06-02", "2026-06-19"),
                                    ("P4", "2025-12-15", "2026-06-22")):
        item = policy(name, created)
        move(item, ("a-secretary", "submit"))
        timeline(item, (None, "2026-05-04"), (deadline, None))
    policy("P5", "2025-06-20")

    submit, reject = ("a-secretary", "submit"), ("a-leader", "reject")
    item = policy("F1", "2026-05-02")
    move(item, submit, ("a-leader", "approve"), ("a-secretary", "apply"))
    timeline(item, (None, "2026-05-10"), ("2026-05-15", "2026-05-14"),
             ("2026-05-22", "2026-05-20"))
    for name, created, steps in (
            ("F2", "2026-05-03", ((None, "2026-05-11"), ("2026-05-22", "2026-05-26"))),
            ("F3", "2026-05-30", ((None, "2026-06-01"), ("2026-06-05", "2026-06-05"))),
            ("F4", "2025-04-20", ((None, "2025-05-01"), ("2025-05-09", "2025-05-10"))),
            ("F5", "2026-02-27", (("2026-03-02", "2026-03-05"), ("2026-03-10", "2026-03-09")))):
        item = policy(name, created)
        move(item, submit, reject)
        timeline(item, *steps)

    for name, (item, created) in cases.items():
        item.creation_date = at(day(created))
        item.reindexObject()
    return {name: item for name, (item, _created) in cases.items()}


def controlled_document(portal, code, review_date, state="effective"):
    """A document of agency A's tai-lieu, made effective (or left a draft)."""
    from tests.test_documents_changes import html

    login(portal, "a-documents")
    item = api.content.create(
        container=portal["co-quan-a"]["tai-lieu"], type="ControlledDocument",
        title=f"Quy trình {code}", code=code, level="II", document_kind="quy-trinh",
        department="van-phong", text=html("Nội dung"),
        effective_date=TODAY - timedelta(days=365), review_date=review_date)
    if state == "effective":
        for user, transition in (("a-documents", "submit"), ("a-secretary", "endorse"),
                                 ("a-leader", "approve")):
            login(portal, user)
            hand_over(item, transition)
    return item


class DashboardTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        fix_today(self)

    def dashboard(self, user_id, agency=None):
        login(self.portal, user_id)
        return Dashboard(agency or self.agency, user_id, self.layer["request"])


class TestCaseFigures(DashboardTestCase):
    def setUp(self):
        super().setUp()
        self.cases = build_cases(self.portal)

    def test_the_catalog_knows_when_a_case_finished_and_whether_late(self):
        brains = {b.Title.split()[-1]: b for b in api.content.find(
            portal_type="QualityPolicy", unrestricted=True)}
        self.assertEqual(brains["F1"].case_finished, day("2026-05-20"))
        self.assertFalse(brains["F1"].case_late)
        self.assertEqual(brains["F2"].case_finished, day("2026-05-26"))
        self.assertTrue(brains["F2"].case_late)
        self.assertFalse(brains["F3"].case_late)  # finished on the deadline day
        self.assertTrue(brains["F5"].case_late)  # step 1 was late
        for name in ("P1", "P5"):  # open: nothing indexed
            self.assertFalse(brains[name].case_finished)
            self.assertFalse(brains[name].case_late)
        found = api.content.find(unrestricted=True, case_finished={
            "query": (day("2026-05-01"), day("2026-05-31")), "range": "min:max"})
        self.assertEqual(sorted(b.Title for b in found), ["Chính sách F1", "Chính sách F2"])

    def test_a_step_without_deadline_is_never_late(self):
        self.assertFalse(is_late([{"deadline": None, "finished": at(TODAY)}]))
        self.assertTrue(is_late([{"deadline": TODAY, "finished": at(TODAY + timedelta(1))}]))
        self.assertFalse(is_late([{"deadline": TODAY, "finished": at(TODAY)}]))

    def test_the_leaders_inbox(self):
        dashboard = self.dashboard("a-leader")
        inbox = dashboard.my_inbox()
        self.assertEqual((inbox["waiting"], inbox["overdue"], inbox["due_soon"]), (4, 2, 1))
        self.assertEqual(inbox["reminder_days"], 2)
        self.assertEqual(inbox["url"], "http://nohost/plone/co-quan-a/@@inbox")
        # the same figures as the inbox's own colours
        statuses = [dashboard.inbox.row(b)["status"]
                    for b in dashboard.inbox.search(dashboard.inbox.query("waiting"))]
        self.assertEqual(statuses.count("overdue"), 2)
        self.assertEqual(statuses.count("due_soon"), 1)

    def test_due_soon_follows_the_reminder_days_setting(self):
        api.portal.set_registry_record("eiso.reminder_days", 3)
        inbox = self.dashboard("a-leader").my_inbox()
        self.assertEqual((inbox["waiting"], inbox["overdue"], inbox["due_soon"]), (4, 2, 2))
        api.portal.set_registry_record("eiso.reminder_days", 0)  # only today's deadlines
        self.assertEqual(self.dashboard("a-leader").my_inbox()["due_soon"], 0)

    def test_the_secretary_and_the_staffs_inbox(self):
        inbox = self.dashboard("a-secretary").my_inbox()
        self.assertEqual((inbox["waiting"], inbox["overdue"], inbox["due_soon"]), (1, 0, 0))
        inbox = self.dashboard("a-staff").my_inbox()
        self.assertEqual((inbox["waiting"], inbox["overdue"], inbox["due_soon"]), (0, 0, 0))

    def test_overdue_cases_most_late_first(self):
        overdue = self.dashboard("a-secretary").overdue()
        self.assertEqual(overdue["count"], 2)
        self.assertEqual([(r["title"], r["days_late"], r["due_date"], r["handler_names"])
                          for r in overdue["rows"]],
                         [("Chính sách P1", 7, day("2026-06-10"), "Lãnh Đạo A"),
                          ("Chính sách P2", 2, day("2026-06-15"), "Lãnh Đạo A")])
        self.assertEqual(overdue["rows"][0]["code"], self.cases["P1"].code)
        self.assertEqual(overdue["url"], "http://nohost/plone/co-quan-a/@@overdue-cases")
        self.assertEqual(len(self.dashboard("a-secretary").overdue(limit=1)["rows"]), 1)

    def test_the_staff_counts_only_what_they_may_see(self):
        # drafts, pending and rejected policies are not for staff: only the applied one
        dashboard = self.dashboard("a-staff")
        self.assertEqual(dashboard.overdue()["count"], 0)
        self.assertEqual(dashboard.cases_by_state()["rows"],
                         [{"title": "Đang áp dụng", "count": 1, "width": 100.0}])
        opened = dashboard.opened_by_month()
        self.assertEqual(opened["total"], 1)
        on_time = dashboard.on_time_by_month()
        self.assertEqual((on_time["finished"], on_time["on_time"], on_time["rate"]), (1, 1, 100))

    def test_cases_by_state(self):
        states = self.dashboard("a-secretary").cases_by_state()
        self.assertEqual(states["total"], 10)
        self.assertEqual([(r["title"], r["count"], r["width"]) for r in states["rows"]],
                         [("Chờ duyệt", 4, 100.0), ("Không duyệt", 4, 100.0),
                          ("Dự thảo", 1, 25.0), ("Đang áp dụng", 1, 25.0)])
        states = self.dashboard("a-secretary").cases_by_state(limit=3)
        self.assertEqual([(r["title"], r["count"]) for r in states["rows"]],
                         [("Chờ duyệt", 4), ("Không duyệt", 4), ("Các trạng thái khác", 2)])
        self.assertEqual(states["total"], 10)

    def test_cases_opened_per_month(self):
        opened = self.dashboard("a-leader").opened_by_month()
        self.assertEqual([r["label"] for r in opened["rows"]], MONTHS)
        counts = {r["label"]: r["count"] for r in opened["rows"]}
        self.assertEqual(counts, dict.fromkeys(MONTHS, 0) | {
            "12/2025": 1, "02/2026": 1, "05/2026": 4, "06/2026": 2})
        self.assertEqual(opened["total"], 8)
        widths = {r["label"]: r["width"] for r in opened["rows"]}
        self.assertEqual((widths["05/2026"], widths["06/2026"], widths["07/2025"]),
                         (100.0, 50.0, 0))

    def test_on_time_rate_by_month(self):
        chart = self.dashboard("a-leader").on_time_by_month()
        self.assertEqual((chart["finished"], chart["on_time"], chart["rate"]), (4, 2, 50))
        rows = {r["label"]: r for r in chart["rows"]}
        self.assertEqual([r["label"] for r in chart["rows"]], MONTHS)
        self.assertEqual(
            {label: (r["finished"], r["on_time"], r["late"], r["rate"]) for label, r in rows.items()
             if r["finished"]},
            {"03/2026": (1, 0, 1, 0), "05/2026": (2, 1, 1, 50), "06/2026": (1, 1, 0, 100)})
        self.assertIsNone(rows["04/2026"]["rate"])

    def test_agency_b_sees_nothing_of_agency_a(self):
        figures = self.dashboard("b-leader", self.agency).data()
        self.assertEqual(figures["inbox"]["waiting"], 0)
        self.assertEqual(figures["overdue"]["count"], 0)
        self.assertEqual(figures["cases_by_state"]["total"], 0)
        self.assertEqual(figures["opened_by_month"]["total"], 0)
        self.assertEqual(figures["on_time_by_month"]["finished"], 0)
        own = self.dashboard("b-leader", self.portal["co-quan-b"]).data()
        self.assertEqual((own["inbox"]["waiting"], own["overdue"]["count"],
                          own["cases_by_state"]["total"]), (0, 0, 0))

    def test_reaching_a_final_state_today_counts_in_this_month(self):
        item = self.cases["P3"]
        login(self.portal, "a-leader")
        with mock.patch("eiso.cases.steps.DateTime", return_value=at(TODAY)):
            hand_over(item, "reject")
        chart = self.dashboard("a-leader").on_time_by_month()
        june = chart["rows"][-1]
        self.assertEqual((june["finished"], june["on_time"]), (2, 2))
        self.assertEqual(self.dashboard("a-leader").my_inbox()["waiting"], 3)


class TestMonths(unittest.TestCase):
    def test_month_starts(self):
        self.assertEqual(month_starts(date(2026, 2, 28), 3),
                         [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)])


class TestDocumentsDue(DashboardTestCase):
    def setUp(self):
        super().setUp()
        for code, review_date, state in (
                ("QT-01", TODAY - timedelta(days=30), "effective"),  # past
                ("QT-02", TODAY + timedelta(days=2), "effective"),  # within 10 working days
                ("QT-03", TODAY + timedelta(days=200), "effective"),  # not yet
                ("QT-04", TODAY, "draft")):  # not in force: no review
            controlled_document(self.portal, code, review_date, state)
        # flagged for review (a legal basis expired): one applied, one draft
        login(self.portal, "a-secretary")
        applied = create_procedure_guide(
            self.agency["thu-tuc"], code="1.004486", procedure_name="Cấp giấy chứng nhận",
            processing_days=15, field="Khoa học và Công nghệ")
        for user_id, transition in (("a-secretary", "submit"), ("a-leader", "approve"),
                                    ("a-leader", "apply")):
            login(self.portal, user_id)
            api.content.transition(obj=applied, transition=transition)
        login(self.portal, "a-secretary")
        draft = create_procedure_guide(
            self.agency["thu-tuc"], code="1.004487", procedure_name="Cấp lại giấy chứng nhận",
            processing_days=5, field="Khoa học và Công nghệ")
        create_procedure_guide(self.agency["thu-tuc"], code="1.004488",
                               procedure_name="Gia hạn giấy chứng nhận", processing_days=5,
                               field="Khoa học và Công nghệ")
        for guide in (applied, draft):
            guide.needs_review = ("uid-of-an-expired-law",)
            guide.reindexObject()

    def test_documents_due_for_review(self):
        due = self.dashboard("a-secretary").documents_due()
        self.assertEqual(due["documents_count"], 2)
        self.assertEqual([(r["code"], r["overdue"]) for r in due["documents"]],
                         [("QT-01", True), ("QT-02", False)])
        self.assertEqual(due["documents"][0]["review_date"], TODAY - timedelta(days=30))
        self.assertEqual(due["documents_url"],
                         "http://nohost/plone/co-quan-a/tai-lieu?show=review-due")
        self.assertEqual(due["guides_count"], 2)
        self.assertEqual([r["code"] for r in due["guides"]], ["1.004486", "1.004487"])
        self.assertEqual(due["guides_url"], "http://nohost/plone/co-quan-a/thu-tuc?needs_review=1")

    def test_only_what_the_user_may_see(self):
        # the draft guide is the secretary's: the staff does not see it
        due = self.dashboard("a-staff").documents_due()
        self.assertEqual((due["documents_count"], due["guides_count"]), (2, 1))
        due = self.dashboard("b-leader", self.agency).documents_due()
        self.assertEqual((due["documents_count"], due["guides_count"]), (0, 0))


class TestDashboardPage(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        fix_today(self)
        build_cases(self.portal)
        transaction.commit()

    def home(self, user):
        page = browser(self.layer["app"], user)
        page.open(self.portal["co-quan-a"].absolute_url())
        return page

    def test_each_role_sees_its_own_figures(self):
        expected = {  # user: (waiting, overdue, due soon, agency's overdue cases)
            "a-leader": (4, 2, 1, 2), "a-secretary": (1, 0, 0, 2), "a-admin": (0, 0, 0, 2),
            "a-head": (0, 0, 0, 0), "a-legal": (0, 0, 0, 0), "a-documents": (0, 0, 0, 0),
            "a-records": (0, 0, 0, 0), "a-hr": (0, 0, 0, 0), "a-staff": (0, 0, 0, 0),
        }
        for user, (waiting, mine, soon, overdue) in expected.items():
            with self.subTest(user=user):
                page = self.home(user)
                self.assertEqual(page.headers["status"], "200 OK")
                body = page.contents
                self.assertIn("Hộp việc của tôi", body)
                self.assertIn(f"Đang chờ tôi xử lý: <strong>{waiting}</strong>", body)
                self.assertIn(f"trong đó quá hạn: <strong>{mine}</strong>", body)
                self.assertIn(f"đến hạn trong 2 ngày làm việc: <strong>{soon}</strong>", body)
                self.assertIn("Hồ sơ quá hạn", body)
                self.assertIn("Biểu đồ hồ sơ theo trạng thái", body)
                if overdue:
                    self.assertIn("Chính sách P1", body)
                    self.assertIn("Xem tất cả hồ sơ quá hạn", body)
                else:
                    self.assertIn("Không có hồ sơ quá hạn.", body)
                    self.assertNotIn("Chính sách P1", body)

    def test_the_charts_and_the_overdue_page(self):
        page = self.home("a-leader")
        body = page.contents
        self.assertIn("Tài liệu đến hạn rà soát", body)
        self.assertIn("Không có tài liệu nào đến hạn rà soát.", body)
        self.assertIn('aria-label="Chờ duyệt: 4"', body)
        self.assertIn('aria-label="05/2026: 4"', body)
        self.assertIn('aria-label="05/2026: 50 %"', body)
        self.assertIn("12 tháng gần nhất: <strong>2</strong> trên <strong>4</strong> hồ sơ "
                      "hoàn thành đúng hạn (50 %).", body)
        page.getLink(id="eiso-dashboard-overdue-all").click()
        self.assertEqual(page.headers["status"], "200 OK")
        rows = page.contents.split('id="eiso-overdue-cases"')[1]
        self.assertLess(rows.index("Chính sách P1"), rows.index("Chính sách P2"))
        self.assertNotIn("Chính sách P3", rows)

    def test_rest(self):
        session = RestSession(self.portal, "a-leader")
        self.addCleanup(session.close)
        response = session.get("/co-quan-a/@agency-dashboard")
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["inbox"]["waiting"], 4)
        self.assertEqual(data["overdue"]["count"], 2)
        self.assertEqual(data["overdue"]["rows"][0]["due_date"], "2026-06-10")
        self.assertEqual(data["overdue"]["rows"][0]["days_late"], 7)
        self.assertEqual(data["on_time_by_month"]["rate"], 50)
        self.assertEqual(data["cases_by_state"]["total"], 10)
        other = RestSession(self.portal, "b-leader")
        self.addCleanup(other.close)
        self.assertIn(other.get("/co-quan-a/@agency-dashboard").status_code, (401, 403))
        self.assertEqual(RestSession(self.portal).get("/co-quan-a/@agency-dashboard").status_code,
                         401)

    def test_documents_due_on_the_page(self):
        controlled_document(self.portal, "QT-01", TODAY - timedelta(days=30))
        controlled_document(self.portal, "QT-02", TODAY + timedelta(days=3))
        transaction.commit()
        body = self.home("a-staff").contents
        section = body.split('id="eiso-dashboard-review"')[1].split("</section>")[0]
        self.assertIn("Quy trình QT-01", section)
        self.assertIn("ngày rà soát 18/05/2026", section)
        self.assertEqual(section.count("(quá hạn)"), 1)
        self.assertIn("Xem tất cả tài liệu đến hạn rà soát (2)", section)
        self.assertIn("tai-lieu?show=review-due", section)
        self.assertNotIn("Không có tài liệu nào đến hạn rà soát.", section)

    def test_agency_b_cannot_open_agency_a(self):
        page = browser(self.layer["app"], "b-leader")
        for view in ("", "/@@agency-dashboard", "/@@overdue-cases"):
            page.open(self.portal["co-quan-a"].absolute_url() + view)
            self.assertTrue(page.headers["status"].startswith(("401", "403"))
                            or "insufficient-privileges" in page.url
                            or "require_login" in page.url, page.headers["status"])
            self.assertNotIn("Chính sách P1", page.contents)
            self.assertNotIn("Hộp việc của tôi", page.contents)


class TestDemoDashboard(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_the_demo_home_has_charts_for_the_secretary(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        apply_demo()
        agency = portal["so-khcn"]
        login(portal, "thuky")
        figures = Dashboard(agency, "thuky", self.layer["request"]).data()
        self.assertGreater(figures["cases_by_state"]["total"], 0)
        self.assertGreater(figures["opened_by_month"]["total"], 0)
        self.assertTrue(any(r["count"] for r in figures["cases_by_state"]["rows"]))
        html = agency.restrictedTraverse("@@agency-home")()
        self.assertIn("Biểu đồ hồ sơ theo trạng thái", html)
        self.assertIn('class="progress-bar bg-primary"', html)
