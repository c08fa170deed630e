"""Demo procedure guides (``eiso.procedures.demo_data``) of the demo agency.

The ISO secretary drafts them, the leader approves and applies four; the fifth
stays a draft. Then the legal officer registers a decree that replaces the one
the X-ray licence rests on: that guide is flagged for review. Idempotent.
"""

from eiso import logger
from eiso.content.procedure_guide import create_procedure_guide
from eiso.demo_qms import make_docx
from eiso.demo_qms import move
from eiso.legal.demo import create_legal_document
from eiso.legal.demo import ensure_legal_documents
from eiso.legal.importer import number_key
from eiso.legal.importer import register_numbers
from eiso.procedures import demo_data
from plone import api
from plone.namedfile.file import NamedBlobFile
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.event import notify
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import ObjectModifiedEvent

import datetime


SECRETARY = "thuky"
LEADER = "lanhdao"
LEGAL_OFFICER = "vanban"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
STEPS = {
    "draft": (),
    "applied": ((SECRETARY, "submit"), (LEADER, "approve"), (LEADER, "apply")),
}


def _text_fields(entry):
    number, kind, issuer, signed, effective, summary, field, amends, replaces = entry
    return {"number": number, "legal_kind": kind, "issuer": issuer,
            "signed_date": datetime.date(*reversed(signed)),
            "effective_date": datetime.date(*reversed(effective)),
            "summary": summary, "field": field}, replaces


def register_texts(section, entries):
    """Register the texts of ``entries`` that are missing, as the legal officer would."""
    intids = getUtility(IIntIds)
    with api.env.adopt_user(username=LEGAL_OFFICER):
        for entry in entries:
            fields, replaces = _text_fields(entry)
            known = register_numbers(section)
            if number_key(fields["number"]) in known:
                continue
            item = create_legal_document(section, **fields)
            if replaces:
                item.replaces = [RelationValue(intids.getId(known[number_key(n)].getObject()))
                                 for n in replaces if number_key(n) in known]
                notify(ObjectModifiedEvent(item))
                item.reindexObject()


def ensure_fields(wanted=demo_data.FIELDS):
    """The procedure fields of the demo (or ``wanted``) are offered by the configured fields."""
    fields = list(api.portal.get_registry_record("eiso.fields", default=None) or [])
    missing = [field for field in wanted if field not in fields]
    if missing:
        api.portal.set_registry_record("eiso.fields", fields + missing)


def ensure_procedure_guides(agency):
    ensure_legal_documents(agency)
    ensure_fields()
    texts = agency["van-ban"]
    register_texts(texts, demo_data.LEGAL_TEXTS)
    section = agency["thu-tuc"]
    existing = {brain.code for brain in api.content.find(
        context=section, portal_type="ProcedureGuide", unrestricted=True)}
    with api.env.adopt_user(username=LEGAL_OFFICER):  # the register as its keeper sees it
        known = register_numbers(texts)
    intids = getUtility(IIntIds)
    for (code, name, field, department, days, charge, fee, fee_note, components, steps,
         basis, forms, state) in demo_data.GUIDES:
        if code in existing:
            continue
        logger.info("Demo procedure guide %s %s", code, name)
        with api.env.adopt_user(username=SECRETARY):
            guide = create_procedure_guide(
                section, code=code, procedure_name=name, field=field, department=department,
                processing_days=days, charge=charge, fee=fee, fee_note=fee_note,
                dossier_components=[
                    {"document": paper, "originals": originals, "copies": copies, "note": note}
                    for paper, originals, copies, note in components],
                steps=[{"step": step, "responsible": who, "duration": duration, "output": output}
                       for step, who, duration, output in steps],
                legal_basis=[RelationValue(intids.getId(known[number_key(n)].getObject()))
                             for n in basis if number_key(n) in known],
                forms=[NamedBlobFile(make_docx(name, filename), contentType=DOCX,
                                     filename=filename) for filename in forms],
            )
        move(guide, STEPS[state])
    register_texts(texts, (demo_data.LATER_TEXT,))
