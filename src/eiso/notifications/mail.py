"""Plain-text e-mails through the site's MailHost, in the site's language.

Mail must never break what triggered it (a hand-over, the reminders): when
the site's mail settings are missing or sending fails, a warning is logged
and the caller goes on; the in-app notification is there anyway.
Mails are queued and leave when the transaction commits.
"""

from eiso import _
from eiso import logger
from plone import api
from zope.i18n import translate


def language():
    return api.portal.get_registry_record("plone.default_language", default="vi") or "vi"


def t(message, domain="eiso"):
    """``message`` translated into the site's language."""
    return translate(message, domain=domain, target_language=language())


def mail_configured():
    """True when the site has a sender address and an SMTP server (Site Setup → Mail)."""
    sender = api.portal.get_registry_record("plone.email_from_address", default=None)
    smtp_host = api.portal.get_registry_record("plone.smtp_host", default=None)
    return bool(sender and smtp_host)


def user_info(user_id):
    """(full name, e-mail) of a user; (user id, "") when unknown."""
    user = api.user.get(userid=user_id)
    if user is None:
        return user_id, ""
    return (user.getProperty("fullname") or user_id), (user.getProperty("email") or "")


def footer():
    portal = api.portal.get()
    return "\n\n-- \n" + t(_(
        "This message was sent automatically by ${site} (${url}). Please do not reply to it.",
        mapping={"site": portal.Title(), "url": portal.absolute_url()},
    ))


def send(recipient, subject, body):
    """Send a plain-text mail; return True when it was queued."""
    if not recipient:
        return False
    if not mail_configured():
        logger.warning(
            "No e-mail to %s (%s): the site's mail settings are missing (Site Setup → Mail).",
            recipient, subject,
        )
        return False
    try:
        api.portal.send_email(recipient=recipient, subject=subject, body=body + footer())
    except Exception:  # a broken mail server must not undo the user's work
        logger.exception("E-mail to %s (%s) could not be sent.", recipient, subject)
        return False
    return True
