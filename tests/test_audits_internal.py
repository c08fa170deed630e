"""Internal audits (Cuộc đánh giá nội bộ): the plan, the team's local role, the
workflow state by state and role by role, the checklist made from the criteria of
the ISO settings, the findings that open nonconformities and feed the improvement
plan, agency B."""

from eiso.audits import internal
from eiso.audits.criteria import check_criteria
from eiso.audits.criteria import DEFAULT_CRITERIA
from eiso.audits.criteria import parse_criterion
from eiso.audits.team import auditor_holders
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from zExceptions import Unauthorized
from zope.event import notify
from zope.interface import Invalid
from zope.lifecycleevent import ObjectModifiedEvent

import datetime
import unittest


CRITERIA = [
    "7.5.3 | Hồ sơ có được lưu trữ đúng quy định không?",
    "8.2.1 | Thủ tục hành chính có được niêm yết công khai không?",
    "10.2 | Sự không phù hợp có được khắc phục không?",
]
YEAR = datetime.date.today().year


def make_audit(portal, **fields):
    login(portal, "a-secretary")
    values = dict(
        title="Đánh giá nội bộ đợt 1 – Phòng CNTT",
        start_date=datetime.date.today(),
        end_date=datetime.date.today() + datetime.timedelta(days=2),
        departments=["phong-cntt"], lead_auditor="a-staff", team=["a-hr"],
        scope="Quy trình quản lý hạ tầng công nghệ thông tin",
    )
    values.update(fields)
    return api.content.create(container=portal["co-quan-a"]["danh-gia"],
                              type="InternalAudit", **values)


def move(portal, audit, *steps, comment=""):
    from eiso.cases.handover import hand_over

    for user, transition in steps:
        login(portal, user)
        hand_over(audit, transition, comment=comment)


def allowed(portal, audit, user):
    login(portal, user)
    workflow = api.portal.get_tool("portal_workflow")
    return sorted(t["id"] for t in workflow.getTransitionsFor(audit))


def answer_all(audit, answer="conform"):
    audit.checklist = [dict(row, answer=answer) for row in audit.checklist]


