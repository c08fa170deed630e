"""REST: a bad request is answered 4xx with a message, never 500, and writes nothing.

* A body that is not JSON (or not a JSON object where one is expected) raises
  plone.restapi's ``DeserializationError``, which plone.rest's error view answers
  500: :class:`DeserializationErrorHandling` answers 400 with a Vietnamese message.
* A value a choice cannot hold (a list, an object) made the vocabulary lookup fail
  with ``TypeError`` (500): refused as a wrong value (400).
* A text longer than a person could type (``MAX_LINE`` characters on one line,
  ``MAX_TEXT`` in a text) is refused (400): a 2 MB title would become a 2 MB id.
* ``@workflow/<transition>`` refuses a comment that is not text or is longer than
  ``MAX_TEXT`` (plone.restapi would store it in the history).
* Whatever a service did before it answered 4xx is rolled back
  (:func:`doom_failed_api_request`): plone.restapi's ``@workflow`` sets a missing
  publication date before the transition is refused, for one.
"""

from collections.abc import Hashable
from eiso import _
from eiso.interfaces import IEisoLayer
from plone.dexterity.interfaces import IDexterityContent
from plone.rest.errors import ErrorHandling
from plone.rest.interfaces import IAPIRequest
from plone.restapi.deserializer.dxfields import ChoiceFieldDeserializer
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.deserializer.dxfields import TextLineFieldDeserializer
from plone.restapi.exceptions import DeserializationError
from plone.restapi.deserializer import json_body
from plone.restapi.interfaces import IFieldDeserializer
from plone.restapi.services.workflow.transition import WorkflowTransition
from zope.component import adapter
from zope.i18n import translate
from zope.interface import implementer
from zope.schema.interfaces import IChoice
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine
from ZPublisher.interfaces import IPubBeforeCommit

import json
import transaction


MAX_LINE = 2000
MAX_TEXT = 200_000


@adapter(DeserializationError, IAPIRequest)
class DeserializationErrorHandling(ErrorHandling):
    """400, not 500, for a body that is not the JSON expected."""

    def __call__(self):
        response = self.request.response
        message = translate(_("The body of the request is not the JSON object expected."),
                            context=self.request)
        response.setHeader("Content-Type", "application/json")
        response.setStatus(400, lock=1)
        response.setBody(json.dumps({"type": "BadRequest", "message": message,
                                     "error": str(self.context)}), lock=1)
        response._has_challenged = True


def _too_long(field, value, size):
    if isinstance(value, str) and len(value) > size:
        raise ValueError(translate(
            _("“${field}” is longer than ${size} characters.",
              mapping={"field": field.title, "size": size}),
            context=getattr(field.context, "REQUEST", None)))


@implementer(IFieldDeserializer)
@adapter(IChoice, IDexterityContent, IEisoLayer)
class EisoChoiceFieldDeserializer(ChoiceFieldDeserializer):
    def __call__(self, value):
        if isinstance(value, dict) and "token" in value:
            value = value["token"]
        if not isinstance(value, Hashable):
            raise ValueError(translate(_("“${field}”: this value is not one of the choices.",
                                         mapping={"field": self.field.title}),
                                       context=self.request))
        return super().__call__(value)


@implementer(IFieldDeserializer)
@adapter(ITextLine, IDexterityContent, IEisoLayer)
class EisoTextLineFieldDeserializer(TextLineFieldDeserializer):
    def __call__(self, value):
        _too_long(self.field, value, MAX_LINE)
        return super().__call__(value)


@implementer(IFieldDeserializer)
@adapter(IText, IDexterityContent, IEisoLayer)
class EisoTextFieldDeserializer(DefaultFieldDeserializer):
    def __call__(self, value):
        _too_long(self.field, value, MAX_TEXT)
        return super().__call__(value)


class CheckedWorkflowTransition(WorkflowTransition):
    """plone.restapi's ``@workflow/<transition>``, with a comment that is text."""

    def reply(self):
        comment = json_body(self.request).get("comment", "")
        if isinstance(comment, str) and len(comment) <= MAX_TEXT:
            return super().reply()
        if isinstance(comment, str):
            message = _("“${field}” is longer than ${size} characters.",
                        mapping={"field": "comment", "size": MAX_TEXT})
        else:
            message = _("“${field}” must be text.", mapping={"field": "comment"})
        self.request.response.setStatus(400)
        return {"error": {"type": "BadRequest",
                          "message": translate(message, context=self.request)}}


@adapter(IPubBeforeCommit)
def doom_failed_api_request(event):
    """A REST request of our site answered 4xx commits nothing."""
    request = event.request
    if not (IAPIRequest.providedBy(request) and IEisoLayer.providedBy(request)):
        return
    if 400 <= request.response.getStatus() < 500:
        transaction.doom()
