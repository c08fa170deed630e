"""REST gives the files of records and the forms of procedure guides with their
download addresses, and takes new ones; before, GET and @search?fullobjects failed
on them ("No converter for making NamedBlobFile JSON compatible")."""

from eiso.content.fields import create_content
from eiso.content.procedure_guide import create_procedure_guide
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.namedfile.file import NamedBlobFile

import base64
import transaction
import unittest


def pdf(name, text=b"mau don"):
    return NamedBlobFile(b"%PDF-1.4 " + text, filename=name, contentType="application/pdf")


class TestFileLists(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        agency = self.portal["co-quan-a"]
        login(self.portal, "a-secretary")
        self.guide = create_procedure_guide(
            agency["thu-tuc"], code="1.004486", procedure_name="Cấp giấy chứng nhận",
            processing_days=15, forms=[pdf("Mau-01.pdf"), pdf("Mau-02.pdf", b"to khai")])
        login(self.portal, "a-records")
        self.record = create_content(
            agency["ho-so"], "Record", code="HS-01", title="Sổ công văn đến", year=2024,
            retention_years=5, files=[pdf("so-cong-van.pdf")])
        transaction.commit()
        self.session = RestSession(self.portal, "a-secretary")
        self.addCleanup(self.session.close)

    def test_get_lists_the_files_with_their_addresses(self):
        item = self.session.get(self.guide.absolute_url()[len(self.portal.absolute_url()):])
        self.assertEqual(item.status_code, 200, item.text)
        forms = item.json()["forms"]
        self.assertEqual([f["filename"] for f in forms], ["Mau-01.pdf", "Mau-02.pdf"])
        self.assertEqual(forms[1]["content-type"], "application/pdf")
        self.assertEqual(forms[1]["size"], len(b"%PDF-1.4 to khai"))
        download = self.session.session.get(forms[1]["download"])
        self.assertEqual(download.content, b"%PDF-1.4 to khai")
        record = self.session.get("/co-quan-a/ho-so/" + self.record.getId()).json()
        self.assertEqual(record["files"][0]["filename"], "so-cong-van.pdf")
        self.assertTrue(record["files"][0]["download"].endswith("/@@record-file/0"))

    def test_search_with_full_objects(self):
        response = self.session.get("/co-quan-a/@search?fullobjects=1&portal_type=ProcedureGuide")
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual([f["filename"] for f in response.json()["items"][0]["forms"]],
                         ["Mau-01.pdf", "Mau-02.pdf"])

    def test_patch_replaces_the_forms(self):
        path = self.guide.absolute_url()[len(self.portal.absolute_url()):]
        new_form = {"data": base64.b64encode(b"%PDF-1.4 mau moi").decode(), "encoding": "base64",
                    "filename": "Mau-moi.pdf", "content-type": "application/pdf"}
        response = self.session.patch(path, json={"forms": [new_form]})
        self.assertEqual(response.status_code, 204, response.text)
        transaction.begin()
        self.assertEqual([f.filename for f in self.guide.forms], ["Mau-moi.pdf"])
        self.assertEqual(self.guide.forms[0].data, b"%PDF-1.4 mau moi")
        self.assertEqual(api.content.get_state(self.guide), "draft")
