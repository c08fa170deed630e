"""Vietnamese full-text search (SPEC §11): accents, case, đ/dd, phrases,
prefixes, the text of attached PDF and DOCX files, the install and upgrade."""

from eiso.interfaces import IFullText
from eiso.search.lexicon import fold
from eiso.search.lexicon import installed
from eiso.search.lexicon import VietnameseNormalizer
from eiso.demo_qms import make_docx
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.autoform.interfaces import IFormFieldProvider
from plone.behavior.interfaces import IBehavior
from plone.behavior.registration import BehaviorRegistration
from plone.dexterity.schema import SCHEMA_CACHE
from plone.namedfile.field import NamedBlobFile as NamedBlobFileField
from plone.namedfile.file import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.component import getGlobalSiteManager
from zope.interface import alsoProvides
from zope.interface import provider

from unittest import mock

import os
import unittest


FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as source:
        return source.read()


@provider(IFormFieldProvider)
class IAttachments(model.Schema):
    """A behavior with a file and a list of files, as the document types have."""

    file = NamedBlobFileField(title="File", required=False)
    files = schema.List(title="Files", value_type=NamedBlobFileField(), required=False)


BEHAVIOR = "eiso.tests.attachments"


def titles(brains):
    return sorted(brain.Title for brain in brains)


class SearchTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.catalog = api.portal.get_tool("portal_catalog")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.folder = self.portal["co-quan-a"]["boi-canh"]

    def item(self, title, description="", container=None, portal_type="QualityPolicy", **fields):
        item = api.content.create(
            container=container or self.folder, type=portal_type, title=title,
            year=2026, **fields,
        )
        item.description = description
        alsoProvides(item, IFullText)
        item.reindexObject()
        return item

    def search(self, text, index="SearchableText", **query):
        return titles(self.catalog(**{index: text}, portal_type=["QualityPolicy", "File", "ContextAnalysis"], **query))


