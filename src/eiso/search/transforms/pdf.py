"""The ``eiso_pdf_to_text`` transform (module registered in portal_transforms)."""

from eiso.search.transforms import PdfToText


def register():
    return PdfToText()
