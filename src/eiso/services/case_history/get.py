from eiso.browser.timeline import CaseHistory
from plone import api
from plone.restapi.services import Service


def _iso(value):
    """Dates as yyyy-mm-dd, Zope DateTimes as ISO 8601 with their time zone; None stays."""
    if value is None:
        return None
    return value.ISO8601() if hasattr(value, "ISO8601") else value.isoformat()


def _files(files):
    return [
        {"filename": f["filename"], "size": f["size"], "content-type": f["content_type"],
         "download": f["url"]}
        for f in files
    ]


class CaseHistoryGet(Service):
    """``GET <item>/@case-history``: {"steps": [...], "audit": [...]}, names resolved."""

    def reply(self):
        history = CaseHistory(self.context, self.request)
        return {
            "@id": f"{self.context.absolute_url()}/@case-history",
            "code": history.code(),
            "review_state": api.content.get_state(self.context, default=None),
            "review_state_title": history.state_title(),
            "finished": history.is_finished(),
            "steps": [self.step(step) for step in history.steps()],
            "audit": [self.entry(entry) for entry in history.audit()],
        }

    def step(self, step):
        return {
            "number": step["number"],
            "state": step["state"],
            "title": step["title"],
            "department": {"id": step["department"], "title": step["department_title"]},
            "handlers": step["handlers"],
            "deadline": _iso(step["deadline"]),
            "started": _iso(step["started"]),
            "finished": _iso(step["finished"]),
            "actor": {"id": step["actor"], "fullname": step["actor_name"]} if step["actor"] else None,
            "action": {"id": step["action"], "title": step["action_title"]} if step["action"] else None,
            "comment": step["comment"],
            "files": _files(step["files"]),
            "notes": [
                {"time": _iso(note["time"]), "actor": {"id": note["actor"], "fullname": note["actor_name"]},
                 "comment": note["comment"], "files": _files(note["files"])}
                for note in step["notes"]
            ],
            "status": {"id": step["status"], "title": step["status_title"]},
        }

    def entry(self, entry):
        return {
            "time": _iso(entry["time"]),
            "user": {"id": entry["user"], "fullname": entry["fullname"]},
            "kind": {"id": entry["kind"], "title": entry["kind_title"]},
            "summary": entry["summary"],
            "details": entry["details"],
        }
