"""Internal audits in the browser and through REST: the add form and its Vietnamese
messages, the audit's page role by role, "Tạo danh sách kiểm tra" (POST and CSRF),
the checklist form of the auditors (in the team or not), the findings form, the
printable report, the danh-gia listing, REST GET/PATCH with 400 on bad input, the
criteria in the ISO settings."""

from eiso.cases.handover import hand_over
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from urllib.parse import urlencode

import datetime
import transaction
import unittest


CRITERIA = [
    "7.5.3 | Hồ sơ có được lưu trữ đúng quy định không?",
    "8.2.1 | Thủ tục hành chính có được niêm yết công khai không?",
]


class AuditPagesTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["danh-gia"]
        api.portal.set_registry_record("eiso.audit_criteria", list(CRITERIA))
        transaction.commit()

    def rest(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    def audit(self, *steps, **fields):
        login(self.portal, "a-secretary")
        values = dict(title="Đánh giá nội bộ Phòng CNTT", start_date=datetime.date.today(),
                      end_date=datetime.date.today() + datetime.timedelta(days=1),
                      departments=["phong-cntt"], lead_auditor="a-staff", team=["a-hr"])
        values.update(fields)
        audit = api.content.create(container=self.section, type="InternalAudit", **values)
        for user, transition in steps:
            login(self.portal, user)
            hand_over(audit, transition)
        logout()
        transaction.commit()
        return audit

    def in_progress(self, **fields):
        return self.audit(("a-secretary", "submit"), ("a-leader", "approve"),
                          ("a-staff", "start"), **fields)


class TestAddForm(AuditPagesTestCase):
    def post(self, page, **values):
        url = self.section.absolute_url() + "/++add++InternalAudit"
        page.open(url)
        fields = [
            ("_authenticator", page.getControl(name="_authenticator").value),
            ("form.widgets.title", values.get("title", "Đánh giá nội bộ đợt 1")),
            ("form.widgets.start_date", values.get("start", "")),
            ("form.widgets.end_date", values.get("end", "")),
            ("form.widgets.departments:list", "phong-cntt"),
            ("form.widgets.departments-empty-marker", "1"),
            ("form.widgets.lead_auditor:list", "a-staff"),
            ("form.widgets.lead_auditor-empty-marker", "1"),
            ("form.widgets.team:list", "a-hr"),
            ("form.widgets.team-empty-marker", "1"),
            ("form.widgets.programme-empty-marker", "1"),
            ("form.widgets.checklist.count", "0"),
            ("form.widgets.findings.count", "0"),
            ("form.buttons.save", "Lưu"),
        ]
        page.post(url, urlencode(fields))

    def test_secretary_adds_an_audit_end_before_start_refused(self):
        year = datetime.date.today().year
        page = browser(self.app, "a-secretary")
        page.open(self.section.absolute_url())
        self.assertIn("++add++InternalAudit", page.contents)
        self.post(page, start=f"{year}-05-10", end=f"{year}-05-09")
        self.assertIn("Ngày kết thúc cuộc đánh giá không được trước ngày bắt đầu.",
                      page.contents)
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 0)
        self.post(page, start=f"{year}-05-10", end=f"{year}-05-11")
        self.assertEqual(page.headers["status"].split()[0], "200")
        transaction.begin()
        audit = self.section["danh-gia-noi-bo-dot-1"]
        self.assertEqual(len(audit.checklist), 2)  # made from the criteria
        self.assertEqual(sorted(r for p, roles in audit.get_local_roles()
                                if "Auditor" in roles for r in [p]), ["a-hr", "a-staff"])
        for text in ("Đánh giá nội bộ đợt 1", "Trưởng đoàn đánh giá", "Nhân Viên A",
                     "Đoàn đánh giá", "Nhân Sự A", "Phòng Công nghệ thông tin",
                     "Danh sách kiểm tra", "Chưa trả lời", f"DG-{year}-", "Dự thảo"):
            self.assertIn(text, page.contents)

    def test_staff_cannot_add(self):
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url())
        self.assertNotIn("++add++InternalAudit", page.contents)
        response = self.rest("a-staff").post("/co-quan-a/danh-gia", json={
            "@type": "InternalAudit", "title": "X", "start_date": datetime.date.today().isoformat(),
            "end_date": datetime.date.today().isoformat(), "departments": ["van-phong"],
            "lead_auditor": "a-staff"})
        self.assertIn(response.status_code, (401, 403), response.text)


