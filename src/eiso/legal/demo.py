"""Demo legal texts of the agency of the demo (the ISO decisions of seed 003).

Registered by the demo legal officer: the newer texts amend or replace the older
ones, so the register shows every state. Idempotent: existing numbers are kept.
"""

from eiso.content.legal_document import create_legal_document
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
ISO = "Hệ thống quản lý chất lượng (ISO)"
# (fields, amends, replaces), oldest first.
TEXTS = (
    ({"number": "19/2014/QĐ-TTg", "legal_kind": "Quyết định", "issuer": "Thủ tướng Chính phủ",
      "signed_date": datetime.date(2014, 3, 5), "effective_date": datetime.date(2014, 4, 20),
      "field": ISO,
      "summary": "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN "
                 "ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành "
                 "chính nhà nước"}, (), ()),
    ({"number": "26/2014/TT-BKHCN", "legal_kind": "Thông tư",
      "issuer": "Bộ Khoa học và Công nghệ", "signed_date": datetime.date(2014, 10, 10),
      "effective_date": datetime.date(2014, 12, 1), "field": ISO,
      "summary": "Quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg"}, (), ()),
    ({"number": "61/2018/NĐ-CP", "legal_kind": "Nghị định", "issuer": "Chính phủ",
      "signed_date": datetime.date(2018, 4, 23), "effective_date": datetime.date(2018, 6, 21),
      "field": "Hành chính – Văn phòng",
      "summary": "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục "
                 "hành chính"}, (), ()),
    ({"number": "101/QĐ-BKHCN", "legal_kind": "Quyết định",
      "issuer": "Bộ Khoa học và Công nghệ", "signed_date": datetime.date(2019, 1, 21),
      "effective_date": datetime.date(2019, 1, 21), "field": ISO,
      "summary": "Công bố mô hình khung hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 "
                 "cho các cơ quan hành chính tại địa phương"}, ("26/2014/TT-BKHCN",), ()),
    ({"number": "107/2021/NĐ-CP", "legal_kind": "Nghị định", "issuer": "Chính phủ",
      "signed_date": datetime.date(2021, 12, 6), "effective_date": datetime.date(2022, 2, 20),
      "field": "Hành chính – Văn phòng",
      "summary": "Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP"},
     ("61/2018/NĐ-CP",), ()),
    ({"number": "19/2025/QĐ-TTg", "legal_kind": "Quyết định", "issuer": "Thủ tướng Chính phủ",
      "signed_date": datetime.date(2025, 6, 30), "effective_date": datetime.date(2025, 8, 15),
      "field": ISO,
      "summary": "Quy định về áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN "
                 "ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính "
                 "nhà nước"}, (), ("19/2014/QĐ-TTg",)),
)


def ensure_legal_documents(agency):
    """Register the demo texts that are missing, as the legal officer would."""
    section = agency["van-ban"]
    with api.env.adopt_user(username=LEGAL_OFFICER):
        existing = register_numbers(section)
        intids = getUtility(IIntIds)
        for fields, amends, replaces in TEXTS:
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
