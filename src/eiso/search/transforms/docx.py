"""The ``eiso_docx_to_text`` transform (module registered in portal_transforms)."""

from eiso.search.transforms import DocxToText


def register():
    return DocxToText()
