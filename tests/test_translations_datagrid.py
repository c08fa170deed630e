"""The data grid's row buttons (objectives, dossier components, steps) speak Vietnamese:
collective.z3cform.datagridfield ships no vi catalog, eiso's fills the gap."""

from eiso.testing import EISO_INTEGRATION_TESTING
from zope.i18n import translate

import unittest


DOMAIN = "collective.z3cform.datagridfield"


class TestDataGridTranslations(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_row_buttons(self):
        expected = {
            "label_datagridwidget_manipulators_addrow": "Thêm dòng",
            "label_datagridwidget_manipulators_deleterow": "Xóa dòng",
            "label_datagridwidget_manipulators_moverowup": "Chuyển lên",
            "label_datagridwidget_manipulators_moverowdown": "Chuyển xuống",
        }
        for msgid, text in expected.items():
            with self.subTest(msgid=msgid):
                self.assertEqual(translate(msgid, domain=DOMAIN, target_language="vi"), text)

    def test_add_record_label_keeps_its_variable(self):
        self.assertEqual(
            translate("add_record_label", domain=DOMAIN, target_language="vi",
                      mapping={"type": "mục tiêu"}),
            "Thêm mục tiêu")
