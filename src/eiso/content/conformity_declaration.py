"""Declaration of conformity (Công bố / công bố lại hệ thống quản lý chất lượng phù hợp
TCVN ISO 9001:2015) of an agency, kept in ``boi-canh`` (SPEC §10).

The agency records the decision it signed (number, date, first declaration or
renewed one, scope) with its files: the scanned decision and annexes, as images,
PDF or Word. Once published (``eiso_declaration_workflow``), the site-level page
``@@cong-bo-iso`` lists it for everybody, with its files
(:mod:`eiso.declarations.public`); the agency itself stays private.
"""

from eiso import _
from eiso.content.fields import check_office_file
from eiso.content.fields import FILE_EXTENSIONS
from eiso.content.fields import FileList
from eiso.content.fields import FileNotAccepted
from eiso.content.record import RecordFile
from eiso.security.uploads import check_size
from eiso.security.uploads import max_upload_mb
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import os


PORTAL_TYPE = "ConformityDeclaration"
SECTION_ID = "boi-canh"
PUBLISHED = "published"
INITIAL = "initial"
RENEWED = "renewed"
KINDS = SimpleVocabulary([
    SimpleTerm(INITIAL, INITIAL, _("First declaration")),
    SimpleTerm(RENEWED, RENEWED, _("Renewed declaration")),
])
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
MAX_IMAGE_MB = 10


def check_declaration_file(value):
    """An image (JPEG, PNG; at most 10 MB), or a PDF or Word file (``check_office_file``)."""
    if value is None:
        return True
    extension = os.path.splitext(value.filename or "")[1].lower()
    if extension in IMAGE_EXTENSIONS:
        return check_size(value, min(MAX_IMAGE_MB, max_upload_mb()))
    if extension not in FILE_EXTENSIONS:
        raise FileNotAccepted(_(
            "The file “${name}” is not accepted: attach an image, a PDF or a Word file "
            "(.jpg, .png, .pdf, .docx, .doc).", mapping={"name": value.filename or ""}))
    # A PDF or Word file too large is told so, not that its kind is wrong.
    return check_office_file(value)


class DeclarationFile(RecordFile):
    """A file of a declaration (kept on edit by the records' file widget)."""


class IConformityDeclarationSchema(model.Schema):
    """Fields of a declaration of conformity (the names are a contract: REST, public page)."""

    decision_number = schema.TextLine(
        title=_("Decision number"), description=_("E.g. 125/QĐ-SKHCN."))
    decision_date = schema.Date(title=_("Decision date"))
    declaration_kind = schema.Choice(
        title=_("Kind of declaration"), vocabulary=KINDS, default=INITIAL)
    scope = schema.Text(
        title=_("Scope"),
        description=_("The activities and procedures the quality management system covers."))
    files = FileList(
        "declaration-file",
        title=_("Files"),
        description=_("The signed decision and its annexes: images, PDF or Word."),
        value_type=DeclarationFile(title=_("File"), constraint=check_declaration_file),
    )


@implementer(IConformityDeclarationSchema)
class ConformityDeclaration(Item):
    """A decision declaring the agency's QMS conformant to TCVN ISO 9001:2015."""

    def Title(self):
        kind = "Công bố lại" if self.declaration_kind == RENEWED else "Công bố"
        number = self.decision_number or ""
        return f"{kind} HTQLCL phù hợp TCVN ISO 9001:2015 — Quyết định {number}".strip()