class TestAuditPage(AuditPagesTestCase):
    def test_generate_button_posts_with_csrf(self):
        audit = self.audit()
        audit.checklist = []
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(audit.absolute_url())
        self.assertIn("Tạo danh sách kiểm tra", page.contents)
        url = audit.absolute_url() + "/@@audit-checklist-generate"
        page.post(url, "")  # no token: refused, nothing made
        self.assertEqual(page.headers["status"], "403 Forbidden")
        transaction.begin()
        self.assertEqual(audit.checklist, [])
        page.open(audit.absolute_url())
        page.getForm(id="eiso-audit-generate").submit()
        self.assertIn("Đã thêm 2 câu hỏi vào danh sách kiểm tra", page.contents)
        page.getForm(id="eiso-audit-generate").submit()
        self.assertIn("Danh sách kiểm tra đã có đủ các câu hỏi", page.contents)
        transaction.begin()
        self.assertEqual(len(audit.checklist), 2)
        # once submitted the plan is no longer the secretary's to change
        login(self.portal, "a-secretary")
        hand_over(audit, "submit")
        transaction.commit()
        page.open(audit.absolute_url())
        self.assertNotIn("eiso-audit-generate", page.contents)
        page.open(url)
        self.assertIn("insufficient-privileges", page.url)

    def test_auditor_in_the_team_fills_the_checklist(self):
        audit = self.in_progress()
        page = browser(self.app, "a-hr")
        page.open(audit.absolute_url())
        self.assertIn("Điền danh sách kiểm tra", page.contents)
        page.open(audit.absolute_url() + "/@@audit-checklist")
        self.assertIn("7. Hỗ trợ", page.contents)
        self.assertIn('id="eiso-checklist-clause-8"', page.contents)
        token = page.getControl(name="_authenticator").value
        url = audit.absolute_url() + "/@@audit-checklist"
        # a nonconformity without evidence: nothing is saved
        form = [("_authenticator", token), ("answer_1", "conform"), ("evidence_1", "Sổ 2026"),
                ("answer_2", "not_conform"), ("evidence_2", " "), ("form.buttons.save", "1")]
        page.post(url, urlencode(form))
        self.assertIn("Cần ghi bằng chứng của điểm không phù hợp hoặc quan sát.", page.contents)
        self.assertIn("Chưa lưu danh sách kiểm tra", page.contents)
        transaction.begin()
        self.assertEqual([row["answer"] for row in audit.checklist], [None, None])
        form = [("_authenticator", token), ("answer_1", "bogus"), ("answer_2", "conform"),
                ("form.buttons.save", "1")]
        page.post(url, urlencode(form))
        self.assertIn("Hãy chọn một trong các kết quả.", page.contents)
        form = [("_authenticator", token), ("answer_1", "conform"), ("evidence_1", "Sổ 2026"),
                ("answer_2", "not_conform"), ("evidence_2", "Bảng niêm yết cũ"),
                ("form.buttons.save", "1")]
        page.post(url, urlencode(form[1:]))  # without the token: refused
        transaction.begin()
        self.assertEqual([row["answer"] for row in audit.checklist], [None, None])
        page.post(url, urlencode(form))
        self.assertIn("Đã lưu danh sách kiểm tra.", page.contents)
        transaction.begin()
        self.assertEqual([row["answer"] for row in audit.checklist],
                         ["conform", "not_conform"])
        self.assertEqual(audit.checklist[1]["evidence"], "Bảng niêm yết cũ")
        page.open(audit.absolute_url())
        summary = page.contents.split('id="eiso-audit-summary"')[1].split("</table>")[0]
        for answer, count in (("conform", 1), ("not_conform", 1), ("unanswered", 0)):
            self.assertIn(f'data-answer="{answer}">{count}</td>', summary)

    def test_others_cannot_fill_the_checklist(self):
        audit = self.in_progress()
        for user in ("a-secretary", "a-leader", "a-records", "b-staff"):
            page = browser(self.app, user)
            page.open(audit.absolute_url() + "/@@audit-checklist")
            self.assertIn("insufficient-privileges", page.url, user)
            page.open(audit.absolute_url() + "/@@audit-findings")
            self.assertIn("insufficient-privileges", page.url, user)
        page = browser(self.app, "a-records")
        page.open(audit.absolute_url())
        self.assertEqual(page.headers["status"].split()[0], "200")
        self.assertNotIn("Điền danh sách kiểm tra", page.contents)
        page = browser(self.app, "b-staff")
        page.open(audit.absolute_url())
        self.assertIn("insufficient-privileges", page.url)

    def test_findings_form_and_nonconformity_link(self):
        audit = self.in_progress()
        page = browser(self.app, "a-staff")
        page.open(audit.absolute_url() + "/@@audit-findings")
        self.assertIn("Các phát hiện của cuộc đánh giá", page.contents)
        self.assertIn("Sự không phù hợp", page.contents)
        self.assertIn("Khuyến nghị (quan sát)", page.contents)
        self.assertIn("Cơ hội cải tiến", page.contents)
        url = audit.absolute_url() + "/@@audit-findings"
        token = page.getControl(name="_authenticator").value

        def post(description):
            prefix = "form.widgets.findings.0"
            fields = [
                ("_authenticator", token),
                ("form.widgets.findings.count", "1"),
                (f"{prefix}-empty-marker", "1"),
                (f"{prefix}.widgets.kind:list", "nonconformity"),
                (f"{prefix}.widgets.kind-empty-marker", "1"),
                (f"{prefix}.widgets.clause:list", "7.5.3"),
                (f"{prefix}.widgets.clause-empty-marker", "1"),
                (f"{prefix}.widgets.department:list", "phong-cntt"),
                (f"{prefix}.widgets.department-empty-marker", "1"),
                (f"{prefix}.widgets.description", description),
                (f"{prefix}.widgets.evidence", "Sổ theo dõi 2026"),
                (f"{prefix}.widgets.nonconformity", ""),
                ("form.buttons.save", "Lưu"),
            ]
            page.post(url, urlencode(fields))

        post("   ")
        self.assertIn("Phát hiện 1: hãy ghi nội dung phát hiện.", page.contents)
        transaction.begin()
        self.assertEqual(audit.findings, [])
        post("Sổ theo dõi không ghi ngày giao nhận")
        self.assertIn("Đã lưu các phát hiện.", page.contents)
        self.assertIn("Lập phiếu khi nộp báo cáo", page.contents)
        transaction.begin()
        self.assertEqual(audit.findings[0]["description"], "Sổ theo dõi không ghi ngày giao nhận")
        audit.checklist = [dict(row, answer="conform") for row in audit.checklist]
        login(self.portal, "a-staff")
        hand_over(audit, "report")
        logout()
        transaction.commit()
        nc_uid = audit.findings[0]["nonconformity"]
        self.assertTrue(nc_uid)
        catalog = api.portal.get_tool("portal_catalog")
        nc = catalog.unrestrictedSearchResults(UID=nc_uid)[0]._unrestrictedGetObject()
        page = browser(self.app, "a-secretary")
        page.open(audit.absolute_url())
        self.assertIn(f'href="{nc.absolute_url()}"', page.contents)
        self.assertIn(nc.code, page.contents)
        self.assertIn("Đã báo cáo", page.contents)
        page.open(audit.absolute_url() + "/@@print")
        for text in ("Báo cáo đánh giá nội bộ", "Đánh giá nội bộ Phòng CNTT", nc.code,
                     "Sự không phù hợp", "Sổ theo dõi không ghi ngày giao nhận",
                     "Kết quả danh sách kiểm tra", "Trưởng đoàn đánh giá", "A4 portrait"):
            self.assertIn(text, page.contents)
        self.assertNotIn("portal-footer", page.contents)


