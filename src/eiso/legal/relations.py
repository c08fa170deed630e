"""Amending and replacing texts change the state of the texts they point to.

Registering (or editing) a text that replaces X expires X; one that amends X marks
X partly expired, unless X has expired already; each relation acts once, when it
is added. The change is made as the system
(the legal officer who registers the new text may not hold the workflow right on
an old one) but recorded under the acting user, with a comment in X's history:
“Bị thay thế bởi 19/2014/QĐ-TTg”. Removing a relation changes nothing: a text
that applies again is reinstated by hand (transition ``reinstate``).
"""

from eiso import _
from eiso.content.fields import in_site_language
from Acquisition import aq_base
from datetime import date
from plone import api
from plone.uuid.interfaces import IUUID

import logging


logger = logging.getLogger(__name__)

IN_FORCE = "in_force"
PARTLY_EXPIRED = "partly_expired"
EXPIRED = "expired"
# Attribute of a text: the (relation, target UID) pairs whose effect was applied.
APPLIED = "_eiso_applied_relations"

# relation field → (transition, states it applies from, comment msgid)
EFFECTS = (
    ("replaces", "expire", (IN_FORCE, PARTLY_EXPIRED), _("Replaced by ${number}")),
    ("amends", "partly_expire", (IN_FORCE,), _("Amended or supplemented by ${number}")),
)


def targets(item, name):
    """The texts ``item`` points to through relation field ``name`` (broken ones left out)."""
    result = []
    for relation in getattr(item, name, None) or ():
        target = getattr(relation, "to_object", None)
        if target is not None and target is not item:
            result.append(target)
    return result


def apply_relations(item, event=None):
    """Expire or partly expire the texts ``item`` newly replaces or amends.

    A relation acts once, when it appears: if the legal officer reinstates the old
    text later, saving the new one again does not expire it a second time. The
    relations already applied are kept on the item (as target UIDs).
    """
    number = item.number or item.Title()
    applied = set(getattr(aq_base(item), APPLIED, ()))
    current = set()
    for name, transition, from_states, comment in EFFECTS:
        for target in targets(item, name):
            key = (name, IUUID(target, None))
            current.add(key)
            if key in applied:
                continue
            if api.content.get_state(target, default=None) in from_states:
                with api.env.adopt_roles(["Manager"]):
                    api.content.transition(
                        obj=target,
                        transition=transition,
                        comment=in_site_language(_(comment, mapping={"number": number})),
                    )
                logger.info("%s: %s (%s)", "/".join(target.getPhysicalPath()), transition, number)
    if current != applied:
        setattr(item, APPLIED, tuple(sorted(current, key=str)))


def referrers(item, name):
    """The texts that point to ``item`` through ``name``, those the user may see."""
    result = []
    for relation in api.relation.get(target=item, relationship=name):
        source = relation.from_object
        if source is not None:
            result.append(source)
    return sorted(result, key=lambda source: (source.signed_date or date.min, source.number or ""))
