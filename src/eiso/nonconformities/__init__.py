"""Nonconformities (Báo cáo sự không phù hợp, SPEC §8, seed 000 functions 29–30).

The type is ``eiso.content.nonconformity``; its workflow's checks and handlers
``eiso.nonconformities.workflow``; its page and the listing of ``kiem-soat``
``eiso.browser.nonconformities``. Other types open one with
:func:`open_nonconformity`.
"""

from eiso import _
from eiso.cases import audit
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import _t
from eiso.content.agency import get_agency
from eiso.content.fields import create_content
from eiso.content.fields import short_text
from eiso.content.nonconformity import PORTAL_TYPE
from eiso.content.nonconformity import SECTION_ID
from eiso.content.nonconformity import SOURCES
from z3c.relationfield import RelationValue
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility
from zope.intid.interfaces import IIntIds


def create_nonconformity(container, **fields):
    """Add a nonconformity to a ``kiem-soat`` section; its id comes from its title or
    description. The current user reports it (needs "eiso: Add Nonconformity")."""
    name = fields.get("title") or short_text(fields.get("description"))
    return create_content(container, PORTAL_TYPE, name, **fields)


def _has_audit_trail(item):
    from eiso.behaviors.assignment import ICase

    if ICase.providedBy(item):
        return True
    try:
        return audit.KEY in IAnnotations(item)
    except TypeError:
        return False


def open_nonconformity(source_item, source, description, department=None, clause=None,
                       **fields):
    """Open a nonconformity found in ``source_item`` (an audit finding, a feedback, …).

    It is reported by the current user in the ``kiem-soat`` section of the source
    item's agency, links ``source_item`` and starts its case (the department's head
    analyses it). When the source item keeps an audit trail, the opening is recorded
    there. ``source`` is one of ``audit``, ``feedback``, ``review``, ``staff``.
    Raises ValueError for an unknown source or an item outside any agency.
    """
    if source not in SOURCES:
        raise ValueError(f"Unknown source of a nonconformity: {source!r}")
    agency = get_agency(source_item)
    if agency is None or SECTION_ID not in agency:
        raise ValueError(f"{source_item!r} is not in an agency with a {SECTION_ID} section")
    intids = getUtility(IIntIds)
    item = create_nonconformity(
        agency[SECTION_ID],
        source=source,
        source_item=RelationValue(intids.register(source_item)),
        description=description,
        department=department,
        clause=clause,
        **fields,
    )
    if _has_audit_trail(source_item):
        AuditTrail(source_item).record(
            audit.NOTE,
            _t(_("Nonconformity opened: ${code} ${title}",
                 mapping={"code": item.code or "", "title": item.Title()})),
            item.absolute_url(),
        )
    return item
