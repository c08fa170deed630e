from datetime import date
from eiso import _
from eiso.commands.reminders import send_reminders
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import DeserializationError
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zope.i18n import translate
from zope.interface import alsoProvides

import transaction


FLAGS = ("force", "dry_run")


class InvalidBody(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def parse_options(data):
    """{"force": bool, "dry_run": bool, "date": "yyyy-mm-dd"} → send_reminders' keywords."""
    unknown = sorted(set(data) - {*FLAGS, "date"})
    if unknown:
        raise InvalidBody(_("Unknown field “${field}”: use force, dry_run and date.",
                            mapping={"field": unknown[0]}))
    options = {}
    for flag in FLAGS:
        value = data.get(flag, False)
        if not isinstance(value, bool):
            raise InvalidBody(_("“${field}” must be true or false.", mapping={"field": flag}))
        options[flag] = value
    day = data.get("date")
    try:
        options["today"] = date.fromisoformat(day) if day else None
    except (TypeError, ValueError):
        raise InvalidBody(_(
            "The date “${value}” is not valid: write it as year-month-day, e.g. 2026-01-31.",
            mapping={"value": day},
        ))
    return options


class RemindersPost(Service):
    """Send today's digests: {"summary": {...}, "output": [lines]}.

    The body (all optional): ``{"force": false, "dry_run": false, "date": "2026-11-10"}``.
    A dry run prints the digests and leaves the site as it was. The links in the
    mails follow the URL the request came in by (virtual hosting included).
    """

    def reply(self):
        try:
            options = parse_options(json_body(self.request))
        except DeserializationError:
            return self.bad_request(_("The request body must be a JSON object."))
        except InvalidBody as problem:
            return self.bad_request(problem.message)
        alsoProvides(self.request, IDisableCSRFProtection)
        if options["dry_run"]:
            transaction.doom()  # the publisher aborts instead of committing
        output = []
        summary = send_reminders(self.context, out=output.append, **options)
        summary["date"] = summary["date"].isoformat()
        return {"summary": summary, "output": output}

    def bad_request(self, message):
        self.request.response.setStatus(400)
        return {"error": {"type": "BadRequest",
                          "message": translate(message, context=self.request)}}
