"""Customer feedback (Ý kiến phản ánh, kiến nghị, SPEC §8): received → handling →
responded → closed (or rejected), role by role and state by state, with the checks of
each step; who sees it; opening a nonconformity once; the kiem-soat listing."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import default_deadline
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.content.feedback import ICustomerFeedbackSchema
from eiso.feedback import create_feedback
from eiso.feedback import open_nonconformity
from eiso.feedback import opened_nonconformity
from eiso.inbox import Inbox
from eiso.interfaces import IEisoLayer
from eiso.nonconformities import create_nonconformity
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.testing import login as plone_login
from plone.app.testing import logout
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.annotation.interfaces import IAnnotations
from zope.interface import alsoProvides
from zope.schema import ValidationError

import unittest


def login(portal, user):
    """Log in as ``user``, forgetting the local roles cached on the request."""
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "checkLocalRolesAllowed" in str(key)]:
        del annotations[key]
    plone_login(portal, user)


RESPONSE = "Sở đã giải quyết hồ sơ và trả kết quả cho ông ngày 20/11."


class FeedbackTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.request["LANGUAGE"] = "vi"
        alsoProvides(self.request, IEisoLayer)
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["kiem-soat"]

    def receive(self, user="a-staff", **fields):
        login(self.portal, user)
        values = dict(description="Hồ sơ cấp phép của tôi bị trả chậm 05 ngày",
                      channel="phone", citizen_name="Nguyễn Văn An", contact="0912 345 678")
        values.update(fields)
        return create_feedback(self.section, **values)

    def act(self, user, item, transition, comment="", **fields):
        login(self.portal, user)
        for name, value in fields.items():
            setattr(item, name, value)
        hand_over(item, transition, comment=comment)

    def state(self, item):
        return api.content.get_state(item)

    def allowed(self, item, user):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))

    def to_state(self, item, state):
        path = [("a-secretary", "assign", dict(department="phong-cntt")),
                ("a-head", "respond", dict(response=RESPONSE)),
                ("a-leader", "approve", {})]
        order = ["received", "handling", "responded", "closed"]
        for user, transition, fields in path[:order.index(state)]:
            self.act(user, item, transition, **fields)
        return item


class TestTheFlow(FeedbackTestCase):
    def test_received_waits_for_the_iso_secretary(self):
        item = self.receive()
        self.assertEqual(self.state(item), "received")
        self.assertTrue(item.code.startswith(f"PA-{date.today().year}-"))
        self.assertEqual(item.responsible_users, ["a-secretary"])
        self.assertEqual(item.due_date, default_deadline())
        self.assertEqual(CaseSteps(item).current()["title"], "Assigning the feedback")
        self.assertEqual(item.received_date, date.today())

    def test_the_whole_flow_role_by_role(self):
        item = self.receive()
        self.assertEqual(self.allowed(item, "a-staff"), [])
        self.assertEqual(self.allowed(item, "a-head"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), ["assign"])
        self.assertEqual(self.allowed(item, "a-leader"), ["reject"])

        self.act("a-secretary", item, "assign", department="phong-cntt")
        self.assertEqual(self.state(item), "handling")
        self.assertEqual(item.responsible_users, ["a-head"])
        self.assertEqual(item.responsible_department, "phong-cntt")
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.assertEqual(self.allowed(item, "a-leader"), [])
        self.assertEqual(self.allowed(item, "a-staff"), [])
        self.assertEqual(self.allowed(item, "a-head"), ["respond"])

        self.act("a-head", item, "respond", response=RESPONSE)
        self.assertEqual(self.state(item), "responded")
        self.assertEqual(item.response_date, date.today())
        self.assertEqual(item.responsible_users, ["a-leader"])
        self.assertEqual(self.allowed(item, "a-head"), [])
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.assertEqual(self.allowed(item, "a-leader"), ["approve", "reject", "send_back"])

        self.act("a-leader", item, "approve")
        self.assertEqual(self.state(item), "closed")
        self.assertEqual(item.responsible_users, [])
        for user in ("a-staff", "a-head", "a-leader", "a-secretary"):
            self.assertEqual(self.allowed(item, user), [], user)
        self.assertEqual([step["action"] for step in CaseSteps(item)],
                         ["assign", "respond", "approve"])

    def test_send_back_returns_to_the_head(self):
        item = self.to_state(self.receive(), "responded")
        self.act("a-leader", item, "send_back", comment="Bổ sung lý do chậm trễ")
        self.assertEqual(self.state(item), "handling")
        self.assertEqual(item.responsible_users, ["a-head"])

    def test_without_a_head_the_iso_secretary_responds(self):
        item = self.receive()
        self.act("a-secretary", item, "assign", department="van-phong")
        self.assertEqual(item.responsible_users, ["a-secretary"])
        self.assertEqual(self.allowed(item, "a-secretary"), ["respond"])

    def test_the_departments_own_head_responds_without_the_role(self):
        self.agency["to-chuc"]["van-phong"].head = "a-legal"  # no DepartmentHead role
        item = self.receive()
        self.act("a-secretary", item, "assign", department="van-phong")
        self.assertEqual(item.responsible_users, ["a-legal"])
        self.assertEqual(self.allowed(item, "a-legal"), ["respond"])
        self.assertEqual(self.allowed(item, "a-secretary"), [])
        self.act("a-legal", item, "respond", response=RESPONSE)
        self.assertEqual(self.state(item), "responded")

    def test_a_leader_rejects_spam_with_a_reason(self):
        item = self.receive()
        login(self.portal, "a-leader")
        with self.assertRaises(TransitionRefused) as refused:
            hand_over(item, "reject")
        self.assertIn("Ghi lý do", str(refused.exception))
        self.assertEqual(self.state(item), "received")
        self.act("a-leader", item, "reject", comment="Nội dung quảng cáo, không phải phản ánh")
        self.assertEqual(self.state(item), "rejected")
        self.assertEqual(item.responsible_users, [])
        self.assertEqual(self.allowed(item, "a-leader"), [])

    def test_assign_needs_the_department_respond_needs_the_response(self):
        item = self.receive()
        login(self.portal, "a-secretary")
        with self.assertRaises(TransitionRefused) as refused:
            hand_over(item, "assign")
        self.assertIn("Phòng ban xử lý", str(refused.exception))
        self.assertEqual(self.state(item), "received")
        self.act("a-secretary", item, "assign", department="phong-cntt")
        login(self.portal, "a-head")
        item.response = "   "
        with self.assertRaises(WorkflowException) as refused:
            api.portal.get_tool("portal_workflow").doActionFor(item, "respond")
        self.assertIn("nội dung trả lời", str(refused.exception))
        self.assertEqual(self.state(item), "handling")
        self.assertIsNone(item.response_date)

    def test_a_response_date_written_is_kept(self):
        item = self.to_state(self.receive(), "handling")
        earlier = date.today() - timedelta(days=2)
        self.act("a-head", item, "respond", response=RESPONSE, response_date=earlier)
        self.assertEqual(item.response_date, earlier)

    def test_the_inbox_of_the_handler(self):
        item = self.to_state(self.receive(), "handling")
        login(self.portal, "a-head")
        inbox = Inbox(self.portal, "a-head", self.request)
        self.assertIn(item.UID(), [brain.UID for brain in inbox.search(inbox.query("waiting"))])


class TestFields(FeedbackTestCase):
    def test_field_names_are_the_contract(self):
        self.assertEqual(
            sorted(name for name in ICustomerFeedbackSchema.names(all=True) if name != "title"),
            sorted(["channel", "citizen_name", "contact", "description", "procedure",
                    "procedure_text", "received_date", "department", "response",
                    "response_date", "nonconformity"]),
        )
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType("CustomerFeedback"),
            ("eiso_feedback_workflow",),
        )
        channels = [term.value for term in ICustomerFeedbackSchema["channel"].vocabulary]
        self.assertEqual(channels, ["in_person", "phone", "email", "public_service_portal",
                                    "online_form", "other"])

    def test_contact_is_a_phone_or_an_email(self):
        field = ICustomerFeedbackSchema["contact"]
        for good in ("0912 345 678", "+84 912.345.678", "(024) 3825 1234", "an@example.vn", ""):
            field.validate(good) if good else None
        for bad in ("abc", "12345", "an@", "an@example", "0912 345 678 999 999"):
            with self.assertRaises(ValidationError, msg=bad):
                field.validate(bad)

    def test_received_date_not_in_the_future_content_not_blank(self):
        with self.assertRaises(ValidationError):
            ICustomerFeedbackSchema["received_date"].validate(date.today() + timedelta(days=1))
        ICustomerFeedbackSchema["received_date"].validate(date.today())
        with self.assertRaises(ValidationError):
            ICustomerFeedbackSchema["description"].validate("   ")


class TestWhoSees(FeedbackTestCase):
    def test_members_of_the_agency_see_it_others_do_not(self):
        item = self.receive()
        for user in ("a-staff", "a-head", "a-leader", "a-secretary"):
            login(self.portal, user)
            self.assertTrue(api.user.has_permission("View", obj=item), user)
        for user in ("b-staff", "b-leader", "b-admin"):
            login(self.portal, user)
            self.assertFalse(api.user.has_permission("View", obj=item), user)
            self.assertEqual(len(api.content.find(portal_type="CustomerFeedback")), 0, user)
        logout()
        self.assertFalse(api.user.has_permission("View", obj=item))

    def test_who_edits_in_each_state(self):
        item = self.receive()

        def editors():
            result = []
            for user in ("a-staff", "a-head", "a-leader", "a-secretary", "b-admin"):
                login(self.portal, user)
                if api.user.has_permission("Modify portal content", obj=item):
                    result.append(user)
            return result

        # the member who recorded it (Owner), the ISO secretary (handler)
        self.assertEqual(editors(), ["a-staff", "a-secretary"])
        self.act("a-secretary", item, "assign", department="phong-cntt")
        self.assertEqual(editors(), ["a-head", "a-secretary"])
        self.act("a-head", item, "respond", response=RESPONSE)
        self.assertEqual(editors(), ["a-leader", "a-secretary"])
        self.act("a-leader", item, "approve")
        self.assertEqual(editors(), [])

    def test_text_search_does_not_list_the_public_forms(self):
        login(self.portal, "a-staff")
        forms = api.content.find(portal_type="EasyForm")
        self.assertEqual(len(forms), 2)  # public: both agencies' forms
        for text in ("Gửi ý kiến phản ánh", "Bố Trạch", "Truyền thông"):
            found = api.content.find(SearchableText=text, portal_type="EasyForm")
            self.assertEqual(len(found), 0, text)

    def test_staff_records_feedback_outsiders_cannot(self):
        login(self.portal, "a-staff")
        self.assertTrue(api.user.has_permission("eiso: Add CustomerFeedback", obj=self.section))
        login(self.portal, "b-staff")
        self.assertFalse(api.user.has_permission("eiso: Add CustomerFeedback",
                                                 obj=self.section))
        logout()
        self.assertFalse(api.user.has_permission("eiso: Add CustomerFeedback",
                                                 obj=self.section))


class TestOpenNonconformity(FeedbackTestCase):
    def test_opened_once_and_linked_both_ways(self):
        item = self.to_state(self.receive(), "handling")
        login(self.portal, "a-head")
        nc, created = open_nonconformity(item, "Hồ sơ trả trễ hạn do thiếu theo dõi")
        self.assertTrue(created)
        self.assertEqual(nc.source, "feedback")
        self.assertEqual(nc.source_item.to_object, item)
        self.assertEqual(nc.department, "phong-cntt")
        self.assertEqual(nc.aq_parent, self.section)
        self.assertEqual(opened_nonconformity(item), nc)
        again, created = open_nonconformity(item, "Lần hai")
        self.assertFalse(created)
        self.assertEqual(again, nc)
        self.assertEqual(len(api.content.find(portal_type="Nonconformity",
                                              nc_source="feedback")), 1)

    def test_who_may_open_one(self):
        item = self.to_state(self.receive(), "handling")
        permission = "eiso: Open nonconformity from feedback"
        for user, expected in (("a-head", True), ("a-secretary", True), ("a-leader", True),
                               ("a-staff", False), ("b-admin", False)):
            login(self.portal, user)
            self.assertEqual(api.user.has_permission(permission, obj=item), expected, user)


class TestListing(FeedbackTestCase):
    def setUp(self):
        super().setUp()
        self.feedback = self.receive()
        self.answered = self.to_state(self.receive(description="Thái độ tiếp dân chưa tốt",
                                                   channel="online_form"), "responded")
        login(self.portal, "a-staff")
        self.nc = create_nonconformity(self.section, description="Máy in một cửa hỏng",
                                       source="staff", department="phong-cntt")

    def listing(self, **params):
        login(self.portal, "a-staff")
        self.request.form.clear()
        self.request.form.update(params)
        view = api.content.get_view("section-listing", self.section, self.request)
        html = view()
        own = api.content.get_view("section-listing-kiem-soat", self.section, self.request)
        own.params = own._params()
        return html, [row["code"] for row in own.rows(own.batch())]

    def test_both_types_with_their_type(self):
        html, codes = self.listing()
        self.assertEqual(sorted(codes), sorted([self.feedback.code, self.answered.code,
                                                self.nc.code]))
        self.assertIn("Có 2 ý kiến phản ánh và 1 báo cáo sự không phù hợp.", html)
        self.assertIn("Ý kiến phản ánh, kiến nghị", html)
        self.assertIn("Điện thoại", html)
        self.assertIn("Biểu mẫu trực tuyến", html)
        self.assertIn("Cán bộ phát hiện", html)

    def test_filters(self):
        self.assertEqual(self.listing(portal_type="Nonconformity")[1], [self.nc.code])
        html, codes = self.listing(portal_type="CustomerFeedback")
        self.assertEqual(sorted(codes), sorted([self.feedback.code, self.answered.code]))
        self.assertIn("Có 2 ý kiến phản ánh.", html)
        self.assertEqual(self.listing(portal_type="Risk")[1], [])
        self.assertEqual(self.listing(review_state="responded")[1], [self.answered.code])
        self.assertEqual(self.listing(channel="online_form")[1], [self.answered.code])
        self.assertEqual(self.listing(source="staff")[1], [self.nc.code])
        self.assertEqual(len(self.listing(year=str(date.today().year))[1]), 3)
        html, codes = self.listing(year="abc")
        self.assertEqual(codes, [])
        self.assertIn("Không có ý kiến phản ánh hay báo cáo sự không phù hợp nào khớp với bộ lọc.",
                      html)

    def test_agency_b_lists_nothing(self):
        login(self.portal, "b-staff")
        self.assertEqual(len(api.content.find(portal_type="CustomerFeedback")), 0)
