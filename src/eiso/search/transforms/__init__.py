"""portal_transforms: the text of PDF and DOCX files, for the full-text index.

``pdf_to_text`` reads PDF with pypdf (pure Python: no poppler on the server);
``docx_to_text`` reads ``word/document.xml`` of a DOCX with zipfile and
ElementTree. Both guard against huge or broken files: the text stops at
``MAX_TEXT`` characters, a PDF at ``MAX_PAGES`` pages, a DOCX whose XML
is larger than ``MAX_XML`` bytes is not read; any error raises, and the
callers (``SearchableText`` indexers) log it and index the item without the
file's text, so an upload never fails because of its content.
"""

from plone.base.utils import safe_text
from Products.PortalTransforms.interfaces import ITransform
from zope.interface import implementer
from xml.etree import ElementTree

import io
import zipfile


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Files larger than this are not read (bytes); nor is more text than MAX_TEXT kept.
MAX_FILE_SIZE = 30 * 1024 * 1024
MAX_TEXT = 1_000_000
MAX_PAGES = 500
MAX_XML = 50 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def pdf_text(data):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    parts, size = [], 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PAGES or size >= MAX_TEXT:
            break
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
    return "\n".join(parts)[:MAX_TEXT]


def docx_text(data):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
        if info.file_size > MAX_XML:
            raise ValueError(f"word/document.xml too large ({info.file_size} bytes)")
        root = ElementTree.fromstring(archive.read(info))
    paragraphs, size = [], 0
    for paragraph in root.iter(f"{_W}p"):
        text = "".join(
            node.text or "" if node.tag == f"{_W}t" else "\t" if node.tag == f"{_W}tab" else " "
            for node in paragraph.iter()
            if node.tag in (f"{_W}t", f"{_W}tab", f"{_W}br")
        )
        paragraphs.append(text)
        size += len(text)
        if size >= MAX_TEXT:
            break
    return "\n".join(paragraphs)[:MAX_TEXT]


@implementer(ITransform)
class _ToText:
    output = "text/plain"
    output_encoding = "utf-8"

    def name(self):
        return self.__name__

    def convert(self, orig, data, **kwargs):
        if isinstance(orig, str):
            orig = orig.encode("latin-1")
        if len(orig) > MAX_FILE_SIZE:
            raise ValueError(f"{len(orig)} bytes: larger than {MAX_FILE_SIZE}, not read")
        data.setData(safe_text(self.extract(bytes(orig))))
        return data


class PdfToText(_ToText):
    __name__ = "eiso_pdf_to_text"
    inputs = (PDF,)

    def extract(self, data):
        return pdf_text(data)


class DocxToText(_ToText):
    __name__ = "eiso_docx_to_text"
    inputs = (DOCX,)

    def extract(self, data):
        return docx_text(data)


TRANSFORMS = {
    "eiso_pdf_to_text": "eiso.search.transforms.pdf",
    "eiso_docx_to_text": "eiso.search.transforms.docx",
}