class TestFolding(SearchTestCase):
    def setUp(self):
        super().setUp()
        self.item("Ứng dụng công nghệ thông tin", "Kế hoạch ứng dụng CNTT năm 2026")
        self.item("Ủy ban nhân dân tỉnh", "Quyết định của Uỷ ban về quản lý chất lượng")
        self.item("Ổn định tổ chức bộ máy", "Đánh giá nội bộ định kỳ")
        self.item("Chất lượng quản lý hành chính", "Báo cáo về quản lý")

    def test_fold(self):
        self.assertEqual(fold("Ứng"), "ung")
        self.assertEqual(fold("Ủy"), fold("uỷ"))
        self.assertEqual(fold("ĐỊNH"), "dinh")
        self.assertEqual(fold("ddinh"), "dinh")
        self.assertEqual(fold("Straße"), "strasse")
        self.assertEqual(fold("日本"), "日本")

    def test_words_starting_with_extended_latin_letters(self):
        for query in ("ứng dụng", "ung dung", "ỨNG DỤNG", "Ung Dung", "ưng dũng"):
            self.assertEqual(self.search(query), ["Ứng dụng công nghệ thông tin"], query)
        for query in ("Ủy ban", "uỷ ban", "uy ban", "UY BAN"):
            self.assertEqual(self.search(query), ["Ủy ban nhân dân tỉnh"], query)
        for query in ("ổn định", "on dinh", "ON ĐỊNH"):
            self.assertEqual(self.search(query), ["Ổn định tổ chức bộ máy"], query)

    def test_d_and_telex_dd(self):
        for query in ("đánh giá", "danh gia", "ddanh gia", "ĐÁNH GIÁ"):
            self.assertEqual(self.search(query), ["Ổn định tổ chức bộ máy"], query)

    def test_title_and_description_indexes(self):
        self.assertEqual(self.search("uy ban", index="Title"), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("uy ban", index="Description"), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("ke hoach ung dung", index="Description"),
                         ["Ứng dụng công nghệ thông tin"])

    def test_phrase(self):
        self.assertEqual(
            self.search('"quản lý chất lượng"'), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(
            self.search('"quan ly chat luong"'), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(
            self.search("quản lý chất lượng"),
            ["Chất lượng quản lý hành chính", "Ủy ban nhân dân tỉnh"])

    def test_prefix(self):
        self.assertEqual(self.search("chat lu*"),
                         ["Chất lượng quản lý hành chính", "Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("ứng dụ*"), ["Ứng dụng công nghệ thông tin"])
        self.assertEqual(self.search("Ủy*"), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("ư*"), self.search("u*"))

    def test_nothing_found(self):
        self.assertEqual(self.search("ngân sách"), [])

    def test_normaliser_in_the_lexicon_pipeline(self):
        lexicon = self.catalog.plone_lexicon
        self.assertTrue(installed(self.catalog))
        self.assertEqual(
            [type(element) for element in lexicon._pipeline].count(VietnameseNormalizer), 1)
        for index in ("SearchableText", "Title", "Description"):
            self.assertEqual(self.catalog._catalog.getIndex(index).lexicon_id, "plone_lexicon")


class TestAttachments(SearchTestCase):
    def file(self, title, data, mimetype, filename):
        item = api.content.create(
            container=self.portal, type="File", title=title,
            file=NamedBlobFile(data=data, contentType=mimetype, filename=filename),
        )
        return item

    def test_stock_file_pdf(self):
        self.file("Tệp PDF", fixture("quy-trinh.pdf"), "application/pdf", "quy-trinh.pdf")
        self.assertEqual(self.search("khoadinhkem"), ["Tệp PDF"])
        self.assertEqual(self.search("uy ban nhan dan"), ["Tệp PDF"])
        self.assertEqual(self.search('"ứng dụng hệ thống quản lý"'), ["Tệp PDF"])

    def test_stock_file_docx(self):
        self.file("Tệp Word", make_docx("Hướng dẫn ứng dụng phần mềm", "Mã từ khóa: bieumaudocx"),
                  DOCX, "huong-dan.docx")
        self.assertEqual(self.search("bieumaudocx"), ["Tệp Word"])
        self.assertEqual(self.search("huong dan ung dung"), ["Tệp Word"])

    def test_broken_files_are_uploaded_without_their_text(self):
        with self.assertLogs("plone.app.contenttypes.indexers", "ERROR") as logs:
            pdf = self.file("PDF hỏng", b"%PDF-1.4 not really a pdf", "application/pdf", "hong.pdf")
            docx = self.file("DOCX hỏng", b"PK not a zip", DOCX, "hong.docx")
        self.assertEqual(len(logs.records), 2)
        self.assertEqual(self.search("hỏng"), ["DOCX hỏng", "PDF hỏng"])
        self.assertEqual(pdf.file.getSize(), 25)
        self.assertEqual(docx.file.getSize(), 12)

    def test_files_too_large_are_indexed_without_their_text(self):
        data = make_docx("Nội dung rất dài: tukhoalon")
        with mock.patch("eiso.search.transforms.MAX_FILE_SIZE", len(data) - 1):
            with self.assertLogs("plone.app.contenttypes.indexers", "ERROR"):
                self.file("Tệp lớn", data, DOCX, "lon.docx")
        self.assertEqual(self.search("tukhoalon"), [])
        self.assertEqual(self.search("tệp lớn"), ["Tệp lớn"])

    def test_full_text_item_with_files(self):
        registration = BehaviorRegistration(
            title="Attachments", description="", interface=IAttachments,
            marker=IAttachments, factory=None, name=BEHAVIOR,
        )
        registry = getGlobalSiteManager()
        registry.registerUtility(registration, IBehavior, name=BEHAVIOR)
        registry.registerUtility(registration, IBehavior, name=IAttachments.__identifier__)
        self.addCleanup(registry.unregisterUtility, registration, IBehavior, BEHAVIOR)
        self.addCleanup(registry.unregisterUtility, registration, IBehavior,
                        IAttachments.__identifier__)
        fti = api.portal.get_tool("portal_types")["ContextAnalysis"]
        fti.behaviors = (*fti.behaviors, BEHAVIOR)
        SCHEMA_CACHE.invalidate("ContextAnalysis")
        self.addCleanup(SCHEMA_CACHE.invalidate, "ContextAnalysis")

        analysis = api.content.create(container=self.folder, type="ContextAnalysis",
                                      title="Phân tích bối cảnh", year=2026)
        analysis.code = "BC-01"
        analysis.file = NamedBlobFile(fixture("quy-trinh.pdf"), "application/pdf", "quy-trinh.pdf")
        analysis.files = [
            NamedBlobFile(make_docx("Phụ lục một: ốc đảo"), DOCX, "phu-luc-1.docx"),
            NamedBlobFile(make_docx("Phụ lục hai: ẩm thực"), DOCX, "phu-luc-2.docx"),
        ]
        alsoProvides(analysis, IFullText)
        analysis.reindexObject()
        for query in ("khoadinhkem", "oc dao", "am thuc", "BC-01", "phan tich boi canh"):
            self.assertEqual(self.search(query), ["Phân tích bối cảnh"], query)


class TestFileTextReadOnce(SearchTestCase):
    """A file is read once, not at every reindex of its item (``eiso.search.indexers.TEXTS``)."""

    def setUp(self):
        from eiso.search.indexers import TEXTS
        from eiso.search.transforms import DocxToText

        super().setUp()
        TEXTS.clear()
        self.reads = []
        extract = DocxToText.extract

        def counting(transform, data):
            self.reads.append(len(data))
            return extract(transform, data)

        patcher = mock.patch.object(DocxToText, "extract", counting)
        patcher.start()
        self.addCleanup(patcher.stop)

    def found(self, word):
        return [brain.Title for brain in self.catalog(SearchableText=word,
                                                       portal_type="ControlledDocument")]

    def test_reindexes_and_steps_do_not_read_the_file_again(self):
        document = api.content.create(
            container=self.portal["co-quan-a"]["tai-lieu"], type="ControlledDocument",
            title="Quy trình đọc một lần", code="QT-DOC-01", level="II",
            document_kind="quy-trinh",
            file=NamedBlobFile(make_docx("Quy trình", "Mã từ khóa: tudocmotlan"), DOCX, "qt.docx"))
        self.assertEqual(self.found("tudocmotlan"), ["Quy trình đọc một lần"])
        document.reindexObject()
        self.assertEqual(self.found("tudocmotlan"), ["Quy trình đọc một lần"])
        api.content.transition(obj=document, transition="submit")
        self.assertEqual(self.found("tudocmotlan"), ["Quy trình đọc một lần"])
        self.assertEqual(len(self.reads), 1)
        # Changed in place (the same file object and blob): read again, the old text is gone.
        blob = document.file._blob
        document.file.data = make_docx("Quy trình", "Mã từ khóa: tuthaythe")
        self.assertIs(document.file._blob, blob)
        document.reindexObject()
        self.assertEqual(self.found("tuthaythe"), ["Quy trình đọc một lần"])
        self.assertEqual(self.found("tudocmotlan"), [])
        self.assertEqual(len(self.reads), 2)

    def test_the_text_is_kept_within_bounds(self):
        from eiso.search.indexers import TextCache

        cache = TextCache(max_entries=2, max_chars=10)
        cache.put("a", "12345")
        cache.put("b", "123")
        self.assertEqual(cache.get("a"), "12345")  # now the most recent
        cache.put("c", "1234")  # 12 characters: the oldest ("b") goes
        self.assertIsNone(cache.get("b"))
        self.assertEqual((cache.get("a"), cache.get("c")), ("12345", "1234"))
        cache.put("d", "1")  # 3 entries: the oldest ("a") goes
        self.assertIsNone(cache.get("a"))
        cache.put("e", "x" * 11)  # larger than the whole cache: not kept
        self.assertIsNone(cache.get("e"))
        self.assertEqual((cache.get("c"), cache.get("d")), ("1234", "1"))


class TestUpgrade(SearchTestCase):
    """A 1001 site (stock normaliser, no transforms) searches in Vietnamese after 1002."""

    def make_it_a_1001_site(self):
        from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer
        from Products.CMFPlone.UnicodeSplitter.splitter import Splitter

        lexicon = self.catalog.plone_lexicon
        lexicon._pipeline = (Splitter(), I18NNormalizer())
        lexicon.clear()
        self.catalog.manage_reindexIndex(ids=["SearchableText", "Title", "Description"])
        transforms = api.portal.get_tool("portal_transforms")
        for name in ("eiso_pdf_to_text", "eiso_docx_to_text"):
            transforms.unregisterTransform(name)
        self.catalog.delIndex("agency")
        api.portal.get_tool("portal_setup").setLastVersionForProfile("eiso:default", "1001")

    def test_upgrade(self):
        self.make_it_a_1001_site()
        self.item("Ủy ban nhân dân tỉnh", id="qd-1")
        api.content.create(container=self.portal, type="File", title="Quy trình",
                           file=NamedBlobFile(fixture("quy-trinh.pdf"), "application/pdf",
                                              "quy-trinh.pdf"))
        self.assertFalse(installed(self.catalog))
        self.assertEqual(self.search("uy ban"), [])  # stock Plone misses it
        self.assertEqual(self.search("Ủy ban"), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("khoadinhkem"), [])

        with self.assertLogs("eiso", "INFO") as logs:
            api.portal.get_tool("portal_setup").upgradeProfile("eiso:default")
        self.assertIn("Vietnamese search: reindexing Description, SearchableText, Title",
                      "\n".join(logs.output))
        self.assertTrue(installed(self.catalog))
        self.assertEqual(self.search("uy ban"), ["Quy trình", "Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("uy ban", index="Title"), ["Ủy ban nhân dân tỉnh"])
        self.assertEqual(self.search("khoadinhkem"), ["Quy trình"])
        # The agency facet's index is back, filled for the items already there.
        self.assertEqual(self.search("uy ban", agency="co-quan-a"), ["Ủy ban nhân dân tỉnh"])
        # Once is enough: a second run changes nothing.
        from eiso.search.install import install_search

        words = len(self.catalog.plone_lexicon._wids)
        install_search(self.portal)
        self.assertEqual(len(self.catalog.plone_lexicon._wids), words)
        self.assertEqual(self.search("khoadinhkem"), ["Quy trình"])
