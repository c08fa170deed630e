"""The ISO inbox, "Kiểm soát hoạt động ISO" (SPEC §4): the secretary submits, the
case waits in the leader's "Chưa xử lý" and the secretary follows it; once
applied both find it in "Hoàn thành"; nobody else sees it."""

from datetime import date
from datetime import timedelta
from DateTime import DateTime
from eiso.cases.handover import hand_over
from eiso.inbox import Inbox
from eiso.inbox import InboxError
from eiso.inbox import InboxParams
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from eiso.workingdays import add_working_days
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.batching import Batch
from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
from unittest import mock

import transaction
import unittest


def create_case(section, title, year=2026, portal_type="QualityPolicy", user="a-secretary"):
    login(api.portal.get(), user)
    return api.content.create(container=section, type=portal_type, title=title, year=year)


def set_deadline(item, deadline):
    """As if the deadline had been set earlier (the form refuses past dates)."""
    item.due_date = deadline
    item.reindexObject()


def woken(*args, **kwargs):
    raise AssertionError("the inbox woke an object up")


class InboxTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["boi-canh"]

    def inbox(self, user, context=None, **form):
        """(codes of the page, counts) of ``user``'s inbox, computed as ``user``."""
        login(self.portal, user)
        inbox = Inbox(context or self.portal, user, self.layer["request"])
        params = InboxParams.from_form(form)
        results = inbox.results(params)
        counts = inbox.counts(params)
        # The page's batch counts what the tab counts (both tell the user how many).
        self.assertEqual(Batch(results, params.b_size, params.b_start).sequence_length,
                         counts[params.tab])
        page = results[params.b_start:params.b_start + params.b_size]
        return [inbox.row(brain)["code"] for brain in page], counts

    def codes(self, user, tab="waiting", **form):
        return self.inbox(user, tab=tab, **form)[0]

    def rows(self, user, **form):
        login(self.portal, user)
        inbox = Inbox(self.portal, user, self.layer["request"])
        return [inbox.row(brain) for brain in inbox.results(InboxParams.from_form(form))]


