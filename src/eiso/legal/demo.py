"""Demo legal texts of the agency of the demo (``eiso.demo_qms_data.LEGAL_TEXTS``).

Registered by the demo legal officer: the newer texts amend or replace the older
ones, so the register shows every state. Idempotent: existing numbers are kept.
"""

from eiso.content.legal_document import create_legal_document
from eiso.demo_qms_data import LEGAL_TEXTS
from eiso.legal.importer import number_key
from eiso.legal.importer import register_numbers
from plone import api
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.event import notify
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import ObjectModifiedEvent

import datetime


LEGAL_OFFICER = "vanban"


def texts():
    """(fields, amends, replaces) of ``eiso.demo_qms_data.LEGAL_TEXTS``."""
    for number, kind, issuer, signed, effective, summary, field, amends, replaces in LEGAL_TEXTS:
        fields = {"number": number, "legal_kind": kind, "issuer": issuer,
                  "signed_date": datetime.date(*reversed(signed)),
                  "effective_date": datetime.date(*reversed(effective)),
                  "summary": summary, "field": field}
        yield fields, amends, replaces


def ensure_legal_documents(agency):
    """Register the demo texts that are missing, as the legal officer would."""
    section = agency["van-ban"]
    with api.env.adopt_user(username=LEGAL_OFFICER):
        existing = register_numbers(section)
        intids = getUtility(IIntIds)
        for fields, amends, replaces in texts():
            if number_key(fields["number"]) in existing:
                continue
            item = create_legal_document(section, **fields)
            known = register_numbers(section)
            for name, numbers in (("amends", amends), ("replaces", replaces)):
                if numbers:
                    setattr(item, name, [
                        RelationValue(intids.getId(known[number_key(n)].getObject()))
                        for n in numbers
                    ])
            if amends or replaces:
                notify(ObjectModifiedEvent(item))
                item.reindexObject()
