"""REST ``POST @workflow/<transition>`` on a controlled document: 409 while another user
is editing it (``eiso.documents.locks``), with the Vietnamese message; otherwise
plone.restapi's service. (The transition would be refused anyway, as a 400.)"""

from eiso.documents import locks
from eiso.security.rest import CheckedWorkflowTransition
from zope.i18n import translate


class DocumentWorkflowTransition(CheckedWorkflowTransition):
    def reply(self):
        if self.transition not in (None, *locks.SYSTEM_TRANSITIONS):
            edited = locks.locked_message(self.context)
            if edited is not None:
                self.request.response.setStatus(409)
                return {"error": {"type": "Conflict",
                                  "message": translate(edited, context=self.request)}}
        return super().reply()