class TestTabs(InboxTestCase):
    def setUp(self):
        super().setUp()
        self.policy = create_case(self.section, "Chính sách chất lượng 2026")
        hand_over(self.policy, "submit", comment="Kính trình lãnh đạo")

    def test_after_submit_it_waits_for_the_leader_and_the_secretary_follows_it(self):
        codes, counts = self.inbox("a-leader")
        self.assertEqual(codes, ["CS-2026-001"])
        self.assertEqual(counts, {"waiting": 1, "following": 0, "done": 0})
        self.assertEqual(self.codes("a-secretary", "following"), ["CS-2026-001"])
        self.assertEqual(self.inbox("a-secretary")[1], {"waiting": 0, "following": 1, "done": 0})

    def test_others_of_the_agency_and_other_agencies_see_nothing(self):
        for user in ("a-staff", "b-leader"):
            self.assertEqual(self.inbox(user)[1], {"waiting": 0, "following": 0, "done": 0}, user)
        # Even named as a handler, b-leader cannot see agency A's case: the query is his.
        self.policy.responsible_users = ["a-leader", "b-leader"]
        self.policy.reindexObject()
        self.assertEqual(self.codes("b-leader"), [])
        self.assertEqual(self.codes("a-leader"), ["CS-2026-001"])

    def test_approved_then_applied_it_is_done_for_both(self):
        login(self.portal, "a-leader")
        hand_over(self.policy, "approve", comment="Đồng ý")
        self.assertEqual(self.codes("a-secretary"), ["CS-2026-001"])
        self.assertEqual(self.codes("a-leader", "following"), ["CS-2026-001"])
        login(self.portal, "a-leader")
        hand_over(self.policy, "apply")
        for user in ("a-secretary", "a-leader"):
            codes, counts = self.inbox(user, tab="done")
            self.assertEqual(codes, ["CS-2026-001"], user)
            self.assertEqual(counts, {"waiting": 0, "following": 0, "done": 1}, user)
        # Applied, the case is visible to the whole agency, but it is not a-staff's.
        self.assertEqual(self.inbox("a-staff")[1], {"waiting": 0, "following": 0, "done": 0})

    def test_an_agency_inbox_lists_that_agency_only(self):
        login(self.portal, "a-leader")
        self.assertEqual(self.inbox("a-leader", context=self.agency)[0], ["CS-2026-001"])
        self.assertEqual(self.inbox("a-leader", context=self.portal["co-quan-b"])[0], [])

    def test_a_row_reads_like_the_page(self):
        row, = self.rows("a-leader")
        self.assertEqual(row["title"], "Chính sách chất lượng 2026")
        self.assertEqual(row["type_title"], "Chính sách chất lượng")
        self.assertEqual(row["step"], "Bước 2: Lãnh đạo phê duyệt")
        self.assertEqual(row["step_number"], 2)
        self.assertEqual(row["handlers"], [{"id": "a-leader", "fullname": "Lãnh Đạo A"}])
        self.assertEqual(row["department"], {"id": "van-phong", "title": "Văn phòng"})
        self.assertEqual(row["due_date"], add_working_days(date.today(), 3))
        self.assertEqual(row["url"], self.policy.absolute_url())
        self.assertEqual(row["uid"], self.policy.UID())
        self.assertEqual(row["review_state"], "pending")
        self.assertTrue(row["review_state_title"])

    def test_the_inbox_reads_brains_only(self):
        login(self.portal, "a-leader")
        hand_over(self.policy, "approve")
        login(self.portal, "a-secretary")
        with mock.patch.object(AbstractCatalogBrain, "getObject", woken), \
                mock.patch.object(AbstractCatalogBrain, "_unrestrictedGetObject", woken):
            inbox = Inbox(self.portal, "a-secretary", self.layer["request"])
            for tab in ("waiting", "following", "done"):
                for brain in inbox.results(InboxParams(tab=tab)):
                    inbox.row(brain)
            inbox.counts()
            options = inbox.options()
            rows = self.rows("a-secretary")
        self.assertEqual([r["code"] for r in rows], ["CS-2026-001"])
        self.assertEqual(options["years"], [2026])
        self.assertIn({"id": "QualityPolicy", "title": "Chính sách chất lượng"}, options["types"])
        self.assertEqual(
            options["departments"],
            [{"id": "phong-cntt", "title": "Phòng Công nghệ thông tin"},
             {"id": "van-phong", "title": "Văn phòng"}],
        )


