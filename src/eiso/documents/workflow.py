"""A document takes effect on its effective date (``make_effective``, SPEC §5).

At approval, when the effective date has come (or is empty: the day of
approval), the document takes effect at once; otherwise it waits in
``approved`` (its step's handlers are the document controllers, its deadline
the effective date) until the daily job ``eiso-reminders`` calls
:func:`make_due_documents_effective`. Both fire the transition with
administrator rights: nobody does it by hand. Running the job twice does
nothing more: only documents still ``approved`` are considered.
"""

from eiso import _
from eiso import logger
from eiso.cases.handover import _t
from plone import api

import datetime


TYPE = "ControlledDocument"


def today():
    return datetime.date.today()


def make_effective(document, day=None, comment=None):
    """Fire ``make_effective`` on an approved document; the date is set when empty."""
    day = day or today()
    if document.effective_date is None:
        document.effective_date = day
    with api.env.adopt_roles(["Manager"]):
        api.content.transition(
            obj=document, transition="make_effective",
            comment=comment or _t(_("Effective from ${date}.", mapping={
                "date": document.effective_date.strftime("%d/%m/%Y")})),
        )


def document_approved(document, event):
    """After ``approve`` (the whole hand-over done): take effect now when the date has come."""
    if event.action != "approve" or document.portal_type != TYPE:
        return
    if api.content.get_state(document) == "approved" and document.effective_date_reached(today()):
        make_effective(document)


def make_due_documents_effective(portal, day=None):
    """Make every approved document whose effective date has come effective.

    Returns the documents made effective. Called by the daily job.
    """
    day = day or today()
    done = []
    brains = portal.portal_catalog.unrestrictedSearchResults(
        portal_type=TYPE, review_state="approved")
    for brain in brains:
        document = brain._unrestrictedGetObject()
        if document.effective_date_reached(day):
            make_effective(document, day)
            done.append(document)
            logger.info("Document %s took effect", "/".join(document.getPhysicalPath()))
    return done
