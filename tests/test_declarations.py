"""Declarations of conformity (ConformityDeclaration): files accepted, workflow, the
public page of the published ones and their downloads, privacy of the agency."""

from eiso.content.conformity_declaration import check_declaration_file
from eiso.content.fields import create_content
from eiso.content.fields import FileNotAccepted
from eiso.staff.demo import one_page_pdf
from eiso.testing import browser
from eiso.testing import denied
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile
from zope.i18n import translate

import datetime
import transaction
import unittest


PDF = one_page_pdf(["QUYET DINH 12/QD-A"])


def declaration(section, number, publish=False, user="a-secretary", scope="Toàn bộ TTHC"):
    with api.env.adopt_user(username=user):
        item = create_content(
            section, "ConformityDeclaration", decision_number=number,
            decision_date=datetime.date(2026, 3, 2), declaration_kind="renewed", scope=scope,
            files=[NamedBlobFile(PDF, contentType="application/pdf", filename="qd.pdf")])
        if publish:
            api.content.transition(obj=item, transition="publish")
    return item


class TestDeclaration(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["boi-canh"]

    def test_files_accepted(self):
        for name in ("qd.pdf", "qd.docx", "qd.doc", "anh.JPG", "anh.png"):
            self.assertTrue(check_declaration_file(NamedBlobFile(b"x", filename=name)))
        with self.assertRaises(FileNotAccepted) as raised:
            check_declaration_file(NamedBlobFile(b"x", filename="qd.exe"))
        self.assertEqual(
            translate(raised.exception.doc(), target_language="vi"),
            "Không nhận tệp “qd.exe”: hãy đính kèm ảnh, tệp PDF hoặc Word "
            "(.jpg, .png, .pdf, .docx, .doc).")

    def test_workflow(self):
        item = declaration(self.section, "12/QĐ-A")
        self.assertEqual(item.Title(), "Công bố lại HTQLCL phù hợp TCVN ISO 9001:2015 — Quyết định 12/QĐ-A")
        self.assertEqual(api.content.get_state(item), "draft")
        login(self.portal, "a-staff")
        self.assertTrue(api.user.has_permission("View", obj=item))
        self.assertFalse(api.user.has_permission("Modify portal content", obj=item))
        with self.assertRaises(Exception):
            api.content.transition(obj=item, transition="publish")
        login(self.portal, "a-secretary")
        self.assertTrue(api.user.has_permission("Modify portal content", obj=item))
        api.content.transition(obj=item, transition="publish")
        self.assertEqual(api.content.get_state(item), "published")
        self.assertFalse(api.user.has_permission("Modify portal content", obj=item))
        api.content.transition(obj=item, transition="retract")
        self.assertEqual(api.content.get_state(item), "draft")
        # Published or not, anonymous and other agencies have nothing on the item itself.
        api.content.transition(obj=item, transition="publish")
        for user in ("b-admin", None):
            with api.env.adopt_user(username=user) if user else api.env.adopt_roles(["Anonymous"]):
                self.assertFalse(api.user.has_permission("View", obj=item) if user else False)
        login(self.portal, "b-admin")
        self.assertFalse(api.user.has_permission("View", obj=item))
        self.assertFalse(api.user.has_permission("Access contents information", obj=item))


class TestPublicPage(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.published = declaration(self.portal["co-quan-a"]["boi-canh"], "12/QĐ-A", True,
                                     scope="Phạm vi công khai A")
        self.draft = declaration(self.portal["co-quan-a"]["boi-canh"], "99/QĐ-A",
                                 scope="Phạm vi nháp A")
        transaction.commit()

    def test_anonymous_sees_only_the_published(self):
        page = browser(self.app)
        page.open(self.portal.absolute_url())
        self.assertIn("@@cong-bo-iso", page.contents)  # the footer link
        page.open(self.portal.absolute_url() + "/@@cong-bo-iso")
        self.assertEqual(page.headers["status"], "200 OK")
        table = page.contents.split('id="eiso-declarations"')[1].split("</table>")[0]
        self.assertIn("12/QĐ-A", table)
        self.assertIn("Phạm vi công khai A", table)
        self.assertIn("02/03/2026", table)
        self.assertIn("Công bố lại", table)
        self.assertIn(self.portal["co-quan-a"].title, table)
        self.assertNotIn("99/QĐ-A", page.contents)
        self.assertNotIn("Phạm vi nháp A", page.contents)
        # No address inside the agency is given away.
        self.assertNotIn("/co-quan-a", table)

    def test_anonymous_downloads_published_files_only(self):
        page = browser(self.app)
        page.open(self.portal.absolute_url() + "/@@cong-bo-iso")
        page.getLink("qd.pdf").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertEqual(page.headers["content-type"], "application/pdf")
        data = page.contents if isinstance(page.contents, bytes) else page.contents.encode("latin-1")
        self.assertTrue(data.startswith(b"%PDF"))
        base = self.portal.absolute_url() + "/@@cong-bo-iso-file/"
        for path in (f"{self.draft.UID()}/0", f"{self.published.UID()}/1",
                     f"{self.published.UID()}/x", f"{self.portal['co-quan-a'].UID()}/0",
                     self.published.UID()):
            page.open(base + path)
            self.assertEqual(page.headers["status"].split()[0], "404", path)
        # The item and its own download stay private.
        page.open(self.published.absolute_url() + "/@@declaration-file/0")
        self.assertTrue(denied(page))
        self.assertNotIn("application/pdf", page.headers["content-type"])

    def test_retracted_leaves_the_page(self):
        with api.env.adopt_user(username="a-secretary"):
            api.content.transition(obj=self.published, transition="retract")
        transaction.commit()
        page = browser(self.app)
        page.open(self.portal.absolute_url() + "/@@cong-bo-iso")
        self.assertNotIn("12/QĐ-A", page.contents)
        self.assertIn("Chưa có quyết định công bố nào.", page.contents)
        page.open(self.portal.absolute_url() + f"/@@cong-bo-iso-file/{self.published.UID()}/0")
        self.assertEqual(page.headers["status"].split()[0], "404")

    def test_agency_users_download_inside(self):
        page = browser(self.app, "a-staff")
        page.open(self.draft.absolute_url() + "/@@declaration-file/0")
        self.assertEqual(page.headers["status"], "200 OK")
        page = browser(self.app, "b-admin")
        page.open(self.draft.absolute_url() + "/@@declaration-file/0")
        self.assertTrue(denied(page))
        self.assertNotIn("application/pdf", page.headers["content-type"])

    def test_secretary_adds_through_the_form(self):
        page = browser(self.app, "a-secretary")
        page.open(self.portal["co-quan-a"]["boi-canh"].absolute_url() + "/++add++ConformityDeclaration")
        self.assertEqual(page.headers["status"], "200 OK")
        page.getControl(name="form.widgets.decision_number").value = "7/QĐ-A"
        page.getControl(name="form.widgets.decision_date").value = "2026-01-05"
        page.getControl(name="form.widgets.scope").value = "Phạm vi mới"
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("7/QĐ-A", page.contents)
        transaction.begin()
        section = self.portal["co-quan-a"]["boi-canh"]
        for user, allowed in (("a-secretary", True), ("a-staff", False), ("a-leader", False)):
            with api.env.adopt_user(username=user):
                self.assertEqual(
                    "ConformityDeclaration" in [t.getId() for t in section.allowedContentTypes()],
                    allowed, user)