class TestFiltersSortingPages(InboxTestCase):
    def test_filters_by_type_year_and_department(self):
        policy_2025 = create_case(self.section, "Chính sách 2025", year=2025)
        policy_2026 = create_case(self.section, "Chính sách 2026", year=2026)
        analysis = create_case(self.section, "Bối cảnh 2026", portal_type="ContextAnalysis")
        # The secretary hands the analysis to a-staff (Phòng CNTT) without sending it on.
        hand_over(analysis, None, handlers=["a-staff"], comment="Nhờ anh rà soát")
        self.assertEqual(sorted(self.codes("a-secretary")), ["CS-2025-001", "CS-2026-001"])
        self.assertEqual(self.codes("a-secretary", year="2025"), ["CS-2025-001"])
        self.assertEqual(self.codes("a-secretary", portal_type="ContextAnalysis"), [])
        self.assertEqual(self.codes("a-secretary", "following", portal_type="ContextAnalysis"),
                         ["BC-2026-001"])
        self.assertEqual(self.codes("a-secretary", "following",
                                    responsible_department="phong-cntt"), ["BC-2026-001"])
        self.assertEqual(self.codes("a-secretary", responsible_department="phong-cntt"), [])
        self.assertEqual(self.codes("a-staff", responsible_department="phong-cntt"),
                         ["BC-2026-001"])
        codes, counts = self.inbox("a-secretary", year="2026")
        self.assertEqual(counts, {"waiting": 1, "following": 1, "done": 0})
        self.assertTrue(policy_2025 and policy_2026)

    def test_sorting(self):
        today = date.today()
        first = create_case(self.section, "Bảo đảm chất lượng")
        second = create_case(self.section, "Cải tiến liên tục")
        undated = create_case(self.section, "An toàn thông tin")
        hand_over(first, None, handlers=["a-secretary"], due_date=today + timedelta(days=20),
                  comment="Hạn xa")
        hand_over(second, None, handlers=["a-secretary"], due_date=today + timedelta(days=5),
                  comment="Hạn gần")
        # By deadline, nearest first; a case without a deadline comes after the others.
        self.assertEqual(self.codes("a-secretary"), ["CS-2026-002", "CS-2026-001", "CS-2026-003"])
        self.assertEqual(self.codes("a-secretary", sort_order="descending"),
                         ["CS-2026-001", "CS-2026-002", "CS-2026-003"])
        self.assertEqual(self.codes("a-secretary", sort_on="code"),
                         ["CS-2026-001", "CS-2026-002", "CS-2026-003"])
        self.assertEqual(self.codes("a-secretary", sort_on="code", sort_order="descending"),
                         ["CS-2026-003", "CS-2026-002", "CS-2026-001"])
        self.assertEqual(self.codes("a-secretary", sort_on="sortable_title"),
                         ["CS-2026-003", "CS-2026-001", "CS-2026-002"])
        for day, item in enumerate((second, undated, first), start=1):
            item.creation_date = DateTime(f"2026/01/0{day} 08:00")
            item.reindexObject(idxs=["created"])
        self.assertEqual(self.codes("a-secretary", sort_on="created"),
                         ["CS-2026-001", "CS-2026-003", "CS-2026-002"])
        self.assertEqual(len(self.codes("a-secretary", sort_on="modified")), 3)
        self.assertTrue(undated)

    def test_pages_of_twenty(self):
        for number in range(25):
            create_case(self.section, f"Chính sách {number:02d}")
        codes, counts = self.inbox("a-secretary", sort_on="code")
        self.assertEqual(counts["waiting"], 25)
        self.assertEqual(len(codes), 20)
        self.assertEqual(codes[0], "CS-2026-001")
        codes, _counts = self.inbox("a-secretary", sort_on="code", b_start="20")
        self.assertEqual(codes, [f"CS-2026-{n:03d}" for n in range(21, 26)])
        self.assertEqual(len(self.inbox("a-secretary", b_size="500")[0]), 25)
        self.assertEqual(InboxParams.from_form({"b_size": "500"}).b_size, 100)

    def test_bad_parameters(self):
        for form, field in (({"tab": "inbox"}, "tab"), ({"b_size": "abc"}, "b_size"),
                            ({"year": "năm nay"}, "year"), ({"sort_on": "Creator"}, "sort_on"),
                            ({"sort_order": "up"}, "sort_order"),
                            ({"portal_type": "Document"}, "portal_type"),
                            ({"tab": ["waiting", "done"]}, "tab")):
            with self.assertRaises(InboxError) as caught:
                InboxParams.from_form(form)
            self.assertEqual(caught.exception.field, field)


