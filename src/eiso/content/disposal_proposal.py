"""Disposal proposal (Đề nghị hủy hồ sơ, SPEC §5–§6, seed function 19).

The records officer proposes to destroy records whose retention has ended; a
leader approves; the records officer executes it with the signed minutes
(Biên bản hủy): the records become ``destroyed`` — their metadata stays, their
files are removed — all at once or not at all (``eiso.workflows.records``).
"""

from eiso import _
from eiso.content.fields import in_site_language
from eiso.content.record import ACTIVE
from eiso.content.record import check_records
from eiso.content.record import invariant_context
from eiso.interfaces import IFullText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer
from zope.interface import invariant


EDIT_PERMISSION = "eiso.EditDisposalProposal"


def disposal_proposal_title():
    return in_site_language(_("Proposal to destroy records"))


class IDisposalProposalSchema(model.Schema):
    """Fields of a disposal proposal."""

    title = schema.TextLine(title=_("Title"), defaultFactory=disposal_proposal_title)

    records = RelationList(
        title=_("Records to destroy"),
        value_type=RelationChoice(vocabulary="plone.app.vocabularies.Catalog"),
        required=True,
        min_length=1,
    )
    directives.widget(
        "records",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={"selectableTypes": ["Record"], "recentlyUsed": False},
    )

    reason = schema.Text(
        title=_("Reason"),
        description=_("Why the records can be destroyed, e.g. their retention period has ended."),
    )

    # What the leader approves is what gets destroyed: frozen after drafting.
    directives.write_permission(records=EDIT_PERMISSION, reason=EDIT_PERMISSION)

    minutes = NamedBlobFile(
        title=_("Disposal minutes"),
        description=_("The signed minutes of the destruction (Biên bản hủy); required to execute."),
        required=False,
    )

    @invariant
    def records_of_the_agency(data):
        check_records(invariant_context(data), getattr(data, "records", None),
                      states=(ACTIVE,), frozen_after="draft")


@implementer(IDisposalProposalSchema, IFullText)
class DisposalProposal(Item):
    """A proposal to destroy records; executed, it destroys them."""
