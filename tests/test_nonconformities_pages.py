"""Nonconformities in the browser and through REST: the add form, the page with its
timeline, the transition form's refusals and REST ``@workflow`` answering 400."""

from datetime import date
from datetime import timedelta
from eiso.nonconformities import create_nonconformity
from eiso.nonconformities import open_nonconformity
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import transaction
import unittest


DUE = date.today() + timedelta(days=20)


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["kiem-soat"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, "a-secretary")
        self.policy = api.content.create(
            container=self.agency["boi-canh"], type="QualityPolicy",
            title="Chính sách chất lượng 2026", year=2026, motto="Chất lượng",
            statements=["Phục vụ người dân"])
        login(self.portal, "a-staff")
        self.item = create_nonconformity(
            self.section, description="Sổ theo dõi hồ sơ không ghi ngày giao nhận",
            source="staff", department="phong-cntt", clause="7.5.3",
            correction="Bổ sung ngày giao nhận vào sổ")
        logout()
        self.path = "/co-quan-a/kiem-soat/" + self.item.getId()
        transaction.commit()

    def fresh(self):
        transaction.begin()
        return self.section[self.item.getId()]

    def rest(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    def test_staff_reports_with_the_add_form_in_vietnamese(self):
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url())
        self.assertIn("Báo cáo sự không phù hợp", page.contents)
        page.open(self.section.absolute_url() + "/++add++Nonconformity")
        for label in ("Nguồn phát hiện", "Mô tả sự không phù hợp", "Khắc phục tức thời",
                      "Điều khoản ISO", "Nguyên nhân gốc", "Hành động khắc phục",
                      "Người chịu trách nhiệm", "Thời hạn hoàn thành khắc phục",
                      "Kết quả kiểm tra hiệu lực", "Cán bộ phát hiện", "Ý kiến phản ánh"):
            self.assertIn(label, page.contents)
        self.assertNotIn("Người kiểm tra", page.contents)  # set by the workflow
        form = page.getForm(id="form")
        form.getControl(name="form.buttons.save").click()
        self.assertIn("++add++Nonconformity", page.url)
        self.assertIn("Bắt buộc", page.contents)  # the description
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.description").value = "Máy in một cửa hỏng 03 ngày"
        form.getControl(name="form.widgets.department:list").value = ["phong-cntt"]
        form.getControl(name="form.buttons.save").click()
        self.assertIn("/kiem-soat/may-in-mot-cua-hong-03-ngay", page.url)
        self.assertIn("Quá trình xử lý", page.contents)  # the case timeline
        self.assertIn("Phân tích nguyên nhân, đề xuất khắc phục", page.contents)
        self.assertIn("Trưởng Phòng A", page.contents)
        transaction.begin()
        item = self.section["may-in-mot-cua-hong-03-ngay"]
        self.assertEqual(item.responsible_users, ["a-head"])

    def test_the_page_shows_every_field_and_the_source(self):
        login(self.portal, "a-secretary")
        opened = open_nonconformity(self.policy, "audit",
                                    "Chính sách chưa phổ biến đến cán bộ mới",
                                    department="phong-cntt", clause="5.2.2")
        logout()
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(opened.absolute_url())
        for text in (opened.code, "Đã báo cáo", "Đánh giá nội bộ", "5.2.2", "Phát sinh từ",
                     "Chính sách chất lượng 2026", "Phòng Công nghệ thông tin",
                     "Người báo cáo", "Thư Ký A", "Chưa phân tích nguyên nhân.",
                     "Quá trình xử lý"):
            self.assertIn(text, page.contents)
        # a member who may not see the draft policy does not see the link either
        staff = browser(self.app, "a-staff")
        staff.open(opened.absolute_url())
        self.assertIn("Chính sách chưa phổ biến đến cán bộ mới", staff.contents)
        self.assertNotIn("Phát sinh từ", staff.contents)
        page.getLink("Chính sách chất lượng 2026").click()
        self.assertEqual(page.url, self.policy.absolute_url())

    def test_refusals_on_the_transition_form_then_the_flow(self):
        page = browser(self.app, "a-head")
        page.open(self.item.absolute_url() + "/@@case-transition")
        page.getControl(name="action").value = ["analyse"]
        page.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Cần nhập trước khi chuyển phân tích: Nguyên nhân gốc, Hành động "
                      "khắc phục, Người chịu trách nhiệm, Thời hạn hoàn thành khắc phục.",
                      page.contents)
        self.assertNotIn("Traceback", page.contents)
        self.assertEqual(api.content.get_state(self.fresh()), "reported")
        # the head fills in the analysis with the edit form, then sends it
        page.open(self.item.absolute_url() + "/edit")
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.root_cause").value = "Biểu mẫu sổ thiếu cột ngày"
        form.getControl(name="form.widgets.corrective_action").value = "Sửa biểu mẫu sổ"
        form.getControl(name="form.widgets.responsible:list").value = ["a-staff"]
        form.getControl(name="form.widgets.action_due_date").value = DUE.isoformat()
        form.getControl(name="form.buttons.save").click()
        page.open(self.item.absolute_url() + "/@@case-transition")
        page.getControl(name="action").value = ["analyse"]
        page.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertIn("Đã chuyển hồ sơ", page.contents)
        item = self.fresh()
        self.assertEqual(api.content.get_state(item), "analysed")
        self.assertEqual(item.responsible_users, ["a-leader"])
        # the leader approves: the person responsible, by the due date
        page = browser(self.app, "a-leader")
        page.open(self.item.absolute_url() + "/@@case-transition")
        self.assertIn("Duyệt biện pháp khắc phục", page.contents)
        self.assertIn("Không phải sự không phù hợp", page.contents)
        page.getControl(name="action").value = ["approve"]
        form = page.getForm(id="eiso-case-transition")
        self.assertEqual(form.getControl(name="handlers:list").value, ["a-staff"])
        self.assertEqual(form.getControl(name="due_date").value, DUE.isoformat())
        form.submit(name="form.save")
        item = self.fresh()
        self.assertEqual(api.content.get_state(item), "approved")
        # in the inbox of the person responsible, with the due date
        page = browser(self.app, "a-staff")
        page.open(self.portal.absolute_url() + "/@@inbox")
        self.assertIn(item.code, page.contents)
        self.assertIn(DUE.strftime("%d/%m/%Y"), page.contents)
        self.assertIn("Thực hiện khắc phục", page.contents)

    def test_rest_workflow_answers_400_with_the_message(self):
        head = self.rest("a-head")
        response = head.post(self.path + "/@workflow/analyse", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Cần nhập trước khi chuyển phân tích", response.json()["error"]["message"])
        self.assertEqual(api.content.get_state(self.fresh()), "reported")
        response = head.patch(self.path, json={
            "root_cause": "Biểu mẫu sổ thiếu cột ngày", "corrective_action": "Sửa biểu mẫu",
            "responsible": "a-staff", "action_due_date": DUE.isoformat()})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(head.post(self.path + "/@workflow/analyse", json={}).status_code, 200)
        leader = self.rest("a-leader")
        self.assertEqual(leader.post(self.path + "/@workflow/approve", json={}).status_code, 200)
        staff = self.rest("a-staff")
        self.assertEqual(staff.post(self.path + "/@workflow/implement", json={}).status_code,
                         200)
        secretary = self.rest("a-secretary")
        response = secretary.post(self.path + "/@workflow/verify", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Cần ghi kết quả kiểm tra hiệu lực", response.json()["error"]["message"])
        # who verified, and when, is the system's to say: a client's value is ignored
        response = secretary.patch(self.path, json={
            "verification": "Kiểm tra 05 hồ sơ: đủ ngày giao nhận", "action_effective": True,
            "verified_by": "a-leader"})
        self.assertEqual(response.status_code, 204, response.text)
        item = self.fresh()
        self.assertEqual(item.verification, "Kiểm tra 05 hồ sơ: đủ ngày giao nhận")
        self.assertIsNone(item.verified_by)
        self.assertEqual(secretary.post(self.path + "/@workflow/verify", json={}).status_code,
                         200)
        item = self.fresh()
        self.assertEqual(item.verified_by, "a-secretary")  # not what a client sends
        self.assertEqual(secretary.post(self.path + "/@workflow/close", json={}).status_code,
                         200)
        response = secretary.get(self.path)
        self.assertEqual(response.json()["review_state"], "closed")
        self.assertEqual(response.json()["source"]["token"], "staff")

    def test_rest_create_and_agency_b(self):
        staff = self.rest("a-staff")
        response = staff.post("/co-quan-a/kiem-soat", json={
            "@type": "Nonconformity", "description": "Phiếu hẹn ghi sai ngày trả kết quả",
            "source": "feedback", "department": "phong-cntt"})
        self.assertEqual(response.status_code, 201, response.text)
        transaction.begin()
        created = self.section[response.json()["@id"].rsplit("/", 1)[-1]]
        self.assertTrue(created.code.startswith("KPH-"))
        self.assertEqual(created.responsible_users, ["a-head"])
        for body in ({"source": "staff"}, {"description": "   "}):
            response = staff.post("/co-quan-a/kiem-soat", json={"@type": "Nonconformity", **body})
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn("'field': 'description'", response.json()["message"])
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 2)
        outsider = self.rest("b-staff")
        self.assertIn(outsider.get(self.path).status_code, (401, 403, 404))
        response = outsider.post("/co-quan-a/kiem-soat", json={
            "@type": "Nonconformity", "description": "Không được phép"})
        self.assertIn(response.status_code, (401, 403, 404))
        response = outsider.get("/@search", params={"portal_type": "Nonconformity"})
        self.assertEqual(response.json()["items_total"], 0)
        page = browser(self.app, "b-staff")
        page.open(self.section.absolute_url())
        self.assertNotIn("Sổ theo dõi hồ sơ", page.contents)
        self.assertNotIn(self.item.code, page.contents)
        page.open(self.item.absolute_url())
        self.assertNotIn("Sổ theo dõi hồ sơ", page.contents)

    def test_the_listing_with_filters(self):
        page = browser(self.app, "a-leader")
        page.open(self.section.absolute_url())
        self.assertIn("Có 1 báo cáo sự không phù hợp.", page.contents)
        self.assertIn(self.item.code, page.contents)
        form = page.getForm(id="eiso-control-filters")
        form.getControl(name="source").value = ["audit"]
        form.submit()
        self.assertIn("Không có ý kiến phản ánh hay báo cáo sự không phù hợp nào khớp với bộ lọc.",
                      page.contents)
        page.getLink(url=self.section.absolute_url()).click()  # clear the filters
        self.assertIn(self.item.code, page.contents)
        page.open(self.section.absolute_url() + "?review_state=reported&department=phong-cntt")
        self.assertIn(self.item.code, page.contents)
