"""Events of the case engine."""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class ICaseHandedOver(IObjectEvent):
    """A case moved to new handlers (a transition, or a reassignment when ``transition`` is None)."""

    transition = Attribute("transition id, or None for a reassignment")
    previous = Attribute("the step just finished (mapping) or None")
    step = Attribute("the step now open (mapping), None when the case is finished")
    actor = Attribute("user id of who did it")
    comment = Attribute("the comment given")


@implementer(ICaseHandedOver)
class CaseHandedOver(ObjectEvent):
    def __init__(self, object, transition, previous, step, actor, comment=""):
        super().__init__(object)
        self.transition = transition
        self.previous = previous
        self.step = step
        self.actor = actor
        self.comment = comment