class TestEditForm(AuditPagesTestCase):
    def test_secretary_edits_the_planned_audit_answers_kept(self):
        audit = self.audit(("a-secretary", "submit"), ("a-leader", "approve"))
        audit.checklist = [dict(audit.checklist[0], answer="conform", evidence="Sổ 2026")] \
            + audit.checklist[1:]
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(audit.absolute_url() + "/edit")
        self.assertIn("Danh sách kiểm tra", page.contents)
        self.assertNotIn("form.widgets.findings", page.contents)  # the auditors'
        page.getControl(name="form.widgets.title").value = "Đánh giá nội bộ đợt 1 – CNTT"
        team = page.getControl(name="form.widgets.team:list")
        self.assertIn("a-records", team.options)
        self.assertNotIn("b-staff", team.options)  # accounts of the agency only
        team.value = ["a-records"]
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        self.assertEqual(audit.title, "Đánh giá nội bộ đợt 1 – CNTT")
        self.assertEqual(audit.team, ["a-records"])
        self.assertEqual(audit.checklist[0]["answer"], "conform")
        self.assertEqual(audit.checklist[0]["evidence"], "Sổ 2026")
        self.assertEqual(len(audit.checklist), 2)
        self.assertIn("Auditor", audit.get_local_roles_for_userid("a-records"))
        self.assertNotIn("Auditor", audit.get_local_roles_for_userid("a-hr"))
        # once started, the plan is no longer editable: the team audits
        login(self.portal, "a-staff")
        hand_over(audit, "start")
        logout()
        transaction.commit()
        page.open(audit.absolute_url() + "/edit")
        self.assertIn("insufficient-privileges", page.url)


