"""The public form "Gửi ý kiến phản ánh" of each agency (collective.easyform), as an
anonymous visitor with a browser: it files a feedback in its own agency's kiem-soat,
and refuses robots (honeypot, too fast, bad signature), bad input and a sixth feedback
from one address within ten minutes — each with a Vietnamese message, nothing created."""

from eiso.feedback import public
from eiso.feedback.public import feedback_form
from eiso.feedback.public import FOLDER_ID
from eiso.feedback.public import IFeedbackForm
from eiso.feedback.public import make_token
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import time
import transaction
import unittest


CONTENT = "Tôi nộp hồ sơ cấp phép ngày 01/11 nhưng đến nay chưa nhận được kết quả."


class PublicFormTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        # A person takes longer than 3 s: the tests say so with a stamp 10 s old.
        self._min = public.MIN_SECONDS
        public.MIN_SECONDS = 0

    def tearDown(self):
        public.MIN_SECONDS = self._min

    def feedbacks(self, agency_id):
        transaction.begin()
        section = self.portal[agency_id]["kiem-soat"]
        return [item for item in section.objectValues() if item.portal_type == "CustomerFeedback"]

    def open_form(self, agency_id="co-quan-a", visitor=None):
        visitor = visitor or browser(self.app)
        visitor.open(f"{self.portal.absolute_url()}/{FOLDER_ID}/{agency_id}")
        return visitor

    def submit(self, visitor, token=None, **values):
        fields = dict(ho_ten="Nguyễn Văn An", lien_he="0912 345 678",
                      thu_tuc="Cấp giấy phép xây dựng", noi_dung=CONTENT)
        fields.update(values)
        for name, value in fields.items():
            visitor.getControl(name=f"form.widgets.{name}").value = value
        if token is not None:
            # a hidden field: a robot (or a stale page) sends what it likes
            visitor.getControl(name="form.widgets.eiso_token")._control.force_value(token)
        visitor.getControl(name="form.buttons.submit").click()
        return visitor