class TestStatus(InboxTestCase):
    def test_overdue_due_soon_on_time(self):
        today = date.today()
        cases = {}
        for status, deadline in (
            ("overdue", today - timedelta(days=1)),
            ("due_soon", add_working_days(today, 2)),
            ("on_time", add_working_days(today, 3)),
            ("none", None),
        ):
            cases[status] = create_case(self.section, status)
            set_deadline(cases[status], deadline)
        statuses = {row["title"]: (row["status"], row["status_title"])
                    for row in self.rows("a-secretary")}
        self.assertEqual(statuses, {
            "overdue": ("overdue", "Quá hạn"),
            "due_soon": ("due_soon", "Sắp đến hạn"),
            "on_time": ("on_time", "Đúng hạn"),
            "none": ("none", ""),
        })
        # due today is still "due soon"; with eiso.reminder_days = 0 too
        set_deadline(cases["due_soon"], today)
        api.portal.set_registry_record("eiso.reminder_days", 0)
        statuses = {row["title"]: row["status"] for row in self.rows("a-secretary")}
        self.assertEqual(statuses["due_soon"], "due_soon")
        self.assertEqual(statuses["on_time"], "on_time")

    def test_a_finished_case_has_no_status(self):
        policy = create_case(self.section, "Chính sách")
        hand_over(policy, "submit")
        login(self.portal, "a-leader")
        hand_over(policy, "approve")
        hand_over(policy, "apply")
        row, = self.rows("a-leader", tab="done")
        self.assertEqual((row["status"], row["step"], row["due_date"], row["handlers"]),
                         ("none", "", None, []))


