"""Procedure guides through the browser and REST: the add form refuses bad input in
Vietnamese, the clerk prints the guide, forms download, a reviewer confirms or revises."""

from eiso.content.legal_document import create_legal_document
from eiso.content.procedure_guide import create_procedure_guide
from eiso.procedures import review
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile
from tests.test_context_types import grid_rows
from urllib.parse import urlencode
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import transaction
import unittest


NAME = "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ"


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["thu-tuc"]
        self.section_url = self.section.absolute_url()
        login(self.portal, "a-legal")
        self.law = create_legal_document(
            self.portal["co-quan-a"]["van-ban"], number="29/2013/QH13", legal_kind="Luật",
            issuer="Quốc hội", summary="Luật Khoa học và công nghệ")
        transaction.commit()

    def guide(self, applied=True, **fields):
        login(self.portal, "a-secretary")
        guide = create_procedure_guide(
            self.section, code="1.004486", procedure_name=NAME, processing_days=15,
            field="Khoa học và Công nghệ",
            legal_basis=[RelationValue(getUtility(IIntIds).getId(self.law))],
            forms=[NamedBlobFile(b"%PDF-1.4 mau don", filename="Mau-01.pdf",
                                 contentType="application/pdf")], **fields)
        if applied:
            for user_id, transition in (("a-secretary", "submit"), ("a-leader", "approve"),
                                        ("a-leader", "apply")):
                login(self.portal, user_id)
                api.content.transition(obj=guide, transition=transition)
        transaction.commit()
        return guide

    def form(self, page, **values):
        fields = [
            ("_authenticator", page.getControl(name="_authenticator").value),
            ("form.widgets.code", values.get("code", "1.004486")),
            ("form.widgets.procedure_name", values.get("procedure_name", NAME)),
            ("form.widgets.processing_days", values.get("processing_days", "15")),
            ("form.widgets.fee", values.get("fee", "")),
            ("form.widgets.charge", values.get("charge", "")),
            ("form.buttons.save", "Lưu"),
        ]
        fields += grid_rows("steps", [{"step": "Tiếp nhận hồ sơ", "responsible": "Một cửa",
                                       "duration": "0,5 ngày", "output": "Phiếu hẹn"}])
        fields += grid_rows("dossier_components", [{"document": "Đơn đề nghị",
                                                    "originals": "1", "copies": "0"}])
        return urlencode(fields)

    def test_add_form_and_bad_input(self):
        page = browser(self.app, "a-secretary")
        page.open(self.section_url)
        self.assertIn("++add++ProcedureGuide", page.contents)
        page.open(self.section_url + "/++add++ProcedureGuide")
        self.assertEqual(page.headers["status"], "200 OK")
        for label in ("Mã thủ tục", "Tên thủ tục hành chính", "Thành phần hồ sơ",
                      "Trình tự thực hiện", "Căn cứ pháp lý", "Mẫu đơn, tờ khai", "Lệ phí (đồng)",
                      "Thời hạn giải quyết (ngày làm việc)", "Tên giấy tờ", "Bản chính"):
            self.assertIn(label, page.contents)
        for values, message in (
            ({"processing_days": "0"}, "Thời hạn giải quyết phải ít nhất là một ngày làm việc."),
            ({"processing_days": "-2"}, "Thời hạn giải quyết phải ít nhất là một ngày làm việc."),
            ({"fee": "-50000"}, "Phí, lệ phí không được là số âm."),
            ({"procedure_name": ""}, "Bắt buộc"),
        ):
            page.open(self.section_url + "/++add++ProcedureGuide")
            page.post(self.section_url + "/++add++ProcedureGuide", self.form(page, **values))
            self.assertEqual(page.headers["status"], "200 OK", values)
            self.assertIn(message, page.contents, values)
            transaction.begin()
            self.assertEqual(len(self.section.objectIds()), 0, values)
        page.open(self.section_url + "/++add++ProcedureGuide")
        page.post(self.section_url + "/++add++ProcedureGuide", self.form(page, fee="500000"))
        transaction.begin()
        (guide,) = self.section.objectValues()
        self.assertEqual(guide.Title(), NAME)
        self.assertEqual(guide.fee, 500000)
        self.assertEqual(guide.steps, [{"step": "Tiếp nhận hồ sơ", "responsible": "Một cửa",
                                        "duration": "0,5 ngày", "output": "Phiếu hẹn"}])
        self.assertEqual(guide.dossier_components[0]["document"], "Đơn đề nghị")
        self.assertIn("Trình tự thực hiện", page.contents)

    def test_staff_prints_the_guide_and_downloads_a_form(self):
        guide = self.guide()
        page = browser(self.app, "a-staff")
        page.open(guide.absolute_url())
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("@@print", page.contents)
        self.assertNotIn("revise-procedure", page.contents)  # staff do not revise
        page.open(guide.absolute_url() + "/@@print")
        self.assertEqual(page.headers["status"], "200 OK")
        for text in ("Quy trình hướng dẫn giải quyết thủ tục hành chính", NAME, "1.004486",
                     "15 ngày làm việc", "29/2013/QH13", "Còn hiệu lực", "Mau-01.pdf",
                     "Sở Thông tin và Truyền thông", "Phí, lệ phí", "Không"):
            self.assertIn(text, page.contents)
        # The legal text's page names the guides based on it.
        page.open(self.law.absolute_url())
        self.assertIn("Quy trình hướng dẫn TTHC dựa trên văn bản này", page.contents)
        self.assertIn(NAME, page.contents)
        page.open(guide.absolute_url() + "/@@procedure-form/0")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertEqual(page.contents, b"%PDF-1.4 mau don")
        page.open(guide.absolute_url() + "/@@procedure-form/5")
        self.assertEqual(page.headers["status"], "404 Not Found")

    def test_agency_b_cannot_see(self):
        guide = self.guide()
        page = browser(self.app, "b-admin")
        for view in ("", "/@@print", "/@@procedure-form/0"):
            page.open(guide.absolute_url() + view)
            self.assertRegex(page.url, "require_login|insufficient-privileges", view)
            self.assertNotIn(NAME, page.contents, view)
        session = RestSession(self.portal, "b-leader")
        self.addCleanup(session.close)
        self.assertEqual(session.get("/co-quan-a/thu-tuc/" + guide.getId()).status_code, 401)

    def test_reviewer_confirms_then_secretary_revises(self):
        guide = self.guide()
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="expire")
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(self.portal["co-quan-a"].absolute_url() + "/@@inbox")
        self.assertIn(NAME, page.contents)
        session = RestSession(self.portal, "a-secretary")
        self.addCleanup(session.close)
        items = session.get("/co-quan-a/@inbox").json()["items"]
        self.assertEqual([item["title"] for item in items], [NAME])
        self.assertEqual(items[0]["step_title"], "Rà soát quy trình (căn cứ pháp lý thay đổi)")
        page.open(self.law.absolute_url())
        self.assertIn("Cần rà soát", page.contents)  # the guide, below the expired text
        page.open(guide.absolute_url())
        self.assertIn("Cần rà soát", page.contents)
        self.assertIn("29/2013/QH13", page.contents)
        # A GET does nothing.
        page.open(guide.absolute_url() + "/@@confirm-procedure-review")
        self.assertEqual(page.headers["status"], "403 Forbidden")
        page.open(guide.absolute_url())
        page.getControl(name="comment").value = "Luật mới không đổi thủ tục"
        page.getForm(action="confirm-procedure-review").submit()
        self.assertIn("Đã ghi nhận kết quả rà soát", page.contents)
        transaction.begin()
        self.assertFalse(review.needs_review(guide))
        # The staff member cannot draft a new version.
        staff = browser(self.app, "a-staff")
        staff.open(guide.absolute_url() + "/@@revise-procedure")
        self.assertRegex(staff.url, "require_login|insufficient-privileges")
        page.open(guide.absolute_url())
        page.getForm(action="revise-procedure").submit()
        self.assertIn("Đã tạo dự thảo phiên bản 2", page.contents)
        self.assertIn("-phien-ban-2", page.url)
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 2)


