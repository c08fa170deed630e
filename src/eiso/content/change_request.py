"""Document change request (Đề xuất sửa đổi tài liệu, SPEC §6), kept in ``tai-lieu``.

Any member of the agency proposes a change to an effective controlled document;
the document controller or a leader decides (``eiso_change_request_workflow``).
Accepting it starts the revision of the document
(``eiso.documents.revision.start_revision``).
"""

from Acquisition import aq_inner
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.fields import MAX_FILE_MB
from eiso.content.fields import office_file
from eiso.interfaces import IFullText
from plone import api
from plone.app.textfield import RichText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.form import validator
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid


class NotAnEffectiveDocument(schema.ValidationError):
    __doc__ = _("Choose an effective internal document.")


def check_target(value):
    if value is None:
        return True
    if getattr(value, "portal_type", None) != "ControlledDocument" or (
        api.content.get_state(value, default=None) != "effective"
    ):
        raise NotAnEffectiveDocument(value)
    return True


class IDocumentChangeRequestSchema(model.Schema):
    """Fields of a document change request."""

    title = schema.TextLine(title=_("Subject of the request"))

    target = RelationChoice(
        title=_("Document to change"),
        description=_("An effective internal document of the agency."),
        vocabulary="plone.app.vocabularies.Catalog",
        constraint=check_target,
    )
    directives.widget(
        "target",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={
            "selectableTypes": ["ControlledDocument"],
            "baseCriteria": [
                {"i": "portal_type", "o": "plone.app.querystring.operation.selection.any",
                 "v": ["ControlledDocument"]},
                {"i": "review_state", "o": "plone.app.querystring.operation.selection.any",
                 "v": ["effective"]},
            ],
            "mode": "search",
        },
    )

    reason = schema.Text(title=_("Reason for the change"))

    proposal = RichText(title=_("Proposed change"))

    file = office_file(
        _("Attached file"),
        _("PDF or Word (.pdf, .docx, .doc), at most ${size} MB.", mapping={"size": MAX_FILE_MB}),
    )


@implementer(IDocumentChangeRequestSchema, IFullText)
class DocumentChangeRequest(Item):
    """A proposal to change an internal document."""

    def target_document(self):
        relation = getattr(self, "target", None)
        if relation is None or relation.isBroken():
            return None
        return relation.to_object


class SameAgencyValidator(validator.SimpleFieldValidator):
    """The target belongs to the request's agency (forms; REST users cannot see others)."""

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        own, theirs = get_agency(aq_inner(self.context)), get_agency(value)
        if own is None or theirs is None or own.UID() != theirs.UID():
            raise Invalid(_("The document belongs to another agency."))


validator.WidgetValidatorDiscriminators(
    SameAgencyValidator, field=IDocumentChangeRequestSchema["target"]
)
