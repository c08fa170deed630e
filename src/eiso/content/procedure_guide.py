"""Guide for handling an administrative procedure (Quy trình hướng dẫn giải quyết TTHC, SPEC §6).

Kept in an agency's ``thu-tuc`` section, on ``eiso_approval_workflow`` (seed
functions 20–22). The tables (dossier components, steps) are lists of dicts
edited with collective.z3cform.datagridfield; ``legal_basis`` points to the
legal texts of the agency's register (``van-ban``): when one of them expires,
the guide is flagged for review (:mod:`eiso.procedures.review`).

A guide is revised by a new version (``@@revise-procedure``): a draft copy with
the same code and ``version`` + 1; applying it supersedes the version applied
before (same agency and code, ``supersede_scope``).
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso.content.fields import table
from eiso import _
from eiso.content.fields import check_office_file
from eiso.content.fields import FileList
from eiso.content.legal_document import agency_legal_documents
from eiso.content.legal_document import RELATED_TEXTS_WIDGET
from eiso.content.record import RecordFile
from eiso.interfaces import IFullText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant


PORTAL_TYPE = "ProcedureGuide"


class NotPositive(schema.ValidationError):
    __doc__ = _("The processing time must be at least one working day.")


class NegativeFee(schema.ValidationError):
    __doc__ = _("A fee cannot be negative.")


class NotACopyCount(schema.ValidationError):
    __doc__ = _("The number of copies cannot be negative.")


def positive(value):
    if value is not None and value <= 0:
        raise NotPositive(value)
    return True


def not_negative_fee(value):
    if value is not None and value < 0:
        raise NegativeFee(value)
    return True


def not_negative_count(value):
    if value is not None and value < 0:
        raise NotACopyCount(value)
    return True


class IDossierComponent(Interface):
    """A paper of the dossier (Thành phần hồ sơ)."""

    document = schema.TextLine(title=_("Name of the paper"))
    originals = schema.Int(title=_("Originals"), required=False, default=1,
                           constraint=not_negative_count)
    copies = schema.Int(title=_("Copies"), required=False, default=0,
                        constraint=not_negative_count)
    note = schema.TextLine(title=_("Note"), required=False)


class IProcedureStep(Interface):
    """A step of handling the procedure (Trình tự thực hiện)."""

    step = schema.TextLine(title=_("Step"))
    responsible = schema.TextLine(title=_("Responsible"), required=False)
    duration = schema.TextLine(
        title=_("Duration"),
        description=_("E.g. 0,5 ngày, 3 ngày làm việc."),
        required=False,
    )
    output = schema.TextLine(title=_("Output"), required=False)


class FormFile(RecordFile):
    """A form (mẫu đơn, tờ khai) of the procedure: PDF or Word; kept on edit as a record's files."""


class IProcedureGuideSchema(model.Schema):
    """Fields of a procedure guide (SPEC §6; the names are a contract)."""

    code = schema.TextLine(
        title=_("Procedure code"),
        description=_("The code of the procedure in the national database, e.g. 1.004486."),
    )

    procedure_name = schema.TextLine(
        title=_("Name of the procedure"),
        description=_("As published, e.g. Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ."),
    )

    field = schema.Choice(
        title=_("Field"),
        description=_("The fields are configured in the ISO settings (Cài đặt hệ thống ISO)."),
        vocabulary="eiso.Fields",
        required=False,
    )

    department = schema.Choice(
        title=_("Department"),
        description=_("The department that handles the procedure."),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    legal_basis = RelationList(
        title=_("Legal basis"),
        description=_("Legal texts of the register the procedure rests on; when one expires "
                      "the guide is flagged for review."),
        value_type=RelationChoice(title=_("Legal document"), source=agency_legal_documents),
        required=False,
        default=[],
        missing_value=[],
    )
    directives.widget("legal_basis", RelatedItemsFieldWidget, **RELATED_TEXTS_WIDGET)

    processing_days = schema.Int(
        title=_("Processing time (working days)"),
        description=_("From receiving a complete dossier to returning the result."),
        constraint=positive,
    )

    charge = schema.Int(
        title=_("Charge (VND)"),
        description=_("Phí; leave empty when there is none."),
        required=False,
        constraint=not_negative_fee,
    )

    fee = schema.Int(
        title=_("Fee (VND)"),
        description=_("Lệ phí; leave empty when there is none."),
        required=False,
        constraint=not_negative_fee,
    )

    fee_note = schema.TextLine(
        title=_("About the fees"),
        description=_("E.g. the text that sets them, or who is exempt."),
        required=False,
    )

    directives.widget("dossier_components", DataGridFieldWidgetFactory)
    dossier_components = table(
        _("Dossier components"),
        IDossierComponent,
        _("The papers of the dossier, with the number of originals and copies."),
    )

    directives.widget("steps", DataGridFieldWidgetFactory)
    steps = table(
        _("Steps"),
        IProcedureStep,
        _("Who does what, how long it takes and what it produces."),
    )

    forms = FileList(
        "procedure-form",
        title=_("Forms"),
        description=_("Application forms and declarations, PDF or Word (.pdf, .docx, .doc)."),
        value_type=FormFile(title=_("Form"), constraint=check_office_file),
    )

    version = schema.Int(title=_("Version"), default=1, min=1, readonly=True)
    directives.omitted("version")

    @invariant
    def name_given(data):
        """A name of spaces only is no name."""
        name = getattr(data, "procedure_name", None)
        if isinstance(name, str) and not name.strip():
            raise Invalid(_("Enter the name of the procedure."))


@implementer(IProcedureGuideSchema, IFullText)
class ProcedureGuide(Item):
    """A procedure guide; its title is the procedure's name."""

    version = 1
    needs_review = ()  # UIDs of the expired legal texts the guide must be reviewed for
    reviewed_texts = ()  # UIDs of the texts whose flag was handled (approval, confirmation)

    def Title(self):
        return self.procedure_name or ""

    def setTitle(self, value):
        self.procedure_name = value

    @property
    def title(self):
        return self.procedure_name or ""

    @title.setter
    def title(self, value):
        # Dexterity's constructor sets an empty title: the name is the title.
        if value:
            self.procedure_name = value

    def case_waiting(self):
        """A guide in force waits for its reviewers while flagged (eiso.procedures.review)."""
        from eiso.cases.steps import CaseSteps

        return bool(self.needs_review) and CaseSteps(self).current() is not None

    def supersede_scope(self):
        """Applying a version supersedes only the versions of the same procedure."""
        return (self.code or "").strip().lower()


def create_procedure_guide(container, **fields):
    """Add a guide to a ``thu-tuc`` section; its id comes from the procedure's name."""
    from eiso.content.fields import create_content

    return create_content(container, PORTAL_TYPE, title=fields["procedure_name"], **fields)