class Base(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        api.portal.set_registry_record("eiso.audit_criteria", list(CRITERIA))

    def can(self, user, permission, obj):
        login(self.portal, user)
        return bool(api.user.has_permission(permission, obj=obj))

    def sees(self, user, obj):
        return self.can(user, "View", obj)


class TestCriteria(Base):
    def test_default_set_is_valid_and_covers_clauses_4_to_10(self):
        self.assertGreaterEqual(len(DEFAULT_CRITERIA), 20)
        self.assertLessEqual(len(DEFAULT_CRITERIA), 30)
        self.assertTrue(check_criteria(DEFAULT_CRITERIA))
        mains = {parse_criterion(line)[0].split(".")[0] for line in DEFAULT_CRITERIA}
        self.assertEqual(mains, {"4", "5", "6", "7", "8", "9", "10"})

    def test_record_holds_the_default_on_a_new_site(self):
        from eiso.controlpanel import IEisoSettings

        self.assertEqual(IEisoSettings["audit_criteria"].default, DEFAULT_CRITERIA)

    def test_bad_lines_are_refused_with_a_vietnamese_message(self):
        from eiso.controlpanel import IEisoSettings
        from zope.i18n import translate

        field = IEisoSettings["audit_criteria"]
        for bad in ("Hồ sơ có được lưu không?", "11.1 | Câu hỏi", "7.5 |   ", "| Câu hỏi"):
            with self.subTest(line=bad):
                with self.assertRaises(Invalid) as raised:
                    field.validate(["4.1 | Bối cảnh?", bad])
                message = translate(raised.exception.args[0], target_language="vi")
                self.assertIn(bad, message)
                self.assertIn("không phải dạng", message)
        field.validate(["4.1 | Bối cảnh?", "", "  10.3 |  Cải tiến?"])

    def test_blank_and_bad_lines_in_the_record_are_skipped(self):
        api.portal.set_registry_record(
            "eiso.audit_criteria", ["", "7.5 | Tài liệu?", "7.5 | Tài liệu?"], )
        self.assertEqual(internal.criteria(), [("7.5", "Tài liệu?")])


class TestPlan(Base):
    def test_checklist_made_from_the_criteria_when_added(self):
        audit = make_audit(self.portal, departments=["phong-cntt", "van-phong"])
        self.assertEqual(len(audit.checklist), 2 * len(CRITERIA))
        first = audit.checklist[0]
        self.assertEqual(first["clause"], "7.5.3")
        self.assertEqual(first["question"], "Hồ sơ có được lưu trữ đúng quy định không?")
        self.assertEqual(first["department"], "phong-cntt")
        self.assertIsNone(first["answer"])
        # a second run adds nothing; a new criterion is added once
        self.assertEqual(internal.add_checklist(audit), [])
        api.portal.set_registry_record("eiso.audit_criteria",
                                       CRITERIA + ["9.1.2 | Có khảo sát sự hài lòng không?"])
        self.assertEqual(len(internal.add_checklist(audit)), 2)
        self.assertEqual(len(internal.add_checklist(audit)), 0)

    def test_programme_clauses_narrow_the_questions(self):
        login(self.portal, "a-secretary")
        programme = api.content.create(
            container=self.portal["co-quan-a"]["danh-gia"], type="AuditProgramme",
            title="Chương trình", year=YEAR,
            schedule=[{"department": "phong-cntt", "month": 5, "auditors": "",
                       "clauses": "7.5, 10", "note": ""}])
        audit = make_audit(self.portal, programme=programme.UID(),
                           departments=["phong-cntt", "van-phong"])
        asked = [(row["department"], row["clause"]) for row in audit.checklist]
        self.assertEqual(asked, [("phong-cntt", "7.5.3"), ("phong-cntt", "10.2"),
                                 ("van-phong", "7.5.3"), ("van-phong", "8.2.1"),
                                 ("van-phong", "10.2")])

    def test_programmes_offered_are_the_agencys(self):
        from zope.component import getUtility
        from zope.schema.interfaces import IVocabularyFactory

        login(self.portal, "a-secretary")
        programme = api.content.create(
            container=self.portal["co-quan-a"]["danh-gia"], type="AuditProgramme",
            title="Chương trình A", year=YEAR)
        factory = getUtility(IVocabularyFactory, "eiso.AuditProgrammes")
        self.assertEqual([t.value for t in factory(self.portal["co-quan-a"]["danh-gia"])],
                         [programme.UID()])
        self.assertEqual(list(factory(self.portal["co-quan-b"]["danh-gia"])), [])
        self.assertIn(programme.code, factory(make_audit(self.portal)).getTerm(
            programme.UID()).title)

    def test_end_before_start_is_refused(self):
        from eiso.content.internal_audit import IInternalAuditSchema
        from zope.i18n import translate

        class Data:
            start_date = datetime.date(YEAR, 5, 10)
            end_date = datetime.date(YEAR, 5, 9)

        with self.assertRaises(Invalid) as raised:
            IInternalAuditSchema.validateInvariants(Data())
        self.assertEqual(translate(raised.exception.args[0], target_language="vi"),
                         "Ngày kết thúc cuộc đánh giá không được trước ngày bắt đầu.")

    def test_code_year_and_listing(self):
        audit = make_audit(self.portal)
        self.assertTrue(audit.code.startswith(f"DG-{YEAR}-"))
        brains = api.content.find(portal_type="InternalAudit", year=YEAR)
        self.assertEqual([b.UID for b in brains], [audit.UID()])


class TestTeam(Base):
    def test_auditor_role_follows_the_team(self):
        audit = make_audit(self.portal)
        self.assertEqual(auditor_holders(audit), ["a-hr", "a-staff"])
        self.assertIn("Owner", audit.get_local_roles_for_userid("a-secretary"))
        audit.team = ["a-records"]
        notify(ObjectModifiedEvent(audit))
        self.assertEqual(auditor_holders(audit), ["a-records", "a-staff"])
        self.assertNotIn("Auditor", audit.get_local_roles_for_userid("a-hr"))
        audit.lead_auditor = "a-records"
        audit.team = []
        notify(ObjectModifiedEvent(audit))
        self.assertEqual(auditor_holders(audit), ["a-records"])
        # the lead auditor's CaseHandler role of a step is left alone
        move(self.portal, audit, ("a-secretary", "submit"), ("a-leader", "approve"))
        self.assertIn("CaseHandler", audit.get_local_roles_for_userid("a-records"))
        self.assertIn("Auditor", audit.get_local_roles_for_userid("a-records"))


class TestWorkflow(Base):
    def test_states_handlers_and_permissions(self):
        audit = make_audit(self.portal)
        self.assertEqual(api.content.get_state(audit), "draft")
        self.assertTrue(self.sees("a-secretary", audit))
        self.assertFalse(self.sees("a-staff", audit))  # a draft is the secretary's own
        self.assertFalse(self.sees("a-leader", audit))
        self.assertTrue(self.can("a-secretary", "eiso: Plan internal audit", audit))

        move(self.portal, audit, ("a-secretary", "submit"))
        self.assertEqual(audit.responsible_users, ["a-leader"])
        self.assertTrue(self.sees("a-staff", audit))  # the team reads the plan
        self.assertFalse(self.sees("a-head", audit))
        self.assertFalse(self.can("a-secretary", "eiso: Plan internal audit", audit))
        self.assertEqual(allowed(self.portal, audit, "a-staff"), [])
        self.assertEqual(allowed(self.portal, audit, "a-secretary"), [])
        self.assertEqual(allowed(self.portal, audit, "a-leader"),
                         ["approve", "reject", "send_back"])

        move(self.portal, audit, ("a-leader", "approve"))
        self.assertEqual(api.content.get_state(audit), "planned")
        self.assertEqual(audit.responsible_users, ["a-staff"])  # the lead auditor
        self.assertEqual(audit.due_date, audit.start_date)
        self.assertTrue(self.sees("a-head", audit))
        self.assertTrue(self.can("a-secretary", "eiso: Plan internal audit", audit))
        self.assertFalse(self.can("a-staff", "eiso: Fill audit checklist", audit))

        self.assertEqual(allowed(self.portal, audit, "a-hr"), [])
        self.assertEqual(allowed(self.portal, audit, "a-leader"), [])
        move(self.portal, audit, ("a-staff", "start"))
        self.assertEqual(api.content.get_state(audit), "in_progress")
        self.assertEqual(audit.responsible_users, ["a-staff"])
        self.assertEqual(audit.due_date, audit.end_date)
        for user in ("a-staff", "a-hr"):
            self.assertTrue(self.can(user, "eiso: Fill audit checklist", audit), user)
        for user in ("a-secretary", "a-leader", "a-head", "a-records"):
            self.assertFalse(self.can(user, "eiso: Fill audit checklist", audit), user)
        self.assertTrue(self.can("a-hr", "Modify portal content", audit))  # the findings
        self.assertFalse(self.can("a-hr", "eiso: Plan internal audit", audit))
        self.assertFalse(self.can("a-secretary", "Modify portal content", audit))
        self.assertFalse(self.can("a-secretary", "eiso: Plan internal audit", audit))
        # the lead auditor (the step's handler) or the ISO secretary submits the report,
        # not another member of the team
        self.assertEqual(allowed(self.portal, audit, "a-staff"), ["report"])
        self.assertEqual(allowed(self.portal, audit, "a-secretary"), ["report"])
        self.assertEqual(allowed(self.portal, audit, "a-hr"), [])
        self.assertEqual(allowed(self.portal, audit, "a-leader"), [])

        answer_all(audit)
        move(self.portal, audit, ("a-staff", "report"))
        self.assertEqual(api.content.get_state(audit), "reported")
        self.assertEqual(audit.responsible_users, ["a-leader"])
        self.assertFalse(self.can("a-staff", "eiso: Fill audit checklist", audit))
        self.assertEqual(allowed(self.portal, audit, "a-leader"), ["close"])
        self.assertEqual(allowed(self.portal, audit, "a-secretary"), ["close"])
        self.assertEqual(allowed(self.portal, audit, "a-staff"), [])
        move(self.portal, audit, ("a-secretary", "close"))
        self.assertEqual(api.content.get_state(audit), "closed")
        self.assertEqual(audit.responsible_users, [])
        self.assertTrue(self.sees("a-records", audit))

    def test_report_needs_every_question_answered(self):
        from eiso.workflows.records import TransitionRefused

        audit = make_audit(self.portal)
        move(self.portal, audit, ("a-secretary", "submit"), ("a-leader", "approve"),
             ("a-staff", "start"))
        audit.checklist = [dict(audit.checklist[0], answer="conform")] + audit.checklist[1:]
        with self.assertRaises(TransitionRefused) as raised:
            move(self.portal, audit, ("a-staff", "report"))
        self.assertIn("2 câu chưa trả lời", str(raised.exception))
        self.assertEqual(api.content.get_state(audit), "in_progress")

    def test_reject_needs_a_reason_send_back(self):
        from eiso.workflows.records import TransitionRefused

        audit = make_audit(self.portal)
        move(self.portal, audit, ("a-secretary", "submit"))
        with self.assertRaises(TransitionRefused) as raised:
            move(self.portal, audit, ("a-leader", "reject"), comment=" ")
        self.assertEqual(str(raised.exception),
                         "Cần ghi lý do không phê duyệt kế hoạch đánh giá vào ô ý kiến.")
        move(self.portal, audit, ("a-leader", "send_back"))
        self.assertEqual(api.content.get_state(audit), "draft")
        self.assertEqual(audit.responsible_users, ["a-secretary"])
        move(self.portal, audit, ("a-secretary", "submit"))
        move(self.portal, audit, ("a-leader", "reject"), comment="Trùng lịch tiếp công dân")
        self.assertEqual(api.content.get_state(audit), "rejected")

    def test_only_the_secretary_adds_an_audit(self):
        section = self.portal["co-quan-a"]["danh-gia"]
        for user in ("a-staff", "a-leader", "a-head"):
            login(self.portal, user)
            with self.assertRaises(Unauthorized):
                api.content.create(container=section, type="InternalAudit", title="X",
                                   start_date=datetime.date.today(),
                                   end_date=datetime.date.today(), departments=["van-phong"],
                                   lead_auditor="a-staff")

    def test_agency_b_sees_nothing(self):
        audit = make_audit(self.portal)
        move(self.portal, audit, ("a-secretary", "submit"), ("a-leader", "approve"))
        for user in ("b-admin", "b-leader", "b-staff"):
            self.assertFalse(self.sees(user, audit), user)
            login(self.portal, user)
            self.assertEqual(len(api.content.find(portal_type="InternalAudit")), 0)
        logout()


class TestFindings(Base):
    def reported_audit(self, findings):
        audit = make_audit(self.portal)
        move(self.portal, audit, ("a-secretary", "submit"), ("a-leader", "approve"),
             ("a-staff", "start"))
        answer_all(audit)
        audit.findings = findings
        move(self.portal, audit, ("a-staff", "report"))
        return audit

    def test_each_nonconformity_opens_one_report_linked_back(self):
        audit = self.reported_audit([
            {"kind": "nonconformity", "clause": "7.5.3", "department": "phong-cntt",
             "description": "Sổ theo dõi hồ sơ không ghi ngày giao nhận", "evidence": "Sổ 2026",
             "nonconformity": None},
            {"kind": "observation", "clause": "7.2", "department": "phong-cntt",
             "description": "Nên cập nhật kế hoạch đào tạo", "evidence": None,
             "nonconformity": None},
            {"kind": "opportunity", "clause": "10.3", "department": "phong-cntt",
             "description": "Số hóa sổ theo dõi hồ sơ", "evidence": None,
             "nonconformity": None},
        ])
        ncs = api.content.find(portal_type="Nonconformity", unrestricted=True)
        self.assertEqual(len(ncs), 1)
        nc = ncs[0]._unrestrictedGetObject()
        self.assertEqual(audit.findings[0]["nonconformity"], nc.UID())
        self.assertIsNone(audit.findings[1]["nonconformity"])
        self.assertEqual((nc.source, nc.department, nc.clause), ("audit", "phong-cntt", "7.5.3"))
        self.assertEqual(nc.description, "Sổ theo dõi hồ sơ không ghi ngày giao nhận")
        self.assertEqual(nc.source_item.to_object, audit)
        self.assertEqual(nc.responsible_users, ["a-head"])  # its department's head analyses
        # the search finds the audit by its findings
        login(self.portal, "a-secretary")
        found = api.content.find(SearchableText="giao nhận", portal_type="InternalAudit")
        self.assertEqual([brain.UID for brain in found], [audit.UID()])
        # a second call opens nothing again
        login(self.portal, "a-secretary")
        self.assertEqual(internal.open_findings(audit), [])
        self.assertEqual(len(api.content.find(portal_type="Nonconformity",
                                              unrestricted=True)), 1)

    def test_opportunities_feed_the_improvement_plan_once(self):
        from eiso.improvements import plans

        audit = self.reported_audit([
            {"kind": "opportunity", "clause": "10.3", "department": "phong-cntt",
             "description": "Số hóa sổ theo dõi hồ sơ", "evidence": None,
             "nonconformity": None},
            {"kind": "opportunity", "clause": None, "department": None,
             "description": "Tự động nhắc hạn xử lý hồ sơ", "evidence": None,
             "nonconformity": None},
            {"kind": "observation", "clause": None, "department": None,
             "description": "Không lấy vào kế hoạch", "evidence": None,
             "nonconformity": None},
        ])
        login(self.portal, "a-secretary")
        plan = api.content.create(container=self.portal["co-quan-a"]["cai-tien"],
                                  type="ImprovementPlan", title="Kế hoạch", year=YEAR)
        added = [row for row in plans.feed(plan) if row["source"] == "audit"]
        self.assertEqual([row["action"] for row in added],
                         ["Số hóa sổ theo dõi hồ sơ", "Tự động nhắc hạn xử lý hồ sơ"])
        self.assertEqual({row["source_ref"] for row in added}, {audit.code})
        self.assertEqual(added[0]["owner"], "a-head")
        self.assertEqual(added[0]["deadline"], datetime.date(YEAR, 12, 31))
        self.assertEqual(plans.feed(plan), [])
        # another year's plan takes none
        other = api.content.create(container=self.portal["co-quan-a"]["cai-tien"],
                                   type="ImprovementPlan", title="Kế hoạch sau",
                                   year=YEAR + 1)
        self.assertEqual([r for r in plans.candidates(other) if r["source"] == "audit"], [])

    def test_audit_in_progress_gives_no_opportunity(self):
        from eiso.improvements import plans

        audit = make_audit(self.portal)
        audit.findings = [{"kind": "opportunity", "clause": None, "department": None,
                           "description": "Chưa báo cáo", "evidence": None,
                           "nonconformity": None}]
        audit.reindexObject()
        login(self.portal, "a-secretary")
        plan = api.content.create(container=self.portal["co-quan-a"]["cai-tien"],
                                  type="ImprovementPlan", title="Kế hoạch", year=YEAR)
        self.assertEqual([r for r in plans.candidates(plan) if r["source"] == "audit"], [])


class TestProgrammeCalendarTooltips(Base):
    def test_programme_page_turns_the_bootstrap_tooltips_on(self):
        login(self.portal, "a-secretary")
        programme = api.content.create(
            container=self.portal["co-quan-a"]["danh-gia"], type="AuditProgramme",
            title="Chương trình", year=YEAR,
            schedule=[{"department": "phong-cntt", "month": 3, "auditors": "Thư Ký A",
                       "clauses": "8.1", "note": ""}])
        request = self.layer["request"]
        html = api.content.get_view("view", programme, request)()
        script = html.split('<script id="eiso-audit-tooltips">')[1].split("</script>")[0]
        self.assertIn("bootstrap.Tooltip.getOrCreateInstance(cell)", script)
        self.assertIn('#eiso-audit-calendar [data-bs-toggle="tooltip"]', script)
        self.assertNotIn("http", script)  # nothing fetched
        # the title attribute stays: the tooltip without JavaScript
        self.assertIn('data-bs-toggle="tooltip"', html)
        self.assertIn('title="Phòng Công nghệ thông tin, tháng 3', html)
        printed = api.content.get_view("print", programme, request)()
        self.assertNotIn("eiso-audit-tooltips", printed)
