"""Every file field of our types refuses an executable and a file larger than the
site's limit (``eiso.upload_max_mb``), in Vietnamese, through the forms and REST."""

from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from plone import api
from plone.dexterity.interfaces import IDexterityFTI
from plone.dexterity.utils import iterSchemataForType
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.interfaces import INamedFileField
from zope.i18n import translate
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import ValidationError
from zope.schema.interfaces import WrongContainedType

import base64
import io
import transaction
import unittest


def file_fields():
    """(type, field name, field, single file field) of every file field of our types."""
    for fti in api.portal.get_tool("portal_types").objectValues():
        if not IDexterityFTI.providedBy(fti) or not (fti.klass or "").startswith("eiso."):
            continue
        for schema in iterSchemataForType(fti.getId()):
            for name, field in getFieldsInOrder(schema):
                if INamedFileField.providedBy(field):
                    yield fti.getId(), name, field, field
                elif ICollection.providedBy(field) and INamedFileField.providedBy(
                        getattr(field, "value_type", None)):
                    yield fti.getId(), name, field, field.value_type


def upload(filename, size=10, data=None):
    return NamedBlobFile(data=data or b"%PDF-1.4" + b"0" * size, filename=filename)


class TestFileFields(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def refused(self, field, value):
        try:
            field.validate(value)
        except WrongContainedType as error:  # a list: the file's own error
            return translate(error.args[0][0].doc(), target_language="vi")
        except ValidationError as error:
            return translate(error.doc(), target_language="vi")
        return None

    def test_there_are_file_fields(self):
        names = {(portal_type, name) for portal_type, name, _f, _v in file_fields()}
        for expected in (("Record", "files"), ("ControlledDocument", "file"),
                         ("DisposalProposal", "minutes"), ("Assessment", "evidence_files"),
                         ("StaffProfile", "files"), ("ProcedureGuide", "forms"),
                         ("ConformityDeclaration", "files")):
            self.assertIn(expected, names)

    def test_every_file_field_refuses_an_executable(self):
        for portal_type, name, field, single in file_fields():
            with self.subTest(portal_type=portal_type, field=name):
                value = upload("cai-dat.exe", data=b"MZ\x90\x00")
                message = self.refused(field, [value] if field is not single else value)
                self.assertIsNotNone(message, "an .exe was accepted")
                self.assertIn("cai-dat.exe", message)
                self.assertIn("nhận", message)  # "không được chấp nhận", "Không nhận"

    def test_every_file_field_refuses_a_file_over_the_limit(self):
        api.portal.set_registry_record("eiso.upload_max_mb", 1)
        for portal_type, name, field, single in file_fields():
            with self.subTest(portal_type=portal_type, field=name):
                value = upload("bien-ban.pdf", size=1024 * 1024 + 1)
                message = self.refused(field, [value] if field is not single else value)
                self.assertIsNotNone(message, "a file over the limit was accepted")
                self.assertIn("lớn hơn 1 MB", message)
                small = upload("bien-ban.pdf", size=1000)
                self.assertIsNone(self.refused(field, [small] if field is not single else small))


class TestUploadsOverHttp(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["ho-so"]

    def test_add_form_refuses_an_executable(self):
        page = browser(self.app, "a-records")
        page.open(self.section.absolute_url() + "/++add++Record")
        page.getControl(name="form.widgets.code").value = "HS-VP-2026-09"
        page.getControl(name="form.widgets.title").value = "Hồ sơ có tệp lạ"
        page.getControl(name="form.widgets.record_kind:list").value = ["work"]
        page.getControl(name="form.widgets.year").value = "2020"
        page.getControl(name="form.widgets.files.buttons.add").click()
        page.getControl(name="form.widgets.files.0").add_file(
            io.BytesIO(b"MZ\x90\x00"), "application/x-msdownload", "virus.exe")
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Tệp “virus.exe” không được chấp nhận", page.contents)
        transaction.begin()
        self.assertEqual(self.section.objectIds(), [])

    def test_rest_refuses_an_executable_and_writes_nothing(self):
        session = RestSession(self.portal, "a-records")
        self.addCleanup(session.close)
        body = {
            "@type": "Record", "code": "HS-VP-2026-10", "title": "Hồ sơ qua REST",
            "record_kind": "work", "year": 2020, "retention_years": 5,
            "files": [{"filename": "virus.exe", "content-type": "application/octet-stream",
                       "encoding": "base64", "data": base64.b64encode(b"MZ\x90").decode()}],
        }
        response = session.post("/co-quan-a/ho-so", json=body)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Tệp “virus.exe” không được chấp nhận", response.json()["message"])
        body["files"][0]["filename"] = "bien-ban.pdf"
        response = session.post("/co-quan-a/ho-so", json=body)
        self.assertEqual(response.status_code, 201, response.text)
        transaction.begin()
        self.assertEqual(len(self.section.objectIds()), 1)
