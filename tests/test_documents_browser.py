"""Internal documents through the browser and REST: the add form and its Vietnamese
errors, the document list (seed 002 §7) with its filters and the leader's "Duyệt",
the document page with "Đã đọc", and ``@document-read``."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.textfield.value import RichTextValue
from urllib.parse import urlencode

import io
import transaction
import unittest




def create(section, user, title, code, state="draft", **fields):
    """A document of ``user`` moved to ``state`` by the usual people."""
    portal = api.portal.get()
    login(portal, user)
    values = {"level": "II", "document_kind": "quy-trinh", "department": "van-phong",
              "text": RichTextValue("<p>Nội dung</p>", "text/html", "text/x-html-safe"),
              "effective_date": date.today()}
    values.update(fields)
    document = api.content.create(container=section, type="ControlledDocument", title=title,
                                  code=code, **values)
    steps = {"draft": [], "reviewing": [("a-documents", "submit")],
             "pending": [("a-documents", "submit"), ("a-secretary", "endorse")],
             "effective": [("a-documents", "submit"), ("a-secretary", "endorse"),
                           ("a-leader", "approve")]}[state]
    for actor, transition in steps:
        login(portal, actor)
        hand_over(document, transition)
    return document


class BrowserTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["tai-lieu"]
        self.url = self.section.absolute_url()

    def page(self, user, url=None):
        result = browser(self.app, user)
        if url:
            result.open(url)
        return result


class TestAddForm(BrowserTestCase):
    def fill(self, page, code="QT-VP-01", title="Quy trình kiểm soát tài liệu", text=True):
        page.getControl(name="form.widgets.code").value = code
        page.getControl(name="form.widgets.title").value = title
        page.getControl(name="form.widgets.level:list").value = ["II"]
        page.getControl(name="form.widgets.document_kind:list").value = ["quy-trinh"]
        page.getControl(name="form.widgets.department:list").value = ["van-phong"]
        if text:
            page.getControl(name="form.widgets.text").value = "<p>Mục đích: kiểm soát tài liệu.</p>"

    def test_add_with_vietnamese_labels_and_errors(self):
        transaction.commit()
        page = self.page("a-documents", self.url)
        self.assertIn("Tài liệu nội bộ", page.contents)
        page.open(self.url + "/++add++ControlledDocument")
        for label in ("Mã tài liệu", "Cấp tài liệu", "Loại tài liệu", "Lần ban hành",
                      "Ngày hiệu lực", "Ngày rà soát định kỳ", "Nơi nhận",
                      "Điều khoản ISO 9001:2015"):
            self.assertIn(label, page.contents)
        self.assertIn("Cấp II: quy trình", page.contents)
        # neither file nor text
        self.fill(page, text=False)
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Hãy đính kèm tệp tài liệu hoặc nhập nội dung tài liệu.", page.contents)
        # a file of the wrong type
        self.fill(page)
        page.getControl(name="form.widgets.file").add_file(
            io.BytesIO(b"MZ"), "application/octet-stream", "chuong-trinh.exe")
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Không chấp nhận tệp “chuong-trinh.exe”: hãy đính kèm tệp PDF hoặc Word",
                      page.contents)
        # review before effect
        self.fill(page)
        page.getControl(name="form.widgets.effective_date").value = "2026-06-01"
        page.getControl(name="form.widgets.review_date").value = "2026-01-01"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Ngày rà soát không được trước ngày hiệu lực.", page.contents)
        # right
        page.open(self.url + "/++add++ControlledDocument")
        self.fill(page)
        page.getControl(name="form.widgets.file").add_file(
            io.BytesIO(b"%PDF-1.4 quy trinh"), "application/pdf", "QT-VP-01.pdf")
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        documents = api.content.find(context=self.section, portal_type="ControlledDocument",
                                     unrestricted=True)
        self.assertEqual(len(documents), 1)
        document = documents[0]._unrestrictedGetObject()
        self.assertEqual(document.code, "QT-VP-01")
        self.assertEqual(document.file.filename, "QT-VP-01.pdf")
        self.assertTrue(page.url.startswith(document.absolute_url()), page.url)
        self.assertIn("Tải về", page.contents)
        self.assertIn("QT-VP-01.pdf", page.contents)
        # the same code again
        page.open(self.url + "/++add++ControlledDocument")
        self.fill(page, code="QT-VP-01", title="Bản khác")
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Mã QT-VP-01 đã được dùng cho tài liệu “Quy trình kiểm soát tài liệu”.",
                      page.contents)
        transaction.begin()
        self.assertEqual(len(api.content.find(context=self.section,
                                              portal_type="ControlledDocument",
                                              unrestricted=True)), 1)

    def test_rest_refuses_a_duplicate_code_in_vietnamese(self):
        create(self.section, "a-documents", "Quy trình kiểm soát tài liệu", "QT-VP-01")
        transaction.commit()
        session = RestSession(self.portal, "a-documents")
        answer = session.post("/co-quan-a/tai-lieu", json={
            "@type": "ControlledDocument", "title": "Trùng mã", "code": "QT-VP-01",
            "level": "II", "document_kind": "quy-trinh",
            "text": {"data": "<p>x</p>", "content-type": "text/html"}})
        self.assertEqual(answer.status_code, 400, answer.text)
        self.assertIn("đã được dùng", answer.json()["message"])
        answer = session.post("/co-quan-a/tai-lieu", json={
            "@type": "ControlledDocument", "title": "Không có nội dung", "code": "QT-VP-02",
            "level": "II", "document_kind": "quy-trinh"})
        self.assertEqual(answer.status_code, 400, answer.text)
        self.assertIn("Hãy đính kèm tệp tài liệu hoặc nhập nội dung tài liệu.",
                      str(answer.json()["message"]))
        session.close()


class TestListing(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.manual = create(self.section, "a-documents", "Sổ tay chất lượng", "ST-01",
                             "effective", level="I", document_kind="so-tay",
                             review_date=date.today() + timedelta(days=3))
        self.procedure = create(self.section, "a-documents", "Quy trình tiếp nhận hồ sơ",
                                "QT-CNTT-01", "pending", department="phong-cntt")
        self.form = create(self.section, "a-documents", "Biểu mẫu phiếu đề xuất", "BM-01",
                           "draft", level="III", document_kind="bieu-mau")
        transaction.commit()

    def codes(self, page):
        import re

        table = page.contents.split('id="eiso-documents"')[-1] if 'id="eiso-documents"' in (
            page.contents) else ""
        return re.findall(r"<td>([A-Z]{2}-[A-Z0-9-]+)</td>", table)

    def test_columns_states_and_what_each_role_sees(self):
        page = self.page("a-documents", self.url)
        for heading in ("STT", "Mã", "Tên tài liệu", "Lần ban hành", "Ngày hiệu lực",
                        "Trạng thái"):
            self.assertIn(heading, page.contents)
        self.assertEqual(sorted(self.codes(page)), ["BM-01", "QT-CNTT-01", "ST-01"])
        self.assertIn("text-bg-success", page.contents)
        self.assertIn("Đang hiệu lực", page.contents)
        self.assertIn("Chờ duyệt", page.contents)
        self.assertIn(date.today().strftime("%d/%m/%Y"), page.contents)
        staff = self.page("a-staff", self.url)
        self.assertEqual(self.codes(staff), ["ST-01"])
        other = self.page("b-staff", self.url)
        self.assertNotIn("ST-01", other.contents)
        # the section of agency B lists none of A's
        other.open(self.portal["co-quan-b"]["tai-lieu"].absolute_url())
        self.assertEqual(other.headers["status"], "200 OK")
        self.assertNotIn("ST-01", other.contents)

    def test_filters(self):
        page = self.page("a-documents")
        for query, expected in (
            ({"level": "I"}, ["ST-01"]),
            ({"kind": "bieu-mau"}, ["BM-01"]),
            ({"department": "phong-cntt"}, ["QT-CNTT-01"]),
            ({"state": "pending"}, ["QT-CNTT-01"]),
            ({"q": "tiếp nhận"}, ["QT-CNTT-01"]),
            ({"q": "QT-CNTT-01"}, ["QT-CNTT-01"]),
            ({"show": "review-due"}, ["ST-01"]),
            ({"level": "I", "state": "draft"}, []),
        ):
            page.open(self.url + "?" + urlencode(query))
            self.assertEqual(sorted(self.codes(page)), expected, query)
        self.assertIn("Không có tài liệu nào.", page.contents)

    def test_pagination_twenty_a_page(self):
        login(self.portal, "a-documents")
        for number in range(22):
            create(self.section, "a-documents", f"Hướng dẫn số {number:02d}", f"HD-{number:02d}")
        transaction.commit()
        page = self.page("a-documents", self.url)
        self.assertEqual(len(self.codes(page)), 20)
        self.assertIn('<td class="eiso-number">1</td>', page.contents)
        page.open(self.url + "?b_start:int=20")
        self.assertEqual(len(self.codes(page)), 5)
        self.assertIn('<td class="eiso-number">21</td>', page.contents)

    def test_leader_approves_from_the_list_and_comes_back(self):
        page = self.page("a-documents", self.url)
        self.assertNotIn("eiso-approve", page.contents)
        page = self.page("a-leader", self.url + "?state=pending")
        link = page.getLink("Duyệt")
        self.assertIn("action=approve", link.url)
        link.click()
        self.assertIn("@@case-transition", page.url)
        self.assertTrue(page.getControl(name="action").value == ["approve"])
        page.getControl(name="form.save").click()
        self.assertEqual(page.url.split("?")[0], self.url)
        self.assertIn("state=pending", page.url)
        transaction.begin()
        self.assertEqual(api.content.get_state(self.procedure), "effective")
        self.assertNotIn("QT-CNTT-01", page.contents)


class TestReadAcknowledgement(BrowserTestCase):
    def setUp(self):
        super().setUp()
        self.document = create(self.section, "a-documents", "Quy trình kiểm soát tài liệu",
                               "QT-VP-01", "effective", distribution=["phong-cntt"],
                               department=None, iso_clauses=["7.5.3"])
        transaction.commit()

    def test_staff_click_read_and_the_controller_sees_who(self):
        url = self.document.absolute_url()
        page = self.page("a-staff", url)
        self.assertIn("Mã tài liệu", page.contents)
        self.assertIn("Lần ban hành", page.contents)
        self.assertIn("7.5.3 Kiểm soát thông tin dạng văn bản", page.contents)
        self.assertIn("Phòng Công nghệ thông tin", page.contents)  # Nơi nhận
        self.assertIn("Cấp II: quy trình", page.contents)
        self.assertNotIn("eiso-document-readers", page.contents)
        page.getForm(action=url + "/@@document-read").submit()
        self.assertIn("đã xác nhận đọc", page.contents)
        self.assertIn("Anh/chị đã đọc lần ban hành này lúc", page.contents)
        controller = self.page("a-documents", url)
        read = controller.contents.split('id="eiso-readers-read"')[1].split("</ul>")[0]
        unread = controller.contents.split('id="eiso-readers-unread"')[1].split("</ul>")[0]
        self.assertIn("Nhân Viên A", read)
        self.assertIn("Trưởng Phòng A", unread)

    def test_read_needs_a_post_with_the_authenticator(self):
        page = self.page("a-staff")
        page.open(self.document.absolute_url() + "/@@document-read")
        self.assertNotEqual(page.headers["status"], "200 OK")
        page.post(self.document.absolute_url() + "/@@document-read", "")
        self.assertTrue(page.headers["status"].startswith("403"), page.headers["status"])
        transaction.begin()
        from eiso.documents.distribution import read_at

        self.assertIsNone(read_at(self.document, "a-staff"))

    def test_rest(self):
        staff = RestSession(self.portal, "a-staff")
        answer = staff.get("/co-quan-a/tai-lieu/" + self.document.getId() + "/@document-read")
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertEqual(answer.json()["read_at"], None)
        self.assertNotIn("unread", answer.json())
        answer = staff.post("/co-quan-a/tai-lieu/" + self.document.getId() + "/@document-read")
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertTrue(answer.json()["read_at"])
        controller = RestSession(self.portal, "a-documents")
        answer = controller.get("/co-quan-a/tai-lieu/" + self.document.getId()
                                + "/@document-read").json()
        self.assertEqual([e["id"] for e in answer["read"]], ["a-staff"])
        self.assertEqual([e["id"] for e in answer["unread"]], ["a-head"])
        other = RestSession(self.portal, "b-staff")
        answer = other.get("/co-quan-a/tai-lieu/" + self.document.getId() + "/@document-read")
        self.assertIn(answer.status_code, (401, 403, 404))
        for session in (staff, controller, other):
            session.close()


class TestChangeRequestForm(BrowserTestCase):
    def test_staff_propose_a_change_to_an_effective_document(self):
        effective = create(self.section, "a-documents", "Quy trình kiểm soát tài liệu",
                           "QT-VP-01", "effective")
        draft = create(self.section, "a-documents", "Quy trình đang soạn", "QT-VP-02")
        transaction.commit()
        page = self.page("a-staff", self.url + "/++add++DocumentChangeRequest")
        for label in ("Tài liệu cần sửa đổi", "Lý do sửa đổi", "Nội dung đề xuất sửa đổi"):
            self.assertIn(label, page.contents)

        def fill(target):
            page.getControl(name="form.widgets.title").value = "Bổ sung bước tiếp nhận trực tuyến"
            page.getControl(name="form.widgets.target").value = target.UID()
            page.getControl(name="form.widgets.reason").value = "Quy định mới về dịch vụ công"
            page.getControl(name="form.widgets.proposal").value = "<p>Thêm bước 3</p>"

        # a document that is not effective cannot be chosen (the staff member cannot even see it)
        fill(draft)
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        self.assertFalse(api.content.find(portal_type="DocumentChangeRequest", unrestricted=True))
        page.open(self.url + "/++add++DocumentChangeRequest")
        fill(effective)
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        brains = api.content.find(portal_type="DocumentChangeRequest", unrestricted=True)
        self.assertEqual(len(brains), 1)
        change = brains[0]._unrestrictedGetObject()
        self.assertEqual(change.target_document(), effective)
        self.assertIn("Quy trình kiểm soát tài liệu", page.contents)
        self.assertIn("Quy định mới về dịch vụ công", page.contents)
        # it is listed under the documents, for its author
        page.open(self.url)
        self.assertIn("Bổ sung bước tiếp nhận trực tuyến", page.contents)
        other = self.page("a-head", self.url)
        self.assertNotIn("Bổ sung bước tiếp nhận trực tuyến", other.contents)


class TestByline(BrowserTestCase):
    """Plone's byline read ``effective_date.Date()``, which a document's effective date
    (a date) lacks: it failed on every view and showed nothing."""

    def test_the_byline_shows_the_author_and_the_last_change(self):
        document = create(self.section, "a-documents", "Quy trình có dòng tác giả", "QT-BL",
                          state="effective")
        transaction.commit()
        page = self.page("a-staff", document.absolute_url())
        self.assertIn('id="section-byline"', page.contents)
        byline = page.contents.split('id="section-byline"')[1].split("</section>")[0]
        self.assertIn("documentModified", byline)
        self.assertNotIn("documentPublished", byline)
