"""Guards and effects of the records workflows (SPEC §5, seed functions 18–19).

- ``lend`` (borrow requests) is refused while one of the records is lent
  through another request, or when one has been destroyed.
- ``execute`` (disposal proposals) needs the minutes (Biên bản hủy) and records
  that are all still kept; then it destroys every record of the proposal:
  state ``destroyed``, description kept, files removed. The checks run before
  the transition, so a refused one changes nothing; the destruction runs in
  the same transaction as the transition, so it happens all at once or not at all.

A refusal is a :class:`TransitionRefused`: a ``CaseError`` for the transition
form ("Chuyển hồ sơ") and a ``WorkflowException`` for REST ``@workflow``,
both showing its message in the user's language.
"""

from Acquisition import aq_base
from eiso import _
from eiso.cases.handover import CaseError
from eiso.cases.handover import HANDOVER
from eiso.content.borrow_request import IBorrowRequestSchema
from eiso.content.disposal_proposal import IDisposalProposalSchema
from eiso.content.record import DESTROYED
from eiso.content.record import record_uids
from eiso.content.record import related_objects
from plone import api
from plone.indexer import indexer
from plone.namedfile.file import NamedBlobFile
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.globalrequest import getRequest
from zope.i18n import translate

import datetime


LENT = "lent"
# The role the execution of a disposal proposal adopts: the only one holding
# "eiso: Destroy records" (rolemap.xml). No account can be given it.
DISPOSAL_EXECUTION = "DisposalExecution"


class TransitionRefused(CaseError, WorkflowException):
    """A transition refused with a message for the user; nothing has changed."""

    def __str__(self):
        request = getRequest()
        if request is not None:
            return translate(self.message, context=request)
        language = api.portal.get_registry_record("plone.default_language", default="vi")
        return translate(self.message, target_language=language)


def records_lent_elsewhere(request_item, records):
    """{record UID: the other borrow request (brain) that has it lent}."""
    uids = [record.UID() for record in records]
    if not uids:
        return {}
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(
        portal_type="BorrowRequest", review_state=LENT, record_uids=uids)
    own = request_item.UID()
    result = {}
    for brain in brains:
        if brain.UID == own:
            continue
        for uid in _indexed_record_uids(catalog, brain):
            if uid in uids:
                result.setdefault(uid, brain)
    return result


def _indexed_record_uids(catalog, brain):
    return catalog._catalog.getIndex("record_uids").getEntryForObject(brain.getRID()) or ()


def _destroyed(records):
    return [r for r in records if api.content.get_state(r, default=None) == DESTROYED]


def check_borrow_transition(item, event):
    """Before ``lend``: no record lent through another request, none destroyed."""
    if event.transition is None or event.transition.getId() != "lend":
        return
    records = related_objects(getattr(aq_base(item), "records", None))
    if not records:
        raise TransitionRefused(_("This borrow request has no records."))
    destroyed = _destroyed(records)
    if destroyed:
        raise TransitionRefused(_(
            "The record “${title}” has been destroyed and cannot be lent.",
            mapping={"title": destroyed[0].Title()}))
    lent = records_lent_elsewhere(item, records)
    if lent:
        record = next(r for r in records if r.UID() in lent)
        other = lent[record.UID()]
        raise TransitionRefused(_(
            "The record “${title}” is already lent (${code}); it can be lent again "
            "once it has been returned.",
            mapping={"title": record.Title(), "code": other.code or other.Title}))


def _attached_minutes(item):
    """The first file attached on the transition form, used as minutes when none is set."""
    explicit = HANDOVER.get(item) or {}
    for upload in explicit.get("files") or ():
        if isinstance(upload, NamedBlobFile) and upload.getSize():
            return upload
    return None


def check_disposal_transition(item, event):
    """Before ``submit``/``approve``/``execute``: the records are still kept;
    before ``execute``, the minutes are there."""
    if event.transition is None:
        return
    transition = event.transition.getId()
    if transition not in ("submit", "approve", "execute"):
        return
    records = related_objects(getattr(aq_base(item), "records", None))
    if not records:
        raise TransitionRefused(_("This proposal has no records."))
    destroyed = _destroyed(records)
    if destroyed:
        raise TransitionRefused(_(
            "The record “${title}” has already been destroyed: remove it from the proposal.",
            mapping={"title": destroyed[0].Title()}))
    if transition == "execute":
        lent = records_lent_elsewhere(item, records)
        if lent:
            record = next(r for r in records if r.UID() in lent)
            raise TransitionRefused(_(
                "The record “${title}” is lent: it can be destroyed once it has been returned.",
                mapping={"title": record.Title()}))
        if getattr(aq_base(item), "minutes", None) is None:
            minutes = _attached_minutes(item)
            if minutes is None:
                raise TransitionRefused(_(
                    "Attach the disposal minutes (Biên bản hủy) before destroying the records."))
            item.minutes = minutes


def execute_disposal(item, event):
    """After ``execute``: destroy every record of the proposal (files removed)."""
    if event.transition is None or event.transition.getId() != "execute":
        return
    code = getattr(aq_base(item), "code", None) or item.getId()
    comment = translate(
        _("Destroyed by the disposal proposal ${code}", mapping={"code": code}),
        target_language=api.portal.get_registry_record("plone.default_language", default="vi"))
    for record in related_objects(getattr(aq_base(item), "records", None)):
        destroy_record(record, comment)


def destroy_record(record, comment):
    """The only way to ``destroy`` a record: keep its description, remove its files."""
    record.files = []
    record.destroyed_on = datetime.date.today()
    try:
        with api.env.adopt_roles([DISPOSAL_EXECUTION]):
            api.portal.get_tool("portal_workflow").doActionFor(record, "destroy", comment=comment)
    except WorkflowException as error:
        # Not a WorkflowException any more: REST @workflow would answer 400 and
        # commit the proposal's new state; this aborts the whole execution.
        raise RuntimeError(f"Cannot destroy {record.absolute_url()}: {error}") from error
    record.reindexObject()


@indexer(IBorrowRequestSchema)
def borrow_record_uids(item):
    return record_uids(item)


@indexer(IDisposalProposalSchema)
def disposal_record_uids(item):
    return record_uids(item)
