"""Edits of a case go into its audit trail."""

from eiso import _
from eiso.cases import audit
from eiso.cases.audit import AuditTrail
from eiso.cases.handover import _t
from plone.dexterity.utils import iterSchemata
from zope.lifecycleevent.interfaces import IAttributes


def case_modified(item, event):
    names = []
    for description in getattr(event, "descriptions", ()) or ():
        if IAttributes.providedBy(description):
            names.extend(name.split(".")[-1] for name in description.attributes)
    titles = {}
    for schema in iterSchemata(item):
        for name in schema:
            titles[name] = _t(schema[name].title)
    changed = ", ".join(titles.get(name, name) for name in names)
    AuditTrail(item).record(
        audit.EDITED,
        _t(_("Edited: ${fields}", mapping={"fields": changed})) if changed else _t(_("Edited")),
    )
