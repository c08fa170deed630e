"""Checks that hold whoever writes the document (forms check first; this is for REST and code)."""

from eiso.content.controlled_document import code_taken
from eiso.cases.handover import _t
from eiso import _
from zExceptions import BadRequest


def code_unique(document, event):
    """Refuse a code another document of the agency has (400 through REST; nothing is saved)."""
    title = code_taken(document, document.code)
    if title is not None:
        raise BadRequest(_t(_("The code ${code} is already used by the document “${title}”.",
                              mapping={"code": document.code, "title": title})))
