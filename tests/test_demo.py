"""The demo data: the agency of seed 002, its departments, one account per role,
its applied context analysis and quality policy, next year's policy awaiting approval."""

from eiso.demo import ACCOUNTS
from eiso.demo import DEMO_PASSWORD
from eiso.demo import POLICY_MOTTO
from eiso.demo import POLICY_STATEMENTS
from eiso.members import AgencyMembers
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workingdays import as_date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import unittest


class TestDemoData(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        apply_demo()
        self.agency = self.portal["so-khcn"]

    def test_agency(self):
        self.assertEqual(self.agency.Title(), "Sở Khoa học và Công nghệ")
        self.assertEqual(self.agency.code, "SKHCN")
        self.assertEqual(len(self.agency.objectIds()), 10)

    def test_departments_of_seed_002(self):
        titles = [d.Title() for d in AgencyMembers(self.agency).departments()]
        self.assertEqual(
            titles,
            ["Văn phòng sở", "Phòng quản lý Công nghệ", "Phòng quản lý Khoa học",
             "Thanh tra Sở", "Ban Giám đốc"],
        )

    def test_one_account_per_role(self):
        members = {m["id"]: m for m in AgencyMembers(self.agency).list()}
        roles = set()
        for user_id, fullname, department, account_roles in ACCOUNTS:
            self.assertIn(user_id, members)
            self.assertEqual(members[user_id]["fullname"], fullname)
            self.assertEqual(members[user_id]["department"], department)
            roles.update(members[user_id]["roles"])
        self.assertEqual(
            roles,
            {"Staff", "IsoSecretary", "Leader", "DepartmentHead", "LegalOfficer",
             "DocumentController", "RecordsOfficer", "HROfficer", "Site Administrator"},
        )
        self.assertIn("Assessor", api.user.get_roles(username="chamdiem"))

    def test_demo_accounts_log_in(self):
        request = self.layer["request"]
        for user_id in ("thuky", "lanhdao", "quantri", "chamdiem"):
            self.assertTrue(
                self.portal.acl_users.authenticate(user_id, DEMO_PASSWORD, request), user_id
            )

    def test_department_heads(self):
        organisation = self.agency["to-chuc"]
        self.assertEqual(organisation["phong-quan-ly-cong-nghe"].head, "truongphong")
        self.assertEqual(organisation["ban-giam-doc"].head, "lanhdao")

    def test_applied_context_analysis(self):
        year = datetime.date.today().year
        analysis = self.agency["boi-canh"][f"boi-canh-to-chuc-nam-{year}"]
        self.assertEqual(analysis.Title(), f"Bối cảnh tổ chức năm {year}")
        self.assertEqual(api.content.get_state(analysis), "applied")
        self.assertEqual(analysis.year, year)
        self.assertEqual(analysis.method, "SWOT")
        kinds = {row["kind"] for row in analysis.internal_issues + analysis.external_issues}
        self.assertEqual(kinds, {"strength", "weakness", "opportunity", "threat"})
        self.assertEqual(len(analysis.interested_parties), 5)
        self.assertTrue(analysis.exclusions[0]["clause"].startswith("8.3"))
        self.assertIn("TCVN ISO 9001:2015", analysis.scope)
        # Drafted by the secretary, approved and applied by the leader.
        history = api.portal.get_tool("portal_workflow").getInfoFor(analysis, "review_history")
        self.assertEqual(
            [(entry["action"], entry["actor"]) for entry in history[1:]],
            [("submit", "thuky"), ("approve", "lanhdao"), ("apply", "lanhdao")],
        )
        self.assertEqual(analysis.Creator(), "thuky")

    def test_applied_quality_policy_of_seed_002(self):
        year = datetime.date.today().year
        policy = self.agency["boi-canh"][f"chinh-sach-chat-luong-nam-{year}"]
        self.assertEqual(api.content.get_state(policy), "applied")
        self.assertEqual(
            policy.motto,
            "Không ngừng nâng cao chất lượng hoạt động quản lý nhà nước và dịch vụ công về KHCN",
        )
        self.assertEqual(
            policy.statements,
            ["Thực hiện tốt vai trò quản lý nhà nước về KHCN",
             "Không ngừng nâng cao chất lượng dịch vụ công",
             "Sự hài lòng của cơ quan và người dân là thước đo hiệu quả công việc"],
        )
        home = api.content.get_view("agency-home", self.agency, self.layer["request"])
        self.assertEqual(home.applied()["policy"], policy)

    def test_next_years_policy_waits_for_the_leader(self):
        year = datetime.date.today().year + 1
        draft = self.agency["boi-canh"][f"chinh-sach-chat-luong-nam-{year}"]
        self.assertEqual(api.content.get_state(draft), "pending")
        self.assertEqual(draft.year, year)
        self.assertEqual(draft.motto, POLICY_MOTTO)
        self.assertEqual(draft.statements[:3], POLICY_STATEMENTS)
        self.assertGreater(len(draft.statements), 3)
        self.assertIn("lanhdao", draft.responsible_users)
        waiting = api.content.find(responsible_users="lanhdao", case_open=True)
        self.assertIn(draft.UID(), [brain.UID for brain in waiting])

    def test_idempotent(self):
        before = len(api.user.get_users())
        items = len(self.agency["boi-canh"].objectIds())
        apply_demo()
        self.assertEqual(len(api.user.get_users()), before)
        self.assertEqual(len(AgencyMembers(self.agency).departments()), 5)
        self.assertEqual(len(self.agency["boi-canh"].objectIds()), items)

    def test_idempotent_documents_records_legal_texts(self):
        counts = {section: len(self.agency[section].objectIds())
                  for section in ("tai-lieu", "ho-so", "van-ban")}
        apply_demo()
        for section, count in counts.items():
            self.assertEqual(len(self.agency[section].objectIds()), count, section)


class TestDemoDocumentsRecordsLegalTexts(unittest.TestCase):
    """Issue 4's demo: the quality manual of seed 004, procedures in every state, records
    (two due for disposal, one lent and overdue), real legal texts with their chain."""

    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        apply_demo()
        self.agency = self.portal["so-khcn"]

    def document(self, code):
        brains = api.content.find(context=self.agency["tai-lieu"], code=code,
                                  portal_type="ControlledDocument")
        self.assertEqual(len(brains), 1, code)
        return brains[0].getObject()

    def test_quality_manual_of_seed_004(self):
        manual = self.document("STCL")
        self.assertEqual(api.content.get_state(manual), "effective")
        self.assertEqual(manual.level, "I")
        self.assertIn("4.1. Phân tích bối cảnh của tổ chức", manual.text.raw)
        self.assertIn("Sở Khoa học và Công nghệ", manual.text.raw)
        self.assertNotIn("Thông tin và Truyền thông", manual.text.raw)

    def test_quality_manual_has_two_former_issues(self):
        from eiso.documents.revision import issues
        from eiso.documents.revision import working_copy_of

        manual = self.document("STCL")
        self.assertEqual(manual.issue_number, 3)
        self.assertIn("Sửa đổi lần 3", manual.text.raw)
        self.assertEqual([issue["issue"] for issue in issues(manual)][-3:], [1, 2, 3])
        self.assertIsNone(working_copy_of(manual))
        history = api.portal.get_tool("portal_repository").getHistoryMetadata(manual)
        self.assertGreaterEqual(history.getLength(countPurged=False), 3)

    def test_documents_in_every_state(self):
        states = {}
        for brain in api.content.find(context=self.agency["tai-lieu"],
                                      portal_type="ControlledDocument"):
            states.setdefault(brain.review_state, []).append(brain.code)
        self.assertGreaterEqual(len(states["effective"]), 8)
        self.assertEqual(states["reviewing"], ["QT-QLKH-01"])
        self.assertEqual(states["pending"], ["QT-QLCN-01"])
        self.assertEqual(states["draft"], ["HD-TTS-01"])
        # the pending one waits for the leader in his inbox
        waiting = api.content.find(responsible_users="lanhdao", case_open=True,
                                   portal_type="ControlledDocument")
        self.assertEqual([brain.code for brain in waiting], ["QT-QLCN-01"])

    def test_procedures_are_found_by_their_attached_text_without_diacritics(self):
        found = api.content.find(SearchableText="tiep nhan va tra ket qua dung han",
                                 portal_type="ControlledDocument", review_state="effective")
        self.assertIn("QT-VP-01", [brain.code for brain in found])
        found = api.content.find(SearchableText='"phan tich boi canh"')
        self.assertIn("STCL", [brain.code for brain in found])

    def test_records_due_for_disposal_and_an_overdue_borrowing(self):
        today = datetime.date.today()
        due = api.content.find(context=self.agency["ho-so"], portal_type="Record",
                               review_state="active",
                               disposal_due={"query": today, "range": "max"})
        self.assertEqual(sorted(brain.code for brain in due), ["HS-CGCN-2019", "HS-TCD-2018"])
        permanent = self.agency["ho-so"][
            api.content.find(code="HS-NVKH-2020", portal_type="Record")[0].getId]
        self.assertIsNone(permanent.disposal_due)
        lent = api.content.find(context=self.agency["ho-so"], portal_type="BorrowRequest",
                                review_state="lent")
        self.assertEqual(len(lent), 1)
        self.assertLess(as_date(lent[0].due_date), today)
        self.assertIn("hoso", lent[0].responsible_users)

    def test_legal_texts_and_their_chain(self):
        states = {brain.code: brain.review_state for brain in api.content.find(
            context=self.agency["van-ban"], portal_type="LegalDocument")}
        self.assertGreaterEqual(len(states), 12)
        self.assertEqual(states["144/2006/QĐ-TTg"], "expired")  # replaced by 19/2014
        self.assertEqual(states["118/2009/QĐ-TTg"], "expired")
        self.assertEqual(states["19/2014/QĐ-TTg"], "in_force")
        self.assertEqual(states["77/2015/QH13"], "partly_expired")  # amended by 47/2019
        self.assertEqual(states["01/2011/QH13"], "expired")  # Luật Lưu trữ 2024 replaced it
