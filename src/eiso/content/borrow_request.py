"""Borrow request (Phiếu mượn hồ sơ, SPEC §5–§6, seed function 18).

A member asks to borrow records until an agreed date; a leader approves, the
records officer lends them and marks them returned. The borrower is the
creator. Overdue borrowings show in the records officer's inbox and reminders
(the ``lent`` step's deadline is the agreed return date, ``eiso.cases.flows``).
"""

from eiso import _
from eiso.content.fields import in_site_language
from eiso.content.record import records_field
from eiso.content.record import records_invariant
from eiso.content.record import RECORDS_WIDGET
from eiso.interfaces import IFullText
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
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

    records = records_field(_("Records to borrow"))
    directives.widget("records", RelatedItemsFieldWidget, **RECORDS_WIDGET)

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

    invariant(records_invariant(frozen_after="requested"))


@implementer(IBorrowRequestSchema, IFullText)
class BorrowRequest(Item):
    """A request to borrow records; its creator is the borrower."""

    def borrower(self):
        return self.Creator()