class TestRest(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.session = RestSession(self.portal, "a-secretary")
        self.addCleanup(self.session.close)

    def test_create_read_and_refuse(self):
        data = {"@type": "ProcedureGuide", "code": "1.005140",
                "procedure_name": "Đăng ký hợp đồng chuyển giao công nghệ",
                "processing_days": 5, "field": "Khoa học và Công nghệ",
                "steps": [{"step": "Tiếp nhận hồ sơ", "responsible": "Một cửa",
                           "duration": "0,5 ngày", "output": "Phiếu hẹn"}]}
        response = self.session.post("/co-quan-a/thu-tuc", json=data)
        self.assertEqual(response.status_code, 201, response.text)
        item = self.session.get("/co-quan-a/thu-tuc/dang-ky-hop-dong-chuyen-giao-cong-nghe").json()
        self.assertEqual(item["processing_days"], 5)
        self.assertEqual(item["steps"][0]["output"], "Phiếu hẹn")
        self.assertEqual(item["review_state"], "draft")
        for bad, message in (({"processing_days": 0}, "ít nhất là một ngày làm việc"),
                             ({"fee": -1}, "không được là số âm")):
            response = self.session.post("/co-quan-a/thu-tuc", json=dict(data, **bad))
            self.assertEqual(response.status_code, 400, response.text)
            self.assertIn(message, str(response.json()["message"]))
