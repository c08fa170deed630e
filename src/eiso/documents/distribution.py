"""Who must read an effective document, telling them, and their "Đã đọc".

The *readers* of a document are the active members of its distribution
departments and of its own department; with no distribution, every active
member of the agency. When the document takes effect each reader gets an
in-app notification and an e-mail (seed 001: "thông báo bằng email đến người
có liên quan").

Acknowledgements ("Đã đọc") are kept per issue number (Lần ban hành) in an
annotation of the document: a new issue starts with nobody having read it.
"""

from BTrees.OOBTree import OOBTree
from DateTime import DateTime
from eiso import _
from eiso.content.agency import get_agency
from eiso.members import AgencyMembers
from eiso.notifications import storage
from eiso.notifications.mail import send
from eiso.notifications.mail import t
from eiso.notifications.mail import user_info
from eiso.roles import STAFF
from eiso.utils import format_date
from plone.app.iterate.interfaces import IWorkingCopy
from zope.annotation.interfaces import IAnnotations


KEY = "eiso.documents.read"  # issue number → OOBTree(user id → DateTime)


def active_members(agency):
    members = AgencyMembers(agency)
    return sorted(
        principal for principal, roles in agency.get_local_roles()
        if STAFF in roles and not members.is_disabled(principal)
    )


def readers(document):
    """User ids of the active members who must read ``document``, sorted."""
    agency = get_agency(document)
    if agency is None:
        return []
    active = active_members(agency)
    wanted = set(document.distribution or ())
    if not wanted:
        return active
    if document.department:
        wanted.add(document.department)
    users = set()
    for department in AgencyMembers(agency).departments():
        if department.getId() in wanted:
            users.update(department.members or ())
    return [user_id for user_id in active if user_id in users]


def document_effective(document, event):
    """``make_effective``: tell every reader, in-app and by e-mail."""
    if event.transition is None or event.transition.getId() != "make_effective":
        return
    if IWorkingCopy.providedBy(document):
        return  # a revision: announced for its baseline once checked in (eiso.documents.revision)
    announce(document)


def announce(document):
    """Tell every reader that the current issue of ``document`` is effective."""
    code = document.code or ""
    subject = t(_("New effective document: ${code} ${title}",
                  mapping={"code": code, "title": document.Title()}))
    lines = [
        t(_("The document ${code} “${title}” (issue ${issue}) is effective from ${date}.",
            mapping={"code": code, "title": document.Title(), "issue": document.issue_number,
                     "date": format_date(document.effective_date)})),
        t(_("Please read it and click “Read” on its page.")),
    ]
    url = document.absolute_url()
    text = "\n".join(lines)
    for user_id in readers(document):
        storage.add(user_id, subject, text, url)
        name, email = user_info(user_id)
        if email:
            send(email, subject, "\n\n".join([
                t(_("Dear ${name},", mapping={"name": name})), text,
                t(_("Open the document: ${url}", mapping={"url": url}))]))


# -- "Đã đọc" ---------------------------------------------------------------------

def _issues(document, create=False):
    annotations = IAnnotations(document)
    if create and KEY not in annotations:
        annotations[KEY] = OOBTree()
    return annotations.get(KEY)


def _reads(document, issue=None, create=False):
    issues = _issues(document, create)
    issue = issue or document.issue_number or 1
    if issues is None:
        return None
    if create and issue not in issues:
        issues[issue] = OOBTree()
    return issues.get(issue)


def acknowledge(document, user_id):
    """Record that ``user_id`` has read the current issue; return the time (first one kept)."""
    reads = _reads(document, create=True)
    if user_id not in reads:
        reads[user_id] = DateTime()
    return reads[user_id]


def read_at(document, user_id):
    reads = _reads(document)
    return reads.get(user_id) if reads is not None else None


def read_status(document):
    """{"issue", "read": [...], "unread": [...]}: the readers, with when they read it.

    Members who are no readers but read it anyway are listed as read too.
    """
    reads = _reads(document) or {}
    agency = get_agency(document)
    by_member = {m["id"]: m for m in AgencyMembers(agency).list()} if agency is not None else {}
    result = {"issue": document.issue_number or 1, "read": [], "unread": []}
    for user_id in sorted(set(readers(document)) | set(reads.keys())):
        member = by_member.get(user_id) or {}
        info = {
            "id": user_id,
            "fullname": member.get("fullname") or user_info(user_id)[0],
            "department": member.get("department_title", ""),
            "read_at": reads[user_id].ISO8601() if user_id in reads else None,
        }
        result["read" if user_id in reads else "unread"].append(info)
    return result
