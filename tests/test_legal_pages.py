"""Legal documents as users see them: the add form, a text's page, REST, the upgrade."""

from datetime import date
from eiso.content.legal_document import create_legal_document
from eiso.testing import PROFILE_VERSION
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID

import transaction
import unittest


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["van-ban"]
        self.url = self.section.absolute_url()

    def add_old_text(self):
        login(self.portal, "a-legal")
        item = create_legal_document(
            self.section, number="19/2014/QĐ-TTg", legal_kind="Quyết định",
            issuer="Thủ tướng Chính phủ", signed_date=date(2014, 3, 5),
            effective_date=date(2014, 4, 20), summary="Áp dụng HTQLCL vào cơ quan hành chính",
        )
        transaction.commit()
        return item

    def test_add_form(self):
        page = browser(self.app, "a-legal")
        page.open(self.url)
        page.getLink(url="++add++LegalDocument").click()
        for label in ("Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành",
                      "Ngày hiệu lực", "Trích yếu", "Lĩnh vực", "Tệp văn bản",
                      "Sửa đổi, bổ sung", "Thay thế"):
            self.assertIn(label, page.contents)
        page.getControl(name="form.widgets.number").value = "101/QĐ-BKHCN"
        page.getControl(name="form.widgets.legal_kind:list").value = ["quyet-dinh"]
        page.getControl(name="form.widgets.signed_date").value = "2019-01-21"
        page.getControl(name="form.widgets.effective_date").value = "2019-01-20"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Ngày hiệu lực không được trước ngày ban hành.", page.contents)
        transaction.begin()
        self.assertEqual(self.section.objectIds(), [])
        page.getControl(name="form.widgets.effective_date").value = "2019-01-21"
        page.getControl(name="form.widgets.file").add_file(b"%PDF-1.4 x", "application/pdf",
                                                          "101-QD-BKHCN.pdf")
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("/van-ban/101-qd-bkhcn", page.url)
        self.assertIn("Còn hiệu lực", page.contents)
        self.assertIn("101-QD-BKHCN.pdf", page.contents)

    def test_number_registered_once(self):
        old = self.add_old_text()
        page = browser(self.app, "a-legal")
        page.open(self.url + "/++add++LegalDocument")
        page.getControl(name="form.widgets.number").value = "19/2014/QĐ-TTg"
        page.getControl(name="form.widgets.legal_kind:list").value = ["quyet-dinh"]
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Số ký hiệu 19/2014/QĐ-TTg đã có trong sổ văn bản.", page.contents)
        transaction.begin()
        self.assertEqual(self.section.objectIds(), ["19-2014-qd-ttg"])
        # Editing the text itself keeps its number.
        page.open(old.absolute_url() + "/edit")
        page.getControl(name="form.widgets.issuer").value = "Chính phủ"
        page.getControl(name="form.buttons.save").click()
        self.assertNotIn("đã có trong sổ", page.contents)
        transaction.begin()
        self.assertEqual(self.section["19-2014-qd-ttg"].issuer, "Chính phủ")

    def test_upload_refused(self):
        page = browser(self.app, "a-legal")
        page.open(self.url + "/++add++LegalDocument")
        page.getControl(name="form.widgets.number").value = "101/QĐ-BKHCN"
        page.getControl(name="form.widgets.legal_kind:list").value = ["quyet-dinh"]
        page.getControl(name="form.widgets.file").add_file(b"MZ", "application/octet-stream",
                                                          "setup.exe")
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Không chấp nhận tệp “setup.exe”", page.contents)
        transaction.begin()
        self.assertEqual(self.section.objectIds(), [])

    def test_text_page_for_staff(self):
        old = self.add_old_text()
        login(self.portal, "a-legal")
        new = create_legal_document(
            self.section, number="101/QĐ-BKHCN", legal_kind="Quyết định",
            signed_date=date(2019, 1, 21), replaces=[],
        )
        from z3c.relationfield import RelationValue
        from zope.component import getUtility
        from zope.event import notify
        from zope.intid.interfaces import IIntIds
        from zope.lifecycleevent import ObjectModifiedEvent

        new.replaces = [RelationValue(getUtility(IIntIds).getId(old))]
        notify(ObjectModifiedEvent(new))
        transaction.commit()
        page = browser(self.app, "a-staff")
        page.open(old.absolute_url())
        content = page.contents
        content = content.split('id="content-core"')[1]
        for text in ("Số ký hiệu", "19/2014/QĐ-TTg", "Cơ quan ban hành", "Thủ tướng Chính phủ",
                     "Ngày ban hành", "05/03/2014", "Ngày hiệu lực", "20/04/2014",
                     "Trích yếu", "Áp dụng HTQLCL", "Hết hiệu lực", "Bị thay thế bởi:",
                     "101/QĐ-BKHCN", "Lịch sử hiệu lực", "Bị thay thế bởi 101/QĐ-BKHCN",
                     "Chưa đính kèm tệp."):
            self.assertIn(text, content)
        self.assertNotIn("delete_confirmation", content)
        page.open(new.absolute_url())
        self.assertIn("Thay thế:", page.contents)
        # The legal officer may remove the expired text.
        page = browser(self.app, "a-legal")
        page.open(old.absolute_url())
        page.getLink("Xóa khỏi sổ văn bản").click()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("delete_confirmation", page.url)
        page.getControl(name="form.buttons.Delete").click()
        transaction.begin()
        self.assertNotIn("19-2014-qd-ttg", self.section)

    def test_other_agency_gets_nothing(self):
        old = self.add_old_text()
        page = browser(self.app, "b-staff")
        page.open(old.absolute_url())
        self.assertNotIn("Áp dụng HTQLCL", page.contents)
        page.open(self.url)
        self.assertNotIn("19/2014/QĐ-TTg", page.contents)

    def test_listing_page(self):
        self.add_old_text()
        page = browser(self.app, "a-staff")
        page.open(self.url + "?legal_kind=Quy%E1%BA%BFt+%C4%91%E1%BB%8Bnh&year=2014")
        table = page.contents.split("eiso-legal-table")[1].split("</table>")[0]
        for text in ("STT", "Số ký hiệu", "Trích yếu", "Loại văn bản", "Cơ quan ban hành",
                     "Ngày ban hành", "Ngày hiệu lực", "Trạng thái", "19/2014/QĐ-TTg",
                     "05/03/2014", "20/04/2014", "eiso-legal-in_force", "Còn hiệu lực"):
            self.assertIn(text, table)
        self.assertNotIn("@@import-legal-documents", page.contents)
        page.open(self.url + "?year=2015")
        self.assertIn("Không có văn bản nào phù hợp với điều kiện lọc.", page.contents)

    def test_rest(self):
        old = self.add_old_text()
        session = RestSession(self.portal, "a-legal")
        try:
            response = session.post("/co-quan-a/van-ban", json={
                "@type": "LegalDocument",
                "number": "101/QĐ-BKHCN",
                "legal_kind": "Quyết định",
                "signed_date": "2019-01-21",
                "effective_date": "2019-01-21",
                "amends": [old.UID()],
            })
            self.assertEqual(response.status_code, 201, response.text)
            self.assertEqual(response.json()["@id"].rsplit("/", 1)[1], "101-qd-bkhcn")
            found = session.get(
                "/co-quan-a/@search?portal_type=LegalDocument&metadata_fields=code"
                "&metadata_fields=review_state&sort_on=code"
            ).json()
            self.assertEqual(
                [(i["code"], i["review_state"]) for i in found["items"]],
                [("101/QĐ-BKHCN", "in_force"), ("19/2014/QĐ-TTg", "partly_expired")],
            )
            response = session.post("/co-quan-a/van-ban", json={
                "@type": "LegalDocument", "number": "1/2020/QĐ", "legal_kind": "Quyết định",
                "signed_date": "2020-02-01", "effective_date": "2020-01-01",
            })
            self.assertEqual(response.status_code, 400)
            self.assertIn("Ngày hiệu lực không được trước ngày ban hành.",
                          response.json()["message"])
            response = session.post("/co-quan-a/van-ban", json={
                "@type": "LegalDocument", "number": "19/2014/QĐ-TTg", "legal_kind": "Quyết định"})
            self.assertEqual(response.status_code, 400)
            self.assertIn("Số ký hiệu 19/2014/QĐ-TTg đã có trong sổ văn bản.",
                          response.json()["message"])
            # A text of another agency cannot be related, even by a portal Manager.
            transaction.begin()
            login(self.portal, "b-admin")
            theirs = create_legal_document(self.portal["co-quan-b"]["van-ban"],
                                           number="5/2020/QĐ-UBND", legal_kind="Quyết định")
            transaction.commit()
            manager = RestSession(self.portal, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
            response = manager.post("/co-quan-a/van-ban", json={
                "@type": "LegalDocument", "number": "6/2020/QĐ", "legal_kind": "Quyết định",
                "replaces": [theirs.UID()]})
            self.assertEqual(response.status_code, 400, response.text)
            manager.close()
            transaction.begin()
            self.assertEqual(api.content.get_state(theirs), "in_force")
            response = session.patch("/co-quan-a/van-ban/19-2014-qd-ttg",
                                     json={"issuer": "Chính phủ"})
            self.assertEqual(response.status_code, 204, response.text)
            found = session.get(
                "/co-quan-a/@search", params={"portal_type": "LegalDocument",
                                              "review_state": "in_force",
                                              "legal_kind": "Quyết định"}
            ).json()
            self.assertEqual([i["title"] for i in found["items"]], ["Quyết định 101/QĐ-BKHCN"])
            staff = RestSession(self.portal, "a-staff")
            response = staff.post("/co-quan-a/van-ban", json={
                "@type": "LegalDocument", "number": "2/2020/QĐ", "legal_kind": "Quyết định"})
            self.assertIn(response.status_code, (401, 403))
            old_path = "/co-quan-a/van-ban/19-2014-qd-ttg"
            self.assertIn(session.delete(old_path).status_code, (401, 403))
            self.assertIn(staff.post(old_path + "/@workflow/expire").status_code, (400, 401, 403))
            response = session.post(old_path + "/@workflow/expire")
            self.assertEqual(response.status_code, 200, response.text)
            self.assertEqual(response.json()["review_state"], "expired")
            self.assertEqual(session.delete(old_path).status_code, 204)
            staff.close()
        finally:
            session.close()


class TestSettings(unittest.TestCase):
    """The kinds of texts and the fields are edited in @@eiso-settings."""

    layer = EISO_FUNCTIONAL_TESTING

    def test_edit_kinds_and_fields(self):
        from plone.app.testing import SITE_OWNER_NAME
        from plone.app.testing import SITE_OWNER_PASSWORD

        app, portal = self.layer["app"], self.layer["portal"]
        page = browser(app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page.open(portal.absolute_url() + "/@@eiso-settings")
        self.assertIn("Loại văn bản pháp luật", page.contents)
        self.assertIn("Lĩnh vực", page.contents)
        kinds = page.getControl(name="form.widgets.legal_kinds")
        self.assertIn("Nghị định", kinds.value)
        kinds.value = kinds.value + "\nSắc lệnh"
        page.getControl(name="form.widgets.fields").value = "Tư pháp\nY tế"
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.fields"), ["Tư pháp", "Y tế"])
        self.assertIn("Sắc lệnh", api.portal.get_registry_record("eiso.legal_kinds"))
        page = browser(app, "a-legal")
        page.open(portal["co-quan-a"]["van-ban"].absolute_url() + "/++add++LegalDocument")
        self.assertIn("sac-lenh", page.getControl(name="form.widgets.legal_kind:list").options)
        self.assertEqual(page.getControl(name="form.widgets.field:list").options,
                         ["--NOVALUE--", "tu-phap", "y-te"])


class TestUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_1001_site_gets_the_register(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        catalog = api.portal.get_tool("portal_catalog")
        workflow = api.portal.get_tool("portal_workflow")
        # A site of release 1001: no type, workflow, indexes, settings of legal documents.
        for index in ("legal_kind", "issuer", "field", "signed_date"):
            catalog.delIndex(index)
        for column in ("legal_kind", "issuer", "signed_date"):
            catalog.delColumn(column)
        workflow.setChainForPortalTypes(("LegalDocument",), ())
        workflow.manage_delObjects(["eiso_legal_workflow"])
        api.portal.get_tool("portal_types").manage_delObjects(["LegalDocument"])
        registry = api.portal.get_tool("portal_registry")
        for name in ("eiso.legal_kinds", "eiso.fields"):
            del registry.records[name]
        portal.manage_permission("eiso: Add LegalDocument", [], acquire=True)
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("eiso:default", "1001")

        setup.upgradeProfile("eiso:default")

        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        for index in ("legal_kind", "issuer", "field", "signed_date", "code", "year"):
            self.assertIn(index, catalog.indexes())
        for column in ("legal_kind", "issuer", "signed_date"):
            self.assertIn(column, catalog.schema())
        self.assertEqual(workflow.getChainForPortalType("LegalDocument"), ("eiso_legal_workflow",))
        self.assertIn("Nghị định", api.portal.get_registry_record("eiso.legal_kinds"))
        self.assertIn("Tư pháp", api.portal.get_registry_record("eiso.fields"))
        login(portal, "a-legal")
        item = create_legal_document(
            portal["co-quan-a"]["van-ban"], number="19/2014/QĐ-TTg", legal_kind="Quyết định",
            issuer="Thủ tướng Chính phủ", signed_date=date(2014, 3, 5),
        )
        self.assertEqual(api.content.get_state(item), "in_force")
        brain = api.content.find(issuer="Thủ tướng Chính phủ", year=2014)[0]
        self.assertEqual(brain.legal_kind, "Quyết định")