class TestPageAndService(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        section = self.portal["co-quan-a"]["boi-canh"]
        self.submitted = create_case(section, "Chính sách chất lượng 2026")
        hand_over(self.submitted, "submit")
        self.draft = create_case(section, "Bối cảnh tổ chức 2026", portal_type="ContextAnalysis")
        set_deadline(self.draft, date.today() - timedelta(days=3))
        logout()
        transaction.commit()

    def page(self, user, query=""):
        page = browser(self.app, user)
        page.open(f"{self.url}/@@inbox{query}")
        return page

    def test_the_leader_sees_the_case_waiting(self):
        page = self.page("a-leader")
        self.assertEqual(page.headers["status"], "200 OK")
        for text in ("Kiểm soát hoạt động ISO", "Chưa xử lý", "Đã xử lý, theo dõi",
                     "Hoàn thành", "CS-2026-001", "Chính sách chất lượng 2026",
                     "Bước 2: Lãnh đạo phê duyệt", "Lãnh Đạo A", 'class="eiso-inbox-on_time"',
                     "Đúng hạn", "Chú thích:", "Loại hồ sơ", "?tab=following"):
            self.assertIn(text, page.contents)
        self.assertNotIn("BC-2026-001", page.contents)

    def test_the_secretary_sees_her_overdue_draft_and_follows_the_policy(self):
        page = self.page("a-secretary")
        self.assertIn("BC-2026-001", page.contents)
        self.assertIn("Quá hạn", page.contents)
        self.assertIn("eiso-badge-overdue", page.contents)
        self.assertNotIn("CS-2026-001", page.contents)
        page = self.page("a-secretary", "?tab=following")
        self.assertIn("CS-2026-001", page.contents)
        self.assertIn('name="tab" value="following"', page.contents)
        page = self.page("a-secretary", "?tab=done")
        self.assertIn("Chưa có hồ sơ nào bạn tham gia xử lý được hoàn thành.", page.contents)

    def test_friendly_empty_message_and_bad_parameters(self):
        page = self.page("a-staff")
        self.assertIn("Không có hồ sơ nào chờ bạn xử lý.", page.contents)
        page = self.page("a-staff", "?year=abc")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("year phải là một số nguyên.", page.contents)

    def test_the_agency_inbox(self):
        page = browser(self.app, "a-leader")
        page.open(f"{self.url}/co-quan-a/@@inbox")
        self.assertIn("CS-2026-001", page.contents)
        self.assertIn("Sở Thông tin và Truyền thông", page.contents)

    def test_anonymous_is_asked_to_log_in(self):
        page = browser(self.app)
        page.open(f"{self.url}/@@inbox")
        self.assertIn("/login", page.url)
        self.assertNotIn("Chưa xử lý", page.contents)
        response = RestSession(self.portal).get("/@inbox")
        self.assertEqual(response.status_code, 401)

    def test_the_navigation_links_to_the_inbox(self):
        page = browser(self.app, "a-staff")
        page.open(self.url)
        nav = page.contents.split('id="portal-globalnav"')[1].split("</ul>")[0]
        self.assertIn(f"{self.url}/@@inbox", nav)
        self.assertIn("Kiểm soát hoạt động ISO", nav)
        page = browser(self.app)
        page.open(self.url)
        self.assertNotIn("@@inbox", page.contents)

    def test_rest_returns_the_same_items_per_role(self):
        expected = {
            "a-leader": ("waiting", ["CS-2026-001"]),
            "a-secretary": ("following", ["CS-2026-001"]),
            "a-staff": ("waiting", []),
            "b-leader": ("waiting", []),
        }
        for user, (tab, codes) in expected.items():
            session = RestSession(self.portal, user)
            response = session.get(f"/@inbox?tab={tab}")
            session.close()
            self.assertEqual(response.status_code, 200, user)
            data = response.json()
            self.assertEqual([item["code"] for item in data["items"]], codes, user)
            self.assertEqual(data["items_total"], len(codes))
            self.assertEqual(data["tab"], tab)
            page = self.page(user, f"?tab={tab}")
            for code in codes:
                self.assertIn(code, page.contents)
        data = RestSession(self.portal, "a-leader").get("/@inbox").json()
        self.assertEqual(data["counts"], {"waiting": 1, "following": 0, "done": 0})
        self.assertEqual(data["@id"], f"{self.url}/@inbox")
        item, = data["items"]
        self.assertEqual(item["@id"], self.submitted.absolute_url())
        self.assertEqual(item["UID"], self.submitted.UID())
        self.assertEqual(item["@type"], "QualityPolicy")
        self.assertEqual(item["type_title"], "Chính sách chất lượng")
        self.assertEqual(item["review_state"], "pending")
        self.assertEqual((item["step_number"], item["step_title"]), (2, "Lãnh đạo phê duyệt"))
        self.assertEqual(item["responsible_users"], [{"id": "a-leader", "fullname": "Lãnh Đạo A"}])
        self.assertEqual(item["responsible_department"], {"id": "van-phong", "title": "Văn phòng"})
        self.assertEqual(item["due_date"], add_working_days(date.today(), 3).isoformat())
        self.assertEqual((item["status"], item["status_title"]), ("on_time", "Đúng hạn"))
        self.assertNotIn("batching", data)

    def test_rest_pages(self):
        login(self.portal, "a-secretary")
        section = self.portal["co-quan-a"]["boi-canh"]
        for number in range(4):
            create_case(section, f"Chính sách {number}")
        logout()
        transaction.commit()
        session = RestSession(self.portal, "a-secretary")
        data = session.get("/@inbox?b_size=2&sort_on=code").json()
        self.assertEqual(data["items_total"], 5)
        self.assertEqual([item["code"] for item in data["items"]], ["BC-2026-001", "CS-2026-002"])
        self.assertIn("b_start=2", data["batching"]["next"])
        data = session.session.get(data["batching"]["last"]).json()
        self.assertEqual([item["code"] for item in data["items"]], ["CS-2026-005"])
        session.close()

    def test_rest_bad_parameters(self):
        session = RestSession(self.portal, "a-leader")
        for query, field, text in (("tab=hop-thu", "tab", "Không có thẻ"),
                                   ("b_size=nhieu", "b_size", "b_size phải là một số nguyên."),
                                   ("year=2026a", "year", "year phải là một số nguyên."),
                                   ("tab=done&tab=waiting", "tab", "tab chỉ được nêu một lần.")):
            response = session.get(f"/@inbox?{query}")
            self.assertEqual(response.status_code, 400, query)
            error = response.json()["error"]
            self.assertEqual(error["type"], "BadRequest")
            self.assertEqual(error["field"], field)
            self.assertIn(text, error["message"])
            self.assertNotIn("Traceback", response.text)
        session.close()
