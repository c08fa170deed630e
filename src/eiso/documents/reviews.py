"""Periodic review of effective documents (rà soát định kỳ, from ``review_date``).

An effective document is *due for review* when its review date is within
``REVIEW_NOTICE_DAYS`` working days or has passed. The daily job
``eiso-reminders`` sends each document controller of the agency one digest of
them (in-app and by e-mail, at most once a day, as the case reminders); the
document list shows them under "Đến hạn rà soát".
"""

from eiso import _
from eiso.cases.handover import holders_of
from eiso.notifications import storage
from eiso.notifications.mail import mail_configured
from eiso.notifications.mail import send
from eiso.notifications.mail import t
from eiso.notifications.mail import user_info
from eiso.roles import DOCUMENT_CONTROLLER
from eiso.utils import format_date
from eiso.workingdays import add_working_days
from eiso.workingdays import as_date
from zope.annotation.interfaces import IAnnotations


REVIEW_NOTICE_DAYS = 10  # working days before the review date
SENT_KEY = "eiso.documents.review_digest"  # on the agency: iso date of the last digest


def review_horizon(today):
    """The last review date that counts as due on ``today``."""
    return add_working_days(today, REVIEW_NOTICE_DAYS)


def documents_due_for_review(portal, today):
    """{agency id: [brain]} of the effective documents due for review, by review date."""
    brains = portal.portal_catalog.unrestrictedSearchResults(
        portal_type="ControlledDocument", review_state="effective",
        review_date={"query": review_horizon(today), "range": "max"}, sort_on="review_date",
    )
    portal_path = "/".join(portal.getPhysicalPath())
    result = {}
    for brain in brains:
        agency_id = brain.getPath()[len(portal_path) + 1:].split("/")[0]
        result.setdefault(agency_id, []).append(brain)
    return result


def send_review_reminders(portal, today, force=False, dry_run=False, out=print):
    """One digest a day to each document controller of an agency with documents due for review.

    Returns the number of digests sent.
    """
    sent = 0
    for agency_id, brains in sorted(documents_due_for_review(portal, today).items()):
        agency = portal.get(agency_id)
        if agency is None:
            continue
        annotations = IAnnotations(agency)
        if not force and annotations.get(SENT_KEY) == today.isoformat():
            continue
        lines = []
        for brain in brains:
            review = as_date(brain.review_date)
            state = t(_("overdue")) if review < today else t(_("due ${date}", mapping={
                "date": format_date(review)}))
            lines.append(f"- {brain.code or ''} {brain.Title} — "
                         + t(_("review date ${date}", mapping={"date": format_date(review)}))
                         + f" ({state})")
        subject = t(_("Documents due for periodic review: ${count}", mapping={"count": len(brains)}))
        url = f"{agency.absolute_url()}/tai-lieu?show=review-due"
        text = "\n".join(lines)
        for user_id in holders_of(agency, DOCUMENT_CONTROLLER):
            if dry_run:
                out(f"\n=== {user_id}: {subject}\n{text}")
                continue
            storage.add(user_id, subject, text, url, portal=portal)
            name, email = user_info(user_id)
            if email and mail_configured():
                send(email, subject, "\n\n".join([
                    t(_("Dear ${name},", mapping={"name": name})), text,
                    t(_("All documents due for review: ${url}", mapping={"url": url}))]))
            sent += 1
            out(f"  {name} ({user_id}): {len(brains)} tài liệu đến hạn rà soát")
        if not dry_run:
            annotations[SENT_KEY] = today.isoformat()
    return sent
