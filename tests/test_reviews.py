"""Management reviews (Xem xét của lãnh đạo, SPEC §5 and §8, seed 002 §5): the ISO
secretary drafts the notice, a leader approves it, the secretary notifies the
departments (one report each, pre-filled with their applied objectives), the heads
report, the leader concludes each report then the review, the secretary records the
minutes — role by role, with the refusals and who sees what."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.cases.steps import CaseSteps
from eiso.content.management_review import REVIEW_INPUT_IDS
from eiso.reviews import create_review
from eiso.reviews.minutes import minutes_docx
from eiso.reviews.workflow import applied_objectives
from eiso.reviews.workflow import create_reports
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.testing import login as plone_login
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate

import docx
import io
import unittest


YEAR = date.today().year
MEETING = date.today() + timedelta(days=20)
DEADLINE = date.today() + timedelta(days=10)


def login(portal, user):
    """Log in as ``user``, forgetting the local roles cached on the request."""
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "checkLocalRolesAllowed" in str(key)]:
        del annotations[key]
    plone_login(portal, user)


def docx_text(data):
    """The texts of a .docx opened with python-docx: its paragraphs, then its tables'
    cells, one per line."""
    document = docx.Document(io.BytesIO(data))
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def add_objectives(agency, department, rows):
    """An applied set of quality objectives of ``department`` (None: the agency)."""
    from eiso.content.fields import create_content

    login(agency.aq_parent, "a-secretary")
    item = create_content(
        agency["boi-canh"], "QualityObjectives", f"muc-tieu-{department or 'co-quan'}",
        title=f"Mục tiêu {department or 'cơ quan'}", year=YEAR, department=department,
        objectives=[{"name": name, "target": target} for name, target in rows])
    hand_over(item, "submit")
    login(agency.aq_parent, "a-leader")
    hand_over(item, "approve")
    hand_over(item, "apply")
    return item


class ReviewTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.request["LANGUAGE"] = "vi"
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["danh-gia"]

    def draft(self, user="a-secretary", **fields):
        login(self.portal, user)
        values = dict(year=YEAR, meeting_date=MEETING, report_deadline=DEADLINE,
                      departments=["van-phong", "phong-cntt"], meeting_place="Phòng họp 1")
        values.update(fields)
        return create_review(self.section, **values)

    def act(self, user, item, transition, comment=""):
        login(self.portal, user)
        hand_over(item, transition, comment=comment)

    def notified(self, **fields):
        review = self.draft(**fields)
        self.act("a-secretary", review, "submit")
        self.act("a-leader", review, "approve")
        self.act("a-secretary", review, "notify")
        return review

    def report_and_conclude(self, report):
        login(self.portal, report.responsible_users[0])
        report.performance = "Đảm bảo các yêu cầu cải cách hành chính."
        hand_over(report, "submit")
        login(self.portal, "a-leader")
        report.conclusion = "Đạt yêu cầu"
        report.direction = "Tiếp tục thực hiện tốt"
        report.responsibility = "Trưởng phòng tổ chức triển khai"
        report.completion_date = DEADLINE
        hand_over(report, "conclude")

    def state(self, item):
        return api.content.get_state(item)

    def allowed(self, item, user):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))

    def can_view(self, item, user):
        login(self.portal, user)
        return bool(api.user.has_permission("View", obj=item))


class TestNotice(ReviewTestCase):
    def test_secretary_drafts_with_every_input_on_the_agenda(self):
        review = self.draft()
        self.assertEqual(review.portal_type, "ManagementReview")
        self.assertEqual(list(review.agenda), list(REVIEW_INPUT_IDS))
        self.assertEqual(len(REVIEW_INPUT_IDS), 12)
        self.assertEqual(review.Title(), f"Thông báo xem xét của lãnh đạo năm {YEAR}")
        self.assertTrue(review.code.startswith(f"XXLD-{YEAR}-"))
        self.assertEqual(self.state(review), "draft")
        self.assertEqual(CaseSteps(review).current()["handlers"], ["a-secretary"])

    def test_agenda_titles_are_vietnamese(self):
        from eiso.content.management_review import INPUTS

        titles = [translate(term.title, context=self.request) for term in INPUTS]
        self.assertIn("c2) Mức độ đạt được các mục tiêu chất lượng", titles)
        self.assertIn("f) Các cơ hội cải tiến", titles)

    def test_who_may_add_a_review(self):
        for user, allowed in (("a-secretary", True), ("a-leader", True), ("a-head", False),
                              ("a-staff", False), ("b-leader", False)):
            login(self.portal, user)
            types = [fti.getId() for fti in self.section.allowedContentTypes()]
            self.assertEqual("ManagementReview" in types, allowed, user)

    def test_reports_are_not_added_by_hand(self):
        review = self.draft()
        self.act("a-secretary", review, "submit")
        self.act("a-leader", review, "approve")
        for user in ("a-secretary", "a-leader", "a-head"):
            login(self.portal, user)
            self.assertNotIn("ReviewReport",
                             [fti.getId() for fti in review.allowedContentTypes()], user)
            self.assertNotIn("ReviewReport",
                             [fti.getId() for fti in self.section.allowedContentTypes()], user)
        self.assertFalse(api.portal.get_tool("portal_types")["ReviewReport"].global_allow)

    def test_leader_approves_sends_back_or_declines(self):
        review = self.draft()
        self.act("a-secretary", review, "submit")
        self.assertEqual(CaseSteps(review).current()["handlers"], ["a-leader"])
        self.assertEqual(self.allowed(review, "a-secretary"), [])
        self.assertEqual(self.allowed(review, "a-leader"), ["approve", "reject", "send_back"])
        self.act("a-leader", review, "send_back")
        self.assertEqual(self.state(review), "draft")
        self.assertEqual(CaseSteps(review).current()["handlers"], ["a-secretary"])
        self.act("a-secretary", review, "submit")
        self.act("a-leader", review, "approve")
        self.assertEqual(self.state(review), "approved")
        self.assertEqual(CaseSteps(review).current()["handlers"], ["a-secretary"])
        self.assertEqual(self.allowed(review, "a-leader"), [])
        self.assertEqual(self.allowed(review, "a-secretary"), ["notify"])

    def test_step_titles_follow_the_seed(self):
        review = self.notified()
        titles = [translate(step["title"], domain="eiso", context=self.request)
                  for step in CaseSteps(review)]
        self.assertEqual(titles, [
            "Thư ký ISO soạn thông báo",
            "Lãnh đạo phê duyệt",
            "Thư ký ISO gửi thông báo cho các phòng ban",
            "Thư ký ISO ghi nhận kết quả báo cáo của các phòng ban",
        ])
        self.assertEqual(CaseSteps(review).current()["deadline"], DEADLINE)


class TestReports(ReviewTestCase):
    def test_notify_adds_one_report_per_department(self):
        add_objectives(self.agency, "phong-cntt", [("Giải quyết TTHC đúng hạn", 100.0)])
        add_objectives(self.agency, None, [("Đảm bảo sự hài lòng của khách hàng", 96.0),
                                           ("Giải quyết TTHC đúng hạn", 98.0)])
        review = self.notified()
        self.assertEqual(self.state(review), "reporting")
        reports = review.reports()
        self.assertEqual(sorted(reports), ["phong-cntt", "van-phong"])
        cntt = reports["phong-cntt"]
        self.assertEqual(cntt.Title(), "Phòng Công nghệ thông tin")
        self.assertEqual(self.state(cntt), "draft")
        self.assertTrue(cntt.code.startswith(f"BCXX-{YEAR}-"))
        # The department's head reports, by the review's deadline.
        self.assertEqual(cntt.responsible_users, ["a-head"])
        self.assertEqual(cntt.due_date, DEADLINE)
        # Its own objectives first, then the agency's not already there.
        self.assertEqual(
            [(row["objective"], row["target"], row["result"]) for row in cntt.objectives],
            [("Giải quyết TTHC đúng hạn", 100.0, None),
             ("Đảm bảo sự hài lòng của khách hàng", 96.0, None)])
        # Văn phòng has no head: the ISO secretaries report for it.
        self.assertEqual(reports["van-phong"].responsible_users, ["a-secretary"])
        self.assertEqual(len(reports["van-phong"].objectives), 2)

    def test_notify_tells_the_heads(self):
        from eiso.notifications import storage

        before = len(storage.entries("a-head"))
        review = self.notified()
        entries = storage.entries("a-head")
        self.assertEqual(len(entries) - before, 1)
        report = review.reports()["phong-cntt"]
        self.assertEqual(entries[0]["title"],
                         f"Thông báo xem xét của lãnh đạo {review.code}: báo cáo của "
                         "Phòng Công nghệ thông tin")
        self.assertEqual(entries[0]["url"], report.absolute_url())
        self.assertIn(f"Hạn báo cáo: {DEADLINE.strftime('%d/%m/%Y')}", entries[0]["text"])
        self.assertIn("c2) Mức độ đạt được các mục tiêu chất lượng", entries[0]["text"])
        # The secretary who notified is not told about what they did (van-phong's reporter).
        self.assertFalse([e for e in storage.entries("a-secretary")
                          if e["url"] == review.reports()["van-phong"].absolute_url()])

    def test_notify_skips_existing_reports(self):
        review = self.notified()
        first = review.reports()["phong-cntt"]
        review.departments = ["van-phong", "phong-cntt"]
        login(self.portal, "a-secretary")
        self.assertEqual(create_reports(review), [])
        self.assertIs(review.reports()["phong-cntt"].aq_base, first.aq_base)
        self.assertEqual(len(review.objectValues()), 2)

    def test_notify_needs_departments(self):
        review = self.draft(departments=[])
        self.act("a-secretary", review, "submit")
        self.act("a-leader", review, "approve")
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-secretary", review, "notify")
        self.assertIn("Chọn các phòng ban", str(refused.exception))
        self.assertEqual(self.state(review), "approved")
        self.assertEqual(list(review.objectIds()), [])

    def test_objectives_outside_the_department_are_not_prefilled(self):
        add_objectives(self.agency, "van-phong", [("Lưu trữ hồ sơ đầy đủ", 100.0)])
        rows = applied_objectives(self.agency, "phong-cntt")
        self.assertEqual(rows, [])

    def test_head_reports_and_leader_concludes(self):
        review = self.notified()
        report = review.reports()["phong-cntt"]
        self.assertEqual(self.allowed(report, "a-head"), ["submit"])
        self.assertEqual(self.allowed(report, "a-leader"), [])
        login(self.portal, "a-head")
        self.assertTrue(api.user.has_permission("Modify portal content", obj=report))
        self.assertFalse(api.user.has_permission("eiso: Conclude review report", obj=report))
        hand_over(report, "submit")
        self.assertEqual(self.state(report), "submitted")
        self.assertEqual(report.responsible_users, ["a-leader"])
        self.assertEqual(self.allowed(report, "a-head"), [])
        self.assertEqual(self.allowed(report, "a-leader"), ["conclude", "send_back"])
        # The leader's conclusion is needed.
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-leader", report, "conclude")
        message = str(refused.exception)
        for title in ("Kết luận", "Chỉ đạo của lãnh đạo", "Trách nhiệm triển khai",
                      "Thời hạn hoàn thành"):
            self.assertIn(title, message)
        self.assertEqual(self.state(report), "submitted")
        # Sent back: the head again.
        self.act("a-leader", report, "send_back")
        self.assertEqual(self.state(report), "draft")
        self.assertEqual(report.responsible_users, ["a-head"])
        self.assertEqual(report.due_date, DEADLINE)
        self.report_and_conclude(report)
        self.assertEqual(self.state(report), "concluded")
        self.assertEqual(report.responsible_users, [])

    def test_conclusion_fields_are_the_leaders(self):
        from plone.autoform.interfaces import WRITE_PERMISSIONS_KEY
        from eiso.content.management_review import IReviewReportSchema

        permissions = IReviewReportSchema.queryTaggedValue(WRITE_PERMISSIONS_KEY)
        for name in ("conclusion", "direction", "responsibility", "completion_date",
                     "corrective_action"):
            self.assertEqual(permissions[name], "eiso.ConcludeReviewReport")
        review = self.notified()
        report = review.reports()["phong-cntt"]
        for user, allowed in (("a-leader", True), ("a-head", False), ("a-secretary", False)):
            login(self.portal, user)
            self.assertEqual(
                bool(api.user.has_permission("eiso: Conclude review report", obj=report)),
                allowed, user)


class TestConclusionAndRecord(ReviewTestCase):
    def test_review_conclude_waits_for_every_report(self):
        review = self.notified()
        self.act("a-secretary", review, "request_conclusion")
        self.assertEqual(self.state(review), "concluding")
        self.assertEqual(CaseSteps(review).current()["handlers"], ["a-leader"])
        reports = review.reports()
        self.report_and_conclude(reports["phong-cntt"])
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-leader", review, "conclude")
        self.assertEqual(
            str(refused.exception),
            "Chỉ kết luận được cuộc xem xét khi báo cáo của mọi phòng ban đã được kết luận. "
            "Chưa kết luận: Văn phòng.")
        self.assertEqual(self.state(review), "concluding")
        self.report_and_conclude(reports["van-phong"])
        self.act("a-leader", review, "conclude")
        self.assertEqual(self.state(review), "recording")
        self.assertEqual(CaseSteps(review).current()["handlers"], ["a-secretary"])

    def test_a_department_added_after_the_notice_has_no_report_yet(self):
        review = self.notified(departments=["phong-cntt"])
        self.act("a-secretary", review, "request_conclusion")
        self.report_and_conclude(review.reports()["phong-cntt"])
        review.departments = ["phong-cntt", "van-phong", "phong-da-giai-the"]
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-leader", review, "conclude")
        self.assertTrue(str(refused.exception).endswith("Chưa kết luận: Văn phòng."))
        login(self.portal, "a-secretary")
        [report] = create_reports(review)
        self.assertEqual(report.department, "van-phong")
        self.report_and_conclude(report)
        self.act("a-leader", review, "conclude")
        self.assertEqual(self.state(review), "recording")

    def test_record_needs_the_minutes(self):
        review = self.notified(departments=["phong-cntt"])
        self.act("a-secretary", review, "request_conclusion")
        self.report_and_conclude(review.reports()["phong-cntt"])
        self.act("a-leader", review, "conclude")
        with self.assertRaises(TransitionRefused) as refused:
            self.act("a-secretary", review, "record")
        self.assertIn("biên bản", str(refused.exception))
        login(self.portal, "a-secretary")
        self.assertTrue(api.user.has_permission("eiso: Record review result", obj=review))
        review.minutes = "Hệ thống quản lý chất lượng phù hợp và có hiệu lực."
        self.act("a-secretary", review, "record")
        self.assertEqual(self.state(review), "completed")
        self.assertIsNone(CaseSteps(review).current())

    def test_minutes_docx(self):
        add_objectives(self.agency, "phong-cntt", [("Giải quyết TTHC đúng hạn", 100.0)])
        review = self.notified(departments=["phong-cntt"])
        report = review.reports()["phong-cntt"]
        report.objectives = [dict(report.objectives[0], result=97.5, cause="Thiếu nhân lực")]
        self.report_and_conclude(report)
        review.minutes = "Hệ thống quản lý chất lượng phù hợp."
        text = docx_text(minutes_docx(review, self.request))
        for expected in ("BIÊN BẢN XEM XÉT CỦA LÃNH ĐẠO", "Phòng họp 1",
                         MEETING.strftime("%d/%m/%Y"),
                         "c2) Mức độ đạt được các mục tiêu chất lượng",
                         "Phòng Công nghệ thông tin", "Giải quyết TTHC đúng hạn",
                         "100", "97,5", "Thiếu nhân lực",
                         "Kết luận: Đạt yêu cầu", "Chỉ đạo của lãnh đạo: Tiếp tục thực hiện tốt",
                         "Hệ thống quản lý chất lượng phù hợp."):
            self.assertIn(expected, text)


class TestWhoSees(ReviewTestCase):
    def test_visibility_state_by_state(self):
        review = self.draft()
        self.assertTrue(self.can_view(review, "a-secretary"))
        for user in ("a-leader", "a-head", "a-staff", "b-leader", "b-admin"):
            self.assertFalse(self.can_view(review, user), user)
        self.act("a-secretary", review, "submit")
        self.assertTrue(self.can_view(review, "a-leader"))
        self.assertFalse(self.can_view(review, "a-head"))
        self.act("a-leader", review, "approve")
        self.act("a-secretary", review, "notify")
        self.assertTrue(self.can_view(review, "a-head"))
        for user in ("a-staff", "b-leader", "b-admin", "b-staff"):
            self.assertFalse(self.can_view(review, user), user)
        reports = review.reports()
        # A draft report: its handler, the secretaries and the leaders.
        self.assertTrue(self.can_view(reports["phong-cntt"], "a-head"))
        self.assertTrue(self.can_view(reports["phong-cntt"], "a-leader"))
        self.assertFalse(self.can_view(reports["van-phong"], "a-head"))
        self.assertFalse(self.can_view(reports["phong-cntt"], "a-staff"))
        self.assertFalse(self.can_view(reports["phong-cntt"], "b-leader"))

    def test_agency_b_finds_nothing(self):
        self.notified()
        login(self.portal, "b-leader")
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual(len(catalog(portal_type=["ManagementReview", "ReviewReport"])), 0)
        login(self.portal, "a-leader")
        self.assertEqual(len(catalog(portal_type=["ManagementReview", "ReviewReport"])), 3)

    def test_completed_review_is_read_by_every_member(self):
        review = self.notified(departments=["phong-cntt"])
        self.act("a-secretary", review, "request_conclusion")
        self.report_and_conclude(review.reports()["phong-cntt"])
        self.act("a-leader", review, "conclude")
        review.minutes = "Biên bản"
        self.act("a-secretary", review, "record")
        self.assertTrue(self.can_view(review, "a-staff"))
        self.assertFalse(self.can_view(review, "b-staff"))
