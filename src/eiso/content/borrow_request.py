"""Borrow request (Phiếu mượn hồ sơ, SPEC §5–§6, seed function 18).

A member asks to borrow records until an agreed date; a leader approves, the
records officer lends them and marks them returned. The borrower is the
creator. Overdue borrowings show in the records officer's inbox and reminders
(the ``lent`` step's deadline is the agreed return date, ``eiso.cases.flows``).
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
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from z3c.relationfield.schema import RelationList
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant

import datetime


def borrow_request_title():
    return in_site_language(_("Borrowing records"))


class IBorrowRequestSchema(model.Schema):
    """Fields of a borrow request."""

    title = schema.TextLine(title=_("Title"), defaultFactory=borrow_request_title)

    records = RelationList(
        title=_("Records to borrow"),
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

    purpose = schema.Text(title=_("Purpose"), description=_("Why the records are needed."))

    borrow_date = schema.Date(
        title=_("Borrowing date"), defaultFactory=datetime.date.today)

    return_date = schema.Date(
        title=_("Agreed return date"),
        description=_("The records are overdue when not returned by this day."),
    )

    @invariant
    def return_after_borrowing(data):
        borrow_date = getattr(data, "borrow_date", None)
        return_date = getattr(data, "return_date", None)
        if borrow_date and return_date and return_date < borrow_date:
            raise Invalid(_("The return date cannot be before the borrowing date."))

    @invariant
    def records_of_the_agency(data):
        check_records(invariant_context(data), getattr(data, "records", None),
                      states=(ACTIVE,), frozen_after="requested")


@implementer(IBorrowRequestSchema, IFullText)
class BorrowRequest(Item):
    """A request to borrow records; its creator is the borrower."""

    def borrower(self):
        return self.Creator()