class TestListingAndRest(AuditPagesTestCase):
    def test_listed_in_danh_gia(self):
        audit = self.audit(("a-secretary", "submit"), ("a-leader", "approve"))
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url())
        self.assertIn(audit.code, page.contents)
        self.assertIn("Đã lên kế hoạch", page.contents)
        self.assertIn("Đánh giá nội bộ", page.contents)
        page.open(self.section.absolute_url() + "?portal_type=InternalAudit&review_state=planned")
        self.assertIn(audit.code, page.contents)

    def test_rest_get_patch_and_bad_input(self):
        audit = self.audit()
        path = "/co-quan-a/danh-gia/" + audit.getId()
        secretary = self.rest("a-secretary")
        data = secretary.get(path).json()
        self.assertEqual(data["lead_auditor"]["token"], "a-staff")
        self.assertEqual(len(data["checklist"]), 2)
        self.assertEqual(data["checklist"][0]["clause"], "7.5.3")
        self.assertEqual(data["start_date"], datetime.date.today().isoformat())
        self.assertEqual(data["findings"], [])
        response = secretary.patch(path, json={"team": ["a-records"]})
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        self.assertEqual(audit.team, ["a-records"])
        self.assertNotIn("Auditor", audit.get_local_roles_for_userid("a-hr"))
        self.assertIn("Auditor", audit.get_local_roles_for_userid("a-records"))
        response = secretary.patch(path, json={
            "start_date": (datetime.date.today() + datetime.timedelta(days=5)).isoformat(),
            "end_date": datetime.date.today().isoformat()})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Ngày kết thúc cuộc đánh giá không được trước ngày bắt đầu.",
                      response.json()["message"])
        response = secretary.patch(path, json={"lead_auditor": "b-staff"})
        self.assertEqual(response.status_code, 400, response.text)
        transaction.begin()
        self.assertEqual(audit.end_date, datetime.date.today() + datetime.timedelta(days=1))
        self.assertEqual(audit.lead_auditor, "a-staff")
        self.assertIn(self.rest("b-admin").get(path).status_code, (401, 403, 404))
        self.assertIn(self.rest("a-staff").patch(path, json={"title": "X"}).status_code,
                      (401, 403))  # the draft is not the auditors' yet

        # while the audit is carried out, an auditor of the team records the findings
        for user, transition in (("a-secretary", "submit"), ("a-leader", "approve"),
                                 ("a-staff", "start")):
            login(self.portal, user)
            hand_over(audit, transition)
        logout()
        transaction.commit()
        auditor = self.rest("a-records")
        response = auditor.patch(path, json={"findings": [
            {"kind": "opportunity", "description": "Số hóa sổ theo dõi", "clause": "10.3",
             "department": "phong-cntt"}]})
        self.assertEqual(response.status_code, 204, response.text)
        response = auditor.patch(path, json={"findings": [{"kind": "bogus",
                                                           "description": "X"}]})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Phát hiện 1: hãy chọn loại phát hiện", response.json()["message"])
        response = auditor.patch(path, json={"findings": [
            {"kind": "observation", "description": "Nên bổ sung"},
            {"kind": "nonconformity", "description": "  "}]})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Phát hiện 2: hãy ghi nội dung phát hiện.",
                      response.json()["message"])
        # the plan is no longer the auditors' to change: the title is left alone
        auditor.patch(path, json={"title": "Đổi tên"})
        transaction.begin()
        self.assertEqual(audit.title, "Đánh giá nội bộ Phòng CNTT")
        self.assertEqual([(f["kind"], f["clause"]) for f in audit.findings],
                         [("opportunity", "10.3")])
        data = auditor.get(path).json()
        self.assertEqual(data["findings"][0]["description"], "Số hóa sổ theo dõi")
        self.assertIn(self.rest("a-hr").patch(path, json={"findings": []}).status_code,
                      (401, 403))  # no longer in the team


class TestSettings(AuditPagesTestCase):
    def test_criteria_in_the_control_panel(self):
        # an agency's administrator administers the agency only: the portal's
        # settings are the site's Managers'
        page = browser(self.app, "a-admin")
        page.open(self.portal.absolute_url() + "/@@eiso-settings")
        self.assertIn("insufficient-privileges", page.url)
        page = browser(self.app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page.open(self.portal.absolute_url() + "/@@eiso-settings")
        self.assertIn("Tiêu chí đánh giá nội bộ", page.contents)
        control = page.getControl(name="form.widgets.audit_criteria")
        self.assertIn("7.5.3 | Hồ sơ có được lưu trữ đúng quy định không?", control.value)
        control.value = "7.5.3 | Hồ sơ?\nCâu hỏi không có điều khoản"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Dòng “Câu hỏi không có điều khoản” không phải dạng", page.contents)
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.audit_criteria"), CRITERIA)
