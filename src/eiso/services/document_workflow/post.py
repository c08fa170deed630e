"""REST ``POST @workflow/<transition>`` on a controlled document: 409 while another user
is editing it (``eiso.documents.locks``), with the Vietnamese message; otherwise
plone.restapi's service. (The transition would be refused anyway, as a 400.)"""

from eiso import _
from eiso.documents import locks
from eiso.security.rest import MAX_TEXT
from plone.restapi.deserializer import json_body
from plone.restapi.services.workflow.transition import WorkflowTransition
from zope.i18n import translate


class DocumentWorkflowTransition(WorkflowTransition):
    def reply(self):
        # plone.restapi would store in the history a comment that is not text, or
        # megabytes of it.
        comment = json_body(self.request).get("comment", "")
        if not isinstance(comment, str) or len(comment) > MAX_TEXT:
            message = (_("“${field}” must be text.", mapping={"field": "comment"})
                       if not isinstance(comment, str) else
                       _("“${field}” is longer than ${size} characters.",
                         mapping={"field": "comment", "size": MAX_TEXT}))
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest",
                              "message": translate(message, context=self.request)}}
        if self.transition not in (None, *locks.SYSTEM_TRANSITIONS):
            edited = locks.locked_message(self.context)
            if edited is not None:
                self.request.response.setStatus(409)
                return {"error": {"type": "Conflict",
                                  "message": translate(edited, context=self.request)}}
        return super().reply()
