"""Treatment actions of a risk, each with its owner and due date, on the case engine.

After ``approve`` the owners of the open actions handle the risk by the earliest of
their due dates; recording actions done ("Cập nhật biện pháp") moves the step on,
to the ISO secretary once every action is done."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import default_deadline
from eiso.content.risk import create_risk
from eiso.content.risk import ITreatmentAction
from eiso.inbox import Inbox
from eiso.inbox import InboxParams
from eiso.risks.treatment import record_done
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from eiso.workingdays import add_working_days
from plone import api
from plone.app.testing import login as plone_login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from zope.annotation.interfaces import IAnnotations
from zope.schema.interfaces import ValidationError

import transaction
import unittest


TODAY = date.today()
SOON = add_working_days(TODAY, 1)  # owner 1's action: due soon
LATER = TODAY + timedelta(days=40)  # owner 2's action


def login(portal, user):
    """Log in as ``user`` as a new request would: borg.localrole caches a user's local
    roles on the request, and one integration test is one request."""
    plone_login(portal, user)
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "borg.localrole" in str(key)]:
        del annotations[key]


def row(action, owner, due, done=None, result=None):
    return {"action": action, "owner": owner, "due_date": due, "done": done, "result": result}


def add_treated_risk(container, rows=None):
    rows = rows if rows is not None else [
        row("Rà soát quy trình tiếp nhận hồ sơ", "a-head", SOON),
        row("Báo cáo hồ sơ sắp đến hạn tại giao ban", "a-staff", LATER),
    ]
    return create_risk(container, kind="risk", description="Hồ sơ TTHC trả kết quả trễ hạn",
                       department="van-phong", likelihood=4, impact=4, year=TODAY.year,
                       treatment="Theo dõi hạn xử lý hằng tuần", treatment_actions=rows)


def fire(risk, *transitions, user="a-leader"):
    with api.env.adopt_user(username=user):
        for transition in transitions:
            api.content.transition(obj=risk, transition=transition)


def waiting(portal, user_id):
    """(code, deadline) of the cases in the tab "Chưa xử lý" of ``user_id``."""
    with api.env.adopt_user(username=user_id):
        inbox = Inbox(portal, user_id)
        return [(inbox.row(brain)["title"], inbox.row(brain)["due_date"])
                for brain in inbox.results(InboxParams(tab="waiting"))
                if brain.portal_type == "Risk"]


class TestRowValidation(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_missing_columns_say_what_is_missing(self):
        from zope.i18n import translate

        for name, value, message in (
            ("action", "", "Mỗi biện pháp xử lý phải có nội dung biện pháp."),
            ("action", "   ", "Mỗi biện pháp xử lý phải có nội dung biện pháp."),
            ("action", None, "Mỗi biện pháp xử lý phải có nội dung biện pháp."),
            ("owner", None, "Mỗi biện pháp xử lý phải có người chịu trách nhiệm."),
            ("due_date", None, "Mỗi biện pháp xử lý phải có hạn hoàn thành."),
            # two days ahead: TODAY was read at import, and a run may pass midnight
            ("done", TODAY + timedelta(days=2), "Ngày hoàn thành không được sau ngày hôm nay."),
        ):
            field = ITreatmentAction[name]
            with self.assertRaises(ValidationError) as caught:
                field.validate(value)
            self.assertEqual(translate(caught.exception.doc(), target_language="vi"), message)
        ITreatmentAction["done"].validate(TODAY)
        ITreatmentAction["done"].validate(None)
        ITreatmentAction["result"].validate(None)


class TestCaseEngine(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.container = self.portal["co-quan-a"]["boi-canh"]
        login(self.portal, "a-secretary")
        self.risk = add_treated_risk(self.container)
        fire(self.risk, "submit", user="a-secretary")

    def test_owners_of_the_open_actions_handle_it_by_the_earliest_due_date(self):
        fire(self.risk, "approve")
        risk = self.risk
        self.assertEqual(risk.responsible_users, ["a-head", "a-staff"])
        self.assertEqual(risk.due_date, SOON)
        for user_id in ("a-head", "a-staff"):
            self.assertIn("CaseHandler", risk.get_local_roles_for_userid(user_id))
            self.assertEqual(waiting(self.portal, user_id), [(risk.Title(), SOON)], user_id)
        brain = api.content.find(UID=risk.UID(), unrestricted=True)[0]
        self.assertEqual(brain.treatment_owners, ("a-head", "a-staff"))
        self.assertEqual(brain.treatment_next_due, SOON)

    def test_owner_1_done_leaves_owner_2_with_his_date(self):
        fire(self.risk, "approve")
        with api.env.adopt_user(username="a-head"):
            record_done(self.risk, {0: (TODAY, "Đã ban hành quy trình sửa đổi")})
        risk = self.risk
        self.assertEqual(risk.treatment_actions[0]["done"], TODAY)
        self.assertEqual(risk.treatment_actions[0]["result"], "Đã ban hành quy trình sửa đổi")
        self.assertEqual(api.content.get_state(risk), "approved")
        self.assertEqual(risk.responsible_users, ["a-staff"])
        self.assertEqual(risk.due_date, LATER)
        self.assertNotIn("CaseHandler", risk.get_local_roles_for_userid("a-head"))
        self.assertEqual(waiting(self.portal, "a-head"), [])
        self.assertEqual(waiting(self.portal, "a-staff"), [(risk.Title(), LATER)])
        # the case file tells who did what
        from eiso.cases.audit import AuditTrail

        last = list(AuditTrail(risk))[-1]
        self.assertEqual(last["user"], "a-head")
        self.assertIn("Rà soát quy trình tiếp nhận hồ sơ", last["details"])
        # the reminders follow: owner 2 only, by his date
        from eiso.commands.reminders import due_cases

        digests = due_cases(self.portal, LATER - timedelta(days=1), 2)
        self.assertIn("a-staff", digests)
        self.assertNotIn("a-head", digests)

    def test_reminders_reach_both_owners_by_the_earliest_date(self):
        from eiso.commands.reminders import due_cases

        fire(self.risk, "approve")
        digests = due_cases(self.portal, TODAY, 2)
        for user_id in ("a-head", "a-staff"):
            deadlines = [case["deadline"] for cases in digests[user_id].values()
                         for case in cases if case["title"] == self.risk.Title()]
            self.assertEqual(deadlines, [SOON], user_id)

    def test_an_owner_with_two_actions_stays_until_both_are_done(self):
        self.risk.treatment_actions = self.risk.treatment_actions + [
            row("Cập nhật phần mềm một cửa", "a-head", TODAY + timedelta(days=20))]
        fire(self.risk, "approve")
        with api.env.adopt_user(username="a-head"):
            record_done(self.risk, {0: (TODAY, "")})
        self.assertEqual(sorted(self.risk.responsible_users), ["a-head", "a-staff"])
        self.assertEqual(self.risk.due_date, TODAY + timedelta(days=20))
        self.assertIsNone(self.risk.treatment_actions[0]["result"])

    def test_all_done_goes_to_the_iso_secretary_who_applies(self):
        fire(self.risk, "approve")
        with api.env.adopt_user(username="a-head"):
            record_done(self.risk, {0: (TODAY, "Xong")})
        with api.env.adopt_user(username="a-staff"):
            record_done(self.risk, {1: (TODAY - timedelta(days=1), "Xong")})
        risk = self.risk
        self.assertEqual(risk.responsible_users, ["a-secretary"])
        self.assertEqual(risk.due_date, default_deadline())
        self.assertEqual(waiting(self.portal, "a-staff"), [])
        brain = api.content.find(UID=risk.UID(), unrestricted=True)[0]
        self.assertIsNone(brain.treatment_next_due)
        self.assertEqual(brain.treatment_owners, ("a-head", "a-staff"))
        fire(risk, "apply", user="a-secretary")
        self.assertEqual(api.content.get_state(risk), "applied")

    def test_actions_done_before_approval_are_left_out(self):
        self.risk.treatment_actions = [
            row("Rà soát quy trình", "a-head", SOON, done=TODAY - timedelta(days=2)),
            row("Báo cáo", "a-staff", LATER),
        ]
        fire(self.risk, "approve")
        self.assertEqual(self.risk.responsible_users, ["a-staff"])
        self.assertEqual(self.risk.due_date, LATER)

    def test_an_overdue_open_action_gives_the_default_deadline(self):
        self.risk.treatment_actions = [
            row("Rà soát quy trình", "a-head", TODAY - timedelta(days=5)),
            row("Báo cáo", "a-staff", LATER),
        ]
        fire(self.risk, "approve")
        self.assertEqual(self.risk.responsible_users, ["a-head", "a-staff"])
        self.assertEqual(self.risk.due_date, default_deadline())

    def test_no_action_the_secretary_applies(self):
        self.risk.treatment_actions = []
        fire(self.risk, "approve")
        self.assertEqual(self.risk.responsible_users, ["a-secretary"])

    def test_searchable_by_its_actions_and_results(self):
        with api.env.adopt_user(username="a-secretary"):
            record_done(self.risk, {1: (TODAY, "Đã lập báo cáo tuần")})
        uids = [b.UID for b in api.content.find(SearchableText="giao ban")]
        self.assertIn(self.risk.UID(), uids)
        self.assertIn(self.risk.UID(), [b.UID for b in api.content.find(
            SearchableText="báo cáo tuần")])

    def test_register_and_excel_show_each_action(self):
        from eiso.interfaces import IEisoLayer
        from io import BytesIO
        from openpyxl import load_workbook
        from zope.interface import alsoProvides

        fire(self.risk, "approve")
        with api.env.adopt_user(username="a-head"):
            record_done(self.risk, {0: (TODAY, "Xong")})
        request = self.layer["request"]
        alsoProvides(request, IEisoLayer)
        request.form.clear()
        view = api.content.get_view("risk-register", self.container, request)
        view.params = view._params()
        first = view.rows(view.batch())[0]
        self.assertEqual((first["owner"], first["due"]), ("Nhân Viên A", LATER.strftime("%d/%m/%Y")))
        export = api.content.get_view("risk-register.xlsx", self.container, request)
        rows = list(load_workbook(BytesIO(export())).active.iter_rows(values_only=True))
        column = rows[0].index("Biện pháp cụ thể")
        self.assertEqual(rows[1][column], (
            f"1. Rà soát quy trình tiếp nhận hồ sơ — Trưởng Phòng A — hạn {SOON:%d/%m/%Y}"
            f" — hoàn thành {TODAY:%d/%m/%Y}\n"
            f"2. Báo cáo hồ sơ sắp đến hạn tại giao ban — Nhân Viên A — hạn {LATER:%d/%m/%Y}"))

    def test_nothing_moves_outside_the_treatment_step(self):
        record_done(self.risk, {0: (TODAY, "")})  # still pending: the leader's step
        self.assertEqual(self.risk.responsible_users, ["a-leader"])
        self.assertEqual(self.risk.treatment_actions[0]["done"], TODAY)

    def test_who_may_update_the_actions(self):
        fire(self.risk, "approve")
        for user_id, allowed in (("a-head", True), ("a-staff", True), ("a-leader", True),
                                 ("a-secretary", False), ("a-legal", False),
                                 ("b-leader", False), ("b-staff", False), ("b-admin", False)):
            login(self.portal, user_id)
            self.assertEqual(
                api.user.has_permission("Review portal content", obj=self.risk), allowed,
                user_id)
        with api.env.adopt_user(username="a-head"):
            record_done(self.risk, {0: (TODAY, "")})
        login(self.portal, "a-head")  # no open action left: no longer a handler
        self.assertFalse(api.user.has_permission("Review portal content", obj=self.risk))


class TestPages(unittest.TestCase):
    """The risk page, "Cập nhật biện pháp", the inbox and REST, role by role."""

    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.container = self.portal["co-quan-a"]["boi-canh"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.risk = add_treated_risk(self.container, [
            row("Rà soát quy trình tiếp nhận hồ sơ", "a-head", SOON),
            row("Báo cáo hồ sơ sắp đến hạn tại giao ban", "a-staff", LATER),
            row("Cập nhật danh mục hồ sơ", "a-staff", TODAY - timedelta(days=3)),
        ])
        fire(self.risk, "submit", user="a-secretary")
        fire(self.risk, "approve")
        logout()
        transaction.commit()
        self.url = self.risk.absolute_url()

    def test_risk_page_shows_the_actions_with_their_status(self):
        page = browser(self.app, "a-leader")
        page.open(self.url)
        self.assertIn('id="eiso-risk-actions"', page.contents)
        for text in ("Rà soát quy trình tiếp nhận hồ sơ", "Trưởng Phòng A", SOON.strftime("%d/%m/%Y"),
                     "eiso-badge-overdue", "Quá hạn", "eiso-badge-due_soon"):
            self.assertIn(text, page.contents)
        self.assertIn("eiso-risk-treatment-update", page.contents)  # a leader may update

    def test_who_sees_the_update_form(self):
        for user_id in ("a-secretary", "a-legal"):  # see the risk, handle nothing
            page = browser(self.app, user_id)
            page.open(self.url)
            self.assertEqual(page.headers["status"], "200 OK")
            self.assertNotIn("eiso-risk-treatment-update", page.contents, user_id)
            page.open(self.url + "/@@risk-treatment-update")
            self.assertNotIn("form.buttons.save", page.contents, user_id)
        page = browser(self.app, "b-leader")
        page.open(self.url + "/@@risk-treatment-update")
        self.assertNotIn("form.buttons.save", page.contents)
        self.assertNotIn("Rà soát quy trình", page.contents)

    def test_owner_records_his_action_done_and_leaves_the_inbox(self):
        inbox = browser(self.app, "a-head")
        inbox.open(self.portal.absolute_url() + "/@@inbox")
        self.assertIn(self.risk.Title(), inbox.contents)
        staff = browser(self.app, "a-staff")
        staff.open(self.portal.absolute_url() + "/@@inbox")
        self.assertIn(self.risk.Title(), staff.contents)
        # both see the earliest deadline still open (past: the default one)
        deadline = default_deadline().strftime("%d/%m/%Y")
        self.assertIn(deadline, inbox.contents)
        self.assertIn(deadline, staff.contents)

        page = browser(self.app, "a-head")
        page.open(self.url)
        page.getLink(id="eiso-risk-treatment-update").click()
        self.assertIn("Cập nhật biện pháp", page.contents)
        # bad inputs: nothing entered, a date in the future
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Hãy nhập ngày hoàn thành của ít nhất một biện pháp.", page.contents)
        page.getControl(name="form.widgets.done_0").value = (
            TODAY + timedelta(days=2)).isoformat()
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Ngày hoàn thành không được sau ngày hôm nay.", page.contents)
        transaction.begin()
        self.assertIsNone(self.risk.treatment_actions[0]["done"])
        page.getControl(name="form.widgets.done_0").value = TODAY.isoformat()
        page.getControl(name="form.widgets.result_0").value = "Đã ban hành quy trình sửa đổi"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Đã cập nhật biện pháp xử lý.", page.contents)
        transaction.begin()
        self.assertEqual(self.risk.treatment_actions[0]["done"], TODAY)
        self.assertEqual(self.risk.responsible_users, ["a-staff"])
        inbox.open(self.portal.absolute_url() + "/@@inbox")
        self.assertNotIn(self.risk.Title(), inbox.contents)
        staff.open(self.portal.absolute_url() + "/@@inbox")
        self.assertIn(self.risk.Title(), staff.contents)
        # owner 2 records both his actions: the ISO secretary applies it
        staff.open(self.url + "/@@risk-treatment-update")
        self.assertNotIn("form.widgets.done_0", staff.contents)
        staff.getControl(name="form.widgets.done_1").value = TODAY.isoformat()
        staff.getControl(name="form.widgets.done_2").value = TODAY.isoformat()
        staff.getControl(name="form.buttons.save").click()
        self.assertIn("Đã cập nhật biện pháp xử lý.", staff.contents)
        self.assertTrue(staff.url.endswith("/@@inbox"))  # he no longer sees the approved risk
        transaction.begin()
        self.assertEqual(self.risk.responsible_users, ["a-secretary"])
        secretary = browser(self.app, "a-secretary")
        secretary.open(self.portal.absolute_url() + "/@@inbox")
        self.assertIn(self.risk.Title(), secretary.contents)

    def test_add_form_offers_the_agency_members_as_owners(self):
        page = browser(self.app, "a-secretary")
        page.open(self.container.absolute_url() + "/++add++Risk")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertTrue("form.widgets.treatment_actions" in page.contents, "no grid")
        self.assertTrue('value="a-head"' in page.contents, "no owner to choose")
        self.assertTrue("Trưởng Phòng A (a-head)" in page.contents, "no owner's name")
        self.assertFalse("b-staff" in page.contents, "an account of agency B")

    def test_edit_form_refuses_bad_rows_in_vietnamese(self):
        login(self.portal, "a-secretary")
        draft = add_treated_risk(self.container, [row("Rà soát quy trình", "a-staff", LATER)])
        logout()
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(draft.absolute_url() + "/edit")
        prefix = "form.widgets.treatment_actions.0.widgets."
        self.assertEqual(page.getControl(name=prefix + "due_date").value, LATER.isoformat())
        for name, value, message in (
            ("due_date", "", "Mỗi biện pháp xử lý phải có hạn hoàn thành."),
            ("action", "", "Mỗi biện pháp xử lý phải có nội dung biện pháp."),
            ("done", (TODAY + timedelta(days=3)).isoformat(),
             "Ngày hoàn thành không được sau ngày hôm nay."),
        ):
            page.open(draft.absolute_url() + "/edit")
            page.getControl(name=prefix + name).value = value
            page.getControl(name="form.buttons.save").click()
            self.assertTrue(message in page.contents, message)
            self.assertTrue(page.url.endswith("/@@edit"), page.url)
        transaction.begin()
        self.assertEqual(draft.treatment_actions, [row("Rà soát quy trình", "a-staff", LATER)])
        page.open(draft.absolute_url() + "/edit")
        page.getControl(name=prefix + "owner:list").value = ["a-head"]
        page.getControl(name=prefix + "done").value = TODAY.isoformat()
        page.getControl(name=prefix + "result").value = "Đã rà soát"
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.url, draft.absolute_url())
        transaction.begin()
        self.assertEqual(draft.treatment_actions,
                         [row("Rà soát quy trình", "a-head", LATER, TODAY, "Đã rà soát")])

    def test_rest_refuses_bad_rows_in_vietnamese(self):
        session = RestSession(self.portal, "a-secretary")
        good = {"action": "Rà soát", "owner": "a-staff", "due_date": LATER.isoformat()}
        for bad, message in (
            (dict(good, action=""), "Mỗi biện pháp xử lý phải có nội dung biện pháp."),
            ({"owner": "a-staff", "due_date": LATER.isoformat()},
             "Mỗi biện pháp xử lý phải có nội dung biện pháp."),
            (dict(good, owner=None), "Mỗi biện pháp xử lý phải có người chịu trách nhiệm."),
            (dict(good, due_date=None), "Mỗi biện pháp xử lý phải có hạn hoàn thành."),
            (dict(good, done=(TODAY + timedelta(days=2)).isoformat()),  # a run may pass midnight
             "Ngày hoàn thành không được sau ngày hôm nay."),
        ):
            response = session.post("/co-quan-a/boi-canh", json={
                "@type": "Risk", "description": "Rủi ro thử nghiệm", "likelihood": 2,
                "impact": 2, "treatment_actions": [good, bad]})
            self.assertEqual(response.status_code, 400, (bad, response.text))
            self.assertIn(message, response.json()["message"], bad)
        response = session.post("/co-quan-a/boi-canh", json={
            "@type": "Risk", "description": "Rủi ro thử nghiệm", "likelihood": 2,
            "impact": 2, "treatment_actions": [dict(good, owner="b-staff")]})
        self.assertEqual(response.status_code, 400, response.text)
        response = session.get(f"/co-quan-a/boi-canh/{self.risk.getId()}")
        rows = response.json()["treatment_actions"]
        self.assertEqual([(r["owner"], r["due_date"]) for r in rows][:2],
                         [("a-head", SOON.isoformat()), ("a-staff", LATER.isoformat())])
        session.close()
        transaction.begin()
        self.assertEqual(len(api.content.find(context=self.container, portal_type="Risk",
                                              unrestricted=True)), 1)