class TestTheForm(PublicFormTestCase):
    def test_every_agency_has_its_published_form(self):
        for agency_id in ("co-quan-a", "co-quan-b"):
            agency = self.portal[agency_id]
            form = feedback_form(agency)
            self.assertTrue(IFeedbackForm.providedBy(form))
            self.assertEqual(form.getId(), agency_id)
            self.assertEqual(form.agency_uid, agency.UID())
            self.assertEqual(form.Title(), f"Gửi ý kiến phản ánh — {agency.Title()}")
            self.assertEqual(api.content.get_state(form), "published")
        # the agencies themselves stay private: nothing public inside them
        self.assertEqual(api.content.get_state(self.portal[FOLDER_ID]), "published")
        visitor = self.open_form()
        self.assertEqual(visitor.headers["status"], "200 OK")
        self.assertIn("Gửi ý kiến phản ánh", visitor.contents)
        self.assertIn("Nội dung phản ánh, kiến nghị", visitor.contents)
        self.assertIn("eiso-hp", visitor.contents)  # the honeypot, hidden by CSS
        token = visitor.getControl(name="form.widgets.eiso_token").value
        self.assertRegex(token, r"^\d+\.[0-9a-f]{64}$")

    def test_a_citizen_sends_feedback_to_agency_a(self):
        visitor = self.submit(self.open_form())
        self.assertEqual(visitor.headers["status"], "200 OK")
        items = self.feedbacks("co-quan-a")
        self.assertEqual(len(items), 1)
        self.assertEqual(self.feedbacks("co-quan-b"), [])
        item = items[0]
        self.assertIn(item.code, visitor.contents)
        self.assertIn("đã tiếp nhận ý kiến của ông/bà", visitor.contents)
        self.assertTrue(item.code.startswith("PA-"))
        self.assertEqual(item.channel, "online_form")
        self.assertEqual(item.citizen_name, "Nguyễn Văn An")
        self.assertEqual(item.contact, "0912 345 678")
        self.assertEqual(item.procedure_text, "Cấp giấy phép xây dựng")
        self.assertEqual(item.description, CONTENT)
        self.assertEqual(api.content.get_state(item), "received")
        self.assertEqual(item.responsible_users, ["a-secretary"])
        # filed as the site: no creator, owned by the site's owner, never by anonymous
        self.assertEqual(item.Creator(), "")
        owner = item.getOwner()
        self.assertIsNotNone(owner)
        self.assertNotEqual(owner.getId(), None)
        self.assertEqual(owner.getId(), self.portal.getOwner().getId())
        # anonymous never sees it; the section gives anonymous nothing
        anonymous = browser(self.app)
        anonymous.open(item.absolute_url())
        self.assertNotIn(CONTENT, anonymous.contents)
        section = self.portal["co-quan-a"]["kiem-soat"]
        for permission in ("View", "eiso: Add CustomerFeedback", "Add portal content"):
            granted = [r["name"] for r in section.rolesOfPermission(permission) if r["selected"]]
            self.assertNotIn("Anonymous", granted, permission)
        with api.env.adopt_user(username="b-staff"):
            self.assertFalse(api.user.has_permission("View", obj=item))
        with api.env.adopt_user(username="a-secretary"):
            self.assertTrue(api.user.has_permission("View", obj=item))

    def test_the_code_shown_is_the_one_filed(self):
        visitor = self.open_form()
        self.submit(visitor, noi_dung="   ")
        self.assertNotIn("PA-", visitor.contents)
        self.submit(visitor)
        item = self.feedbacks("co-quan-a")[0]
        self.assertIn(f'id="eiso-feedback-code">{item.code}<', visitor.contents)

    def test_agency_b_form_files_in_agency_b(self):
        visitor = self.submit(self.open_form("co-quan-b"))
        self.assertEqual(self.feedbacks("co-quan-a"), [])
        items = self.feedbacks("co-quan-b")
        self.assertEqual(len(items), 1)
        self.assertIn(items[0].code, visitor.contents)

    def assertRefused(self, visitor, message):
        self.assertEqual(visitor.headers["status"], "200 OK")
        self.assertIn(message, visitor.contents)
        self.assertNotIn("Traceback", visitor.contents)
        self.assertEqual(self.feedbacks("co-quan-a"), [])

    def test_the_honeypot(self):
        visitor = self.submit(self.open_form(), website="http://spam.example.com")
        self.assertRefused(visitor, "Không thể tiếp nhận ý kiến của ông/bà.")

    def test_too_fast(self):
        public.MIN_SECONDS = 3
        visitor = self.open_form()
        shown = visitor.getControl(name="form.widgets.eiso_token").value
        self.submit(visitor)
        self.assertRefused(visitor, "Biểu mẫu được gửi quá nhanh.")
        # the form comes back with what was written and a fresh stamp: sent again later,
        # it is accepted
        self.assertEqual(visitor.getControl(name="form.widgets.noi_dung").value, CONTENT)
        token = visitor.getControl(name="form.widgets.eiso_token").value
        self.assertRegex(token, r"^\d+\.[0-9a-f]{64}$")
        self.assertGreaterEqual(int(token.split(".")[0]), int(shown.split(".")[0]))
        public.MIN_SECONDS = 0
        visitor.getControl(name="form.buttons.submit").click()
        self.assertEqual(len(self.feedbacks("co-quan-a")), 1)

    def test_too_old_and_bad_signature(self):
        form = feedback_form(self.portal["co-quan-a"])
        stale = make_token(form, now=time.time() - 3 * 60 * 60)
        self.assertRefused(self.submit(self.open_form(), token=stale), "Biểu mẫu đã mở quá lâu.")
        forged = str(int(time.time()) - 60) + "." + "0" * 64
        self.assertRefused(self.submit(self.open_form(), token=forged),
                           "Không kiểm tra được biểu mẫu.")
        other = make_token(feedback_form(self.portal["co-quan-b"]), now=time.time() - 60)
        self.assertRefused(self.submit(self.open_form(), token=other),
                           "Không kiểm tra được biểu mẫu.")
        self.assertRefused(self.submit(self.open_form(), token=""),
                           "Không kiểm tra được biểu mẫu.")
        # the page that said so carries a fresh stamp: sending it again is accepted
        visitor = self.submit(self.open_form(), token=stale)
        self.assertIn("Biểu mẫu đã mở quá lâu.", visitor.contents)
        visitor.getControl(name="form.buttons.submit").click()
        self.assertEqual(len(self.feedbacks("co-quan-a")), 1)

    def test_bad_contact(self):
        self.assertRefused(self.submit(self.open_form(), lien_he="an@example"),
                           "Nhập số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ thư điện tử")
        self.assertRefused(self.submit(self.open_form(), lien_he="12345"),
                           "Nhập số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ thư điện tử")

    def test_empty_or_too_long_content(self):
        visitor = self.submit(self.open_form(), noi_dung="   ")
        self.assertRefused(visitor, "Chưa nhập thông tin bắt buộc.")
        visitor = self.submit(self.open_form(), noi_dung="x" * 5001)
        self.assertRefused(visitor, "Giá trị quá dài")

    def test_a_sixth_feedback_within_ten_minutes(self):
        for number in range(5):
            visitor = self.submit(self.open_form(), noi_dung=f"{CONTENT} Lần {number}")
            self.assertIn("PA-", visitor.contents)
        self.assertEqual(len(self.feedbacks("co-quan-a")), 5)
        visitor = self.submit(self.open_form(), noi_dung=f"{CONTENT} Lần 6")
        self.assertIn("Ông/bà đã gửi 5 ý kiến trong 10 phút vừa qua.", visitor.contents)
        self.assertEqual(len(self.feedbacks("co-quan-a")), 5)

    def test_forwarded_for_counts_only_when_trusted(self):
        transaction.begin()
        public.record_submission("203.0.113.9")
        for _count in range(4):
            public.record_submission("203.0.113.9")
        transaction.commit()
        visitor = browser(self.app)
        visitor.addHeader("X-Forwarded-For", "203.0.113.9")
        # not trusted: the connection's address counts, which sent nothing yet
        self.submit(self.open_form(visitor=visitor))
        self.assertEqual(len(self.feedbacks("co-quan-a")), 1)
        api.portal.set_registry_record("eiso.feedback_trust_forwarded_for", True)
        transaction.commit()
        visitor = browser(self.app)
        visitor.addHeader("X-Forwarded-For", "203.0.113.9, 10.0.0.1")
        self.submit(self.open_form(visitor=visitor))
        self.assertIn("Ông/bà đã gửi 5 ý kiến", visitor.contents)
        self.assertEqual(len(self.feedbacks("co-quan-a")), 1)


