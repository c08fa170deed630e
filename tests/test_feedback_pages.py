"""Customer feedback in the browser and through REST: the add form, the page, the
transition form's refusals, REST ``@workflow`` answering 400, "Mở báo cáo sự không phù
hợp" (POST, CSRF, permission, once) and the kiem-soat listing of both types."""

from eiso.feedback import create_feedback
from eiso.nonconformities import create_nonconformity
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout

import transaction
import unittest


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["kiem-soat"]
        login(self.portal, "a-staff")
        self.item = create_feedback(
            self.section, description="Cán bộ một cửa hẹn trả kết quả sai ngày",
            channel="phone", citizen_name="Trần Thị Bình", contact="binh@example.vn")
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

    def nonconformities(self):
        transaction.begin()
        return [item for item in self.section.objectValues()
                if item.portal_type == "Nonconformity"]

    def test_staff_records_one_with_the_add_form_in_vietnamese(self):
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url() + "/++add++CustomerFeedback")
        for label in ("Kênh tiếp nhận", "Họ tên người dân hoặc tên tổ chức",
                      "Số điện thoại hoặc thư điện tử", "Nội dung phản ánh, kiến nghị",
                      "Thủ tục hành chính liên quan", "Ngày tiếp nhận", "Phòng ban xử lý",
                      "Nội dung trả lời", "Ngày trả lời", "Cổng dịch vụ công"):
            self.assertIn(label, page.contents)
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.description").value = "Phí thẩm định thu sai mức"
        form.getControl(name="form.widgets.contact").value = "an@example"
        form.getControl(name="form.buttons.save").click()
        self.assertIn("++add++CustomerFeedback", page.url)
        self.assertIn("Nhập số điện thoại (ví dụ 0912 345 678)", page.contents)
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.contact").value = "0912 345 678"
        form.getControl(name="form.widgets.channel:list").value = ["email"]
        form.getControl(name="form.buttons.save").click()
        self.assertIn("/kiem-soat/phi-tham-dinh-thu-sai-muc", page.url)
        self.assertIn("Quá trình xử lý", page.contents)
        self.assertIn("Phân công xử lý ý kiến phản ánh", page.contents)
        self.assertIn("Thư Ký A", page.contents)
        transaction.begin()
        item = self.section["phi-tham-dinh-thu-sai-muc"]
        self.assertEqual(item.responsible_users, ["a-secretary"])
        self.assertEqual(item.channel, "email")

    def test_the_page(self):
        page = browser(self.app, "a-leader")
        page.open(self.item.absolute_url())
        for text in (self.item.code, "Đã tiếp nhận", "Điện thoại", "Trần Thị Bình",
                     "binh@example.vn", "Cán bộ một cửa hẹn trả kết quả sai ngày",
                     "Chưa có nội dung trả lời.", "Người tiếp nhận", "Nhân Viên A",
                     "Mở báo cáo sự không phù hợp"):
            self.assertIn(text, page.contents)
        staff = browser(self.app, "a-staff")
        staff.open(self.item.absolute_url())
        self.assertIn("Trần Thị Bình", staff.contents)
        self.assertNotIn("eiso-feedback-open-nc", staff.contents)  # may not open one

    def test_refusals_on_the_transition_form_then_the_flow(self):
        page = browser(self.app, "a-secretary")
        page.open(self.item.absolute_url() + "/@@case-transition")
        page.getControl(name="action").value = ["assign"]
        page.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertIn("Hãy chọn phòng ban xử lý trước", page.contents)
        self.assertNotIn("Traceback", page.contents)
        self.assertEqual(api.content.get_state(self.fresh()), "received")
        page.open(self.item.absolute_url() + "/edit")
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.department:list").value = ["phong-cntt"]
        form.getControl(name="form.buttons.save").click()
        page.open(self.item.absolute_url() + "/@@case-transition")
        page.getControl(name="action").value = ["assign"]
        form = page.getForm(id="eiso-case-transition")
        self.assertEqual(form.getControl(name="handlers:list").value, ["a-head"])
        form.submit(name="form.save")
        self.assertIn("Đã chuyển hồ sơ", page.contents)
        self.assertEqual(api.content.get_state(self.fresh()), "handling")
        head = browser(self.app, "a-head")
        head.open(self.item.absolute_url() + "/@@case-transition")
        head.getControl(name="action").value = ["respond"]
        head.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertIn("Hãy ghi nội dung trả lời trước", head.contents)
        self.assertEqual(api.content.get_state(self.fresh()), "handling")
        # the leader rejects only with a reason
        item = self.fresh()
        login(self.portal, "a-head")
        item.response = "Đã kiểm tra và điều chỉnh phiếu hẹn."
        api.content.transition(obj=item, transition="respond")
        logout()
        transaction.commit()
        leader = browser(self.app, "a-leader")
        leader.open(self.item.absolute_url() + "/@@case-transition")
        self.assertIn("Duyệt nội dung trả lời", leader.contents)
        leader.getControl(name="action").value = ["reject"]
        leader.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertIn("Ghi lý do không xử lý ý kiến", leader.contents)
        self.assertEqual(api.content.get_state(self.fresh()), "responded")

    def test_rest_workflow_answers_400_with_the_message(self):
        secretary = self.rest("a-secretary")
        response = secretary.post(self.path + "/@workflow/assign", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Hãy chọn phòng ban xử lý trước", response.json()["error"]["message"])
        response = secretary.patch(self.path, json={"department": "phong-cntt"})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(secretary.post(self.path + "/@workflow/assign", json={}).status_code,
                         200)
        head = self.rest("a-head")
        response = head.post(self.path + "/@workflow/respond", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Hãy ghi nội dung trả lời trước", response.json()["error"]["message"])
        response = head.patch(self.path, json={"response": "Sở đã điều chỉnh phiếu hẹn."})
        self.assertEqual(response.status_code, 204, response.text)
        self.assertEqual(head.post(self.path + "/@workflow/respond", json={}).status_code, 200)
        leader = self.rest("a-leader")
        self.assertEqual(leader.post(self.path + "/@workflow/approve", json={}).status_code,
                         200)
        response = leader.get(self.path)
        self.assertEqual(response.json()["review_state"], "closed")
        self.assertEqual(response.json()["channel"]["token"], "phone")

    def test_rest_create_and_agency_b(self):
        staff = self.rest("a-staff")
        response = staff.post("/co-quan-a/kiem-soat", json={
            "@type": "CustomerFeedback", "description": "Thái độ tiếp dân chưa niềm nở",
            "channel": "in_person", "contact": "0987654321"})
        self.assertEqual(response.status_code, 201, response.text)
        for body in ({"description": "   "}, {"description": "Nội dung", "contact": "abc"}):
            response = staff.post("/co-quan-a/kiem-soat",
                                  json={"@type": "CustomerFeedback", **body})
            self.assertEqual(response.status_code, 400, response.text)
        outsider = self.rest("b-staff")
        self.assertIn(outsider.get(self.path).status_code, (401, 403, 404))
        response = outsider.post("/co-quan-a/kiem-soat", json={
            "@type": "CustomerFeedback", "description": "Không được phép"})
        self.assertIn(response.status_code, (401, 403, 404))
        response = outsider.get("/@search", params={"portal_type": "CustomerFeedback"})
        self.assertEqual(response.json()["items_total"], 0)
        anonymous = self.rest(None)
        self.assertIn(anonymous.get(self.path).status_code, (401, 403, 404))

    def test_open_a_nonconformity_once(self):
        page = browser(self.app, "a-secretary")
        page.open(self.item.absolute_url())
        form = page.getForm(action=self.item.absolute_url() + "/@@open-nonconformity")
        form.getControl(name="description").value = "Phiếu hẹn ghi sai ngày trả kết quả"
        form.getControl(name="department").value = ["phong-cntt"]
        form.submit(name="open")
        self.assertIn("Đã mở báo cáo sự không phù hợp KPH-", page.contents)
        created = self.nonconformities()
        self.assertEqual(len(created), 1)
        nc = created[0]
        self.assertEqual(page.url, nc.absolute_url())
        self.assertEqual(nc.source, "feedback")
        self.assertEqual(nc.department, "phong-cntt")
        self.assertEqual(nc.source_item.to_object.UID(), self.item.UID())
        self.assertEqual(nc.responsible_users, ["a-head"])
        # the feedback links it and offers no second one; a replayed POST opens nothing
        page.open(self.item.absolute_url())
        self.assertIn(nc.code, page.contents)
        self.assertNotIn("eiso-feedback-open-nc", page.contents)
        page.open(self.item.absolute_url() + "/@@authenticator/token")
        token = page.contents.strip()
        page.post(self.item.absolute_url() + "/@@open-nonconformity",
                  f"_authenticator={token}&description=Lần+hai")
        self.assertIn("Ý kiến này đã được mở báo cáo sự không phù hợp", page.contents)
        self.assertEqual(len(self.nonconformities()), 1)

    def assertRefused(self, page):
        self.assertTrue(
            page.headers["status"].startswith(("401", "403"))
            or "insufficient-privileges" in page.url or "require_login" in page.url,
            (page.headers["status"], page.url))

    def test_open_a_nonconformity_needs_post_csrf_and_the_permission(self):
        page = browser(self.app, "a-secretary")
        page.open(self.item.absolute_url() + "/@@open-nonconformity")  # GET: back to the page
        self.assertEqual(page.url, self.item.absolute_url())
        page.post(self.item.absolute_url() + "/@@open-nonconformity", "description=x")
        self.assertEqual(page.headers["status"], "403 Forbidden")
        self.assertEqual(self.nonconformities(), [])
        staff = browser(self.app, "a-staff")
        staff.open(self.item.absolute_url() + "/@@authenticator/token")
        token = staff.contents.strip()
        staff.post(self.item.absolute_url() + "/@@open-nonconformity",
                   f"_authenticator={token}")
        self.assertRefused(staff)
        outsider = browser(self.app, "b-admin")
        outsider.post(self.item.absolute_url() + "/@@open-nonconformity", "x=1")
        self.assertRefused(outsider)
        self.assertEqual(self.nonconformities(), [])

    def test_the_listing_shows_both_types(self):
        login(self.portal, "a-staff")
        nc = create_nonconformity(self.section, description="Máy in một cửa hỏng",
                                  source="staff", department="phong-cntt")
        logout()
        transaction.commit()
        page = browser(self.app, "a-leader")
        page.open(self.section.absolute_url())
        self.assertIn("Có 1 ý kiến phản ánh và 1 báo cáo sự không phù hợp.", page.contents)
        self.assertIn(self.item.code, page.contents)
        self.assertIn(nc.code, page.contents)
        self.assertIn("Loại", page.contents)
        form = page.getForm(id="eiso-control-filters")
        form.getControl(name="portal_type").value = ["CustomerFeedback"]
        form.submit()
        self.assertIn(self.item.code, page.contents)
        self.assertNotIn(nc.code, page.contents)
        form = page.getForm(id="eiso-control-filters")
        form.getControl(name="portal_type").value = ["Nonconformity"]
        form.getControl(name="review_state").value = ["received"]
        form.submit()
        self.assertIn("Không có ý kiến phản ánh hay báo cáo sự không phù hợp nào khớp",
                      page.contents)
