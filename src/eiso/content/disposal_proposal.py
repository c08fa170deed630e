"""Disposal proposal (Đề nghị hủy hồ sơ, SPEC §5–§6, seed function 19).

The records officer proposes to destroy records whose retention has ended; a
leader approves; the records officer executes it with the signed minutes
(Biên bản hủy): the records become ``destroyed`` — their metadata stays, their
files are removed — all at once or not at all (``eiso.workflows.records``).
"""

from eiso import _
from eiso.content.fields import in_site_language
from eiso.content.record import records_field
from eiso.content.record import records_invariant
from eiso.content.record import RECORDS_WIDGET
from eiso.interfaces import IFullText
from eiso.security.uploads import check_record_file
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.namedfile.field import NamedBlobFile
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import invariant


EDIT_PERMISSION = "eiso.EditDisposalProposal"


def disposal_proposal_title():
    return in_site_language(_("Proposal to destroy records"))


class IDisposalProposalSchema(model.Schema):
    """Fields of a disposal proposal."""

    title = schema.TextLine(title=_("Title"), defaultFactory=disposal_proposal_title)

    records = records_field(_("Records to destroy"))
    directives.widget("records", RelatedItemsFieldWidget, **RECORDS_WIDGET)

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
        constraint=check_record_file,
    )

    invariant(records_invariant(frozen_after="draft"))


@implementer(IDisposalProposalSchema, IFullText)
class DisposalProposal(Item):
    """A proposal to destroy records; executed, it destroys them."""