class TestLinks(PublicFormTestCase):
    def test_anonymous_front_page_links_the_public_folder(self):
        visitor = browser(self.app)
        visitor.open(self.portal.absolute_url())
        self.assertIn("Gửi ý kiến phản ánh", visitor.contents)
        self.assertNotIn("Sở Thông tin và Truyền thông", visitor.contents)
        visitor.getLink(url=f"{self.portal.absolute_url()}/{FOLDER_ID}").click()
        # the folder lists the form of every agency, and nothing else of them
        self.assertIn("Gửi ý kiến phản ánh — Sở Thông tin và Truyền thông", visitor.contents)
        self.assertIn("Gửi ý kiến phản ánh — Ủy ban nhân dân huyện Bố Trạch", visitor.contents)
        visitor.getLink("Gửi ý kiến phản ánh — Sở Thông tin và Truyền thông").click()
        self.assertEqual(visitor.url, f"{self.portal.absolute_url()}/{FOLDER_ID}/co-quan-a")
        self.assertIn("Nội dung phản ánh, kiến nghị", visitor.contents)
        self.assertNotIn("Phòng Công nghệ thông tin", visitor.contents)

    def test_the_agency_home_gives_its_own_form(self):
        visitor = browser(self.app, "a-staff")
        visitor.open(self.portal["co-quan-a"].absolute_url())
        self.assertIn("Biểu mẫu công khai của cơ quan", visitor.contents)
        visitor.getLink(url=f"{FOLDER_ID}/co-quan-a")
        self.assertNotIn(f"{FOLDER_ID}/co-quan-b", visitor.contents)

    def test_a_new_agency_gets_its_form_a_deleted_one_loses_it(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        agency = api.content.create(container=self.portal, type="Agency", id="co-quan-c",
                                    title="Sở Tư pháp", code="STP", safe_id=False)
        form = feedback_form(agency)
        self.assertEqual(form.getId(), "co-quan-c")
        self.assertEqual(api.content.get_state(form), "published")
        copy = api.content.copy(source=agency, target=self.portal, id="co-quan-d",
                                safe_id=False)
        self.assertNotEqual(feedback_form(copy), form)
        self.assertEqual(feedback_form(copy).agency_uid, copy.UID())
        api.content.delete(obj=agency)
        self.assertNotIn("co-quan-c", self.portal[FOLDER_ID].objectIds())
        self.assertIsNotNone(feedback_form(copy))
        setRoles(self.portal, TEST_USER_ID, ["Member"])
