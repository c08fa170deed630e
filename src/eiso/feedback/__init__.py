"""Customer feedback (Ý kiến phản ánh, kiến nghị; SPEC §8, seed 000 functions 27–28).

The type is ``eiso.content.feedback``; its workflow's checks and handlers
``eiso.feedback.workflow``; the public form of each agency (collective.easyform,
its action that files the feedback, the spam checks) ``eiso.feedback.public``;
the pages and the ``kiem-soat`` listing ``eiso.browser.feedback``.
"""

from eiso.content.feedback import PORTAL_TYPE
from eiso.content.fields import create_content
from eiso.content.fields import short_text
from eiso.nonconformities import open_nonconformity as open_nc
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds


def create_feedback(container, **fields):
    """Add a feedback to a ``kiem-soat`` section; its id comes from its title or content.
    The current user records it (needs "eiso: Add CustomerFeedback")."""
    name = fields.get("title") or short_text(fields.get("description"))
    return create_content(container, PORTAL_TYPE, name, **fields)


def opened_nonconformity(feedback):
    """The nonconformity already opened from ``feedback``, or None."""
    relation = getattr(feedback, "nonconformity", None)
    if relation is None or relation.isBroken():
        return None
    return relation.to_object


def open_nonconformity(feedback, description=None, department=None):
    """Open a nonconformity from ``feedback`` once: (the nonconformity, created?).

    A second call gives the one opened before. The nonconformity is reported by the
    current user (it needs "eiso: Add Nonconformity"), in the department given, else
    the feedback's handling department, and links the feedback; the feedback links it.
    """
    existing = opened_nonconformity(feedback)
    if existing is not None:
        return existing, False
    item = open_nc(
        feedback,
        "feedback",
        description or feedback.description,
        department=department or getattr(feedback, "department", None),
    )
    intids = getUtility(IIntIds)
    feedback.nonconformity = RelationValue(intids.register(item))
    feedback.reindexObject()
    return item, True
