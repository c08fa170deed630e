"""Every add form of every section: open for those who may add, a refusal page
(never an error page) for those who may not."""

from eiso.content.section import SECTION_TYPES
from eiso.testing import browser
from eiso.testing import denied
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from zope.component import getUtility
from zope.security.interfaces import IPermission

import transaction
import unittest


class TestAddForms(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        transaction.commit()

    def may_add(self, user_id, section, portal_type):
        fti = api.portal.get_tool("portal_types")[portal_type]
        with api.env.adopt_user(username=user_id):
            permission = getUtility(IPermission, fti.add_permission).title
            return bool(api.user.has_permission(permission, obj=section))

    def open_add_form(self, user_id, section_id, portal_type):
        b = browser(self.layer["app"], user_id)
        b.open(f"{self.agency[section_id].absolute_url()}/++add++{portal_type}")
        return b

    def test_refused_add_forms_are_refusals_not_errors(self):
        checked = 0
        for section_id, types in SECTION_TYPES.items():
            section = self.agency[section_id]
            for portal_type in types:
                if self.may_add("a-staff", section, portal_type):
                    continue
                with self.subTest(section=section_id, portal_type=portal_type):
                    b = self.open_add_form("a-staff", section_id, portal_type)
                    status = b.headers["status"]
                    self.assertFalse(status.startswith("5"), f"{portal_type}: {status}")
                    self.assertNotIn("Traceback", b.contents)
                    self.assertNotIn('name="form.buttons.save"', b.contents)
                    checked += 1
        # a-staff may add proposals and borrow requests, but most types are refused
        self.assertGreater(checked, 10)

    def test_allowed_add_forms_open(self):
        cases = (
            ("a-hr", "nhan-su", "StaffProfile"),
            ("a-secretary", "thu-tuc", "ServiceStatistics"),
            ("a-secretary", "boi-canh", "ConformityDeclaration"),
            ("a-secretary", "danh-gia", "Assessment"),
            ("a-staff", "cai-tien", "ImprovementProposal"),
        )
        for user_id, section_id, portal_type in cases:
            with self.subTest(user=user_id, portal_type=portal_type):
                self.assertTrue(self.may_add(user_id, self.agency[section_id], portal_type))
                b = self.open_add_form(user_id, section_id, portal_type)
                self.assertTrue(b.headers["status"].startswith("200"), b.headers["status"])
                self.assertIn('name="form.buttons.save"', b.contents)

    def test_type_not_allowed_in_the_section_is_not_found(self):
        # the administrator may add risks, but only in boi-canh
        self.assertTrue(self.may_add("a-admin", self.agency["boi-canh"], "Risk"))
        b = self.open_add_form("a-admin", "tai-lieu", "Risk")
        self.assertTrue(b.headers["status"].startswith("404"), b.headers["status"])

    def test_refusal_page_is_plones(self):
        b = self.open_add_form("a-staff", "nhan-su", "StaffProfile")
        # Plone's own answer to a logged-in user without permission
        self.assertTrue(b.url.endswith("/insufficient-privileges"), b.url)
        self.assertTrue(denied(b))
        self.assertNotIn('name="form.buttons.save"', b.contents)
