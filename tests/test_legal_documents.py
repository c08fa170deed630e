"""External legal documents (Văn bản bên ngoài): the legal officer keeps the register
in ``van-ban``; every account of the agency reads it; amending and replacing texts
change the state of the texts they point to."""

from datetime import date
from eiso.content.legal_document import create_legal_document
from eiso.content.legal_document import ILegalDocumentSchema
from eiso.interfaces import IEisoLayer
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.event import notify
from zope.interface import alsoProvides
from zope.interface import Invalid
from zope.intid.interfaces import IIntIds
from zope.lifecycleevent import ObjectModifiedEvent

import unittest


ISO_DECISION = {
    "number": "19/2014/QĐ-TTg",
    "legal_kind": "Quyết định",
    "issuer": "Thủ tướng Chính phủ",
    "signed_date": date(2014, 3, 5),
    "effective_date": date(2014, 4, 20),
    "summary": "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia "
               "TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống "
               "hành chính nhà nước",
    "field": "Hệ thống quản lý chất lượng (ISO)",
}
NEW_ISO_DECISION = {
    "number": "101/QĐ-BKHCN",
    "legal_kind": "Quyết định",
    "issuer": "Bộ Khoa học và Công nghệ",
    "signed_date": date(2019, 1, 21),
    "effective_date": date(2019, 1, 21),
    "summary": "Công bố mô hình khung hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
    "field": "Hệ thống quản lý chất lượng (ISO)",
}


def relations(*items):
    intids = getUtility(IIntIds)
    return [RelationValue(intids.getId(item)) for item in items]


def add(section, fields, **relation_fields):
    values = dict(fields)
    for name, items in relation_fields.items():
        values[name] = relations(*items)
    return create_legal_document(section, **values)


class TestLegalDocument(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["van-ban"]

    def test_legal_officer_adds_a_text(self):
        login(self.portal, "a-legal")
        allowed = [fti.getId() for fti in self.section.allowedContentTypes()]
        self.assertEqual(allowed, ["LegalDocument"])
        item = add(self.section, ISO_DECISION)
        self.assertEqual(item.getId(), "19-2014-qd-ttg")
        self.assertEqual(item.Title(), "Quyết định 19/2014/QĐ-TTg")
        self.assertEqual(item.Description(), ISO_DECISION["summary"])
        self.assertEqual(item.effective_date, date(2014, 4, 20))
        self.assertEqual(api.content.get_state(item), "in_force")
        brain = api.content.find(UID=item.UID())[0]
        self.assertEqual(brain.code, "19/2014/QĐ-TTg")
        self.assertEqual(brain.year, 2014)
        self.assertEqual(brain.legal_kind, "Quyết định")
        self.assertEqual(brain.issuer, "Thủ tướng Chính phủ")
        self.assertEqual(brain.signed_date, date(2014, 3, 5))
        self.assertEqual(brain.effective_date, date(2014, 4, 20))
        self.assertTrue(api.content.find(SearchableText="chất lượng", portal_type="LegalDocument"))
