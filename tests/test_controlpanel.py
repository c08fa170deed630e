"""The ISO settings control panel: who may open it, what it saves, what it refuses."""

from datetime import date
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PASSWORD
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_PASSWORD
from zope.component import getUtility
from zope.schema.interfaces import IVocabularyFactory

import transaction
import unittest


class TestSettings(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]

    def test_records_installed_with_defaults(self):
        self.assertEqual(api.portal.get_registry_record("eiso.reminder_days"), 2)
        self.assertEqual(api.portal.get_registry_record("eiso.step_days"), 3)
        self.assertEqual(api.portal.get_registry_record("eiso.extra_holidays"), [])
        self.assertEqual(api.portal.get_registry_record("eiso.makeup_days"), [])
        self.assertEqual(api.portal.get_registry_record("eiso.analysis_methods"), ["SWOT", "PESTLE"])

    def test_analysis_methods_vocabulary(self):
        factory = getUtility(IVocabularyFactory, "eiso.AnalysisMethods")
        self.assertEqual([t.value for t in factory(self.portal)], ["SWOT", "PESTLE"])
        api.portal.set_registry_record("eiso.analysis_methods", ["SWOT", "Phân tích 5 áp lực", "SWOT"])
        self.assertEqual([t.title for t in factory(self.portal)], ["SWOT", "Phân tích 5 áp lực"])

    def test_configlet(self):
        configlets = {
            action.getId(): action
            for action in self.portal.portal_controlpanel.listActions()
        }
        self.assertIn("eiso", configlets)
        self.assertEqual(configlets["eiso"].getCategory(), "Products")
        self.assertEqual(configlets["eiso"].permissions, ("Plone Site Setup: Site",))
        roles = {
            r["name"]
            for r in self.portal.rolesOfPermission("Plone Site Setup: Site")
            if r["selected"]
        }
        self.assertEqual(roles, {"Manager", "Site Administrator"})


class TestSettingsForm(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url() + "/@@eiso-settings"

    def open_form(self):
        page = browser(self.app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page.open(self.url)
        return page

    def test_form_shows_settings_and_days_off(self):
        page = self.open_form()
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Cài đặt hệ thống ISO", page.contents)
        self.assertIn("Nhắc việc trước hạn (ngày làm việc)", page.contents)
        self.assertEqual(page.getControl(name="form.widgets.reminder_days").value, "2")
        this_year = date.today().year
        self.assertIn(f"Ngày nghỉ năm {this_year}", page.contents)
        self.assertIn(f"Ngày nghỉ năm {this_year + 1}", page.contents)
        self.assertIn(f"01/01/{this_year + 1}", page.contents)
        self.assertIn("Tết Dương lịch", page.contents)

    def test_save(self):
        year = date.today().year + 1
        page = self.open_form()
        page.getControl(name="form.widgets.reminder_days").value = "4"
        page.getControl(name="form.widgets.extra_holidays").value = (
            f"02/01/{year} Nghỉ bù Tết Dương lịch"
        )
        page.getControl(name="form.widgets.makeup_days").value = f"10/01/{year} Làm bù"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Nghỉ bù Tết Dương lịch", page.contents)  # in the list of days off
        self.assertIn(f"10/01/{year}", page.contents)
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.reminder_days"), 4)
        self.assertEqual(
            api.portal.get_registry_record("eiso.extra_holidays"),
            [f"02/01/{year} Nghỉ bù Tết Dương lịch"],
        )
        self.assertEqual(api.portal.get_registry_record("eiso.makeup_days"), [f"10/01/{year} Làm bù"])

    def test_bad_line_is_refused_and_nothing_saved(self):
        page = self.open_form()
        page.getControl(name="form.widgets.reminder_days").value = "5"
        page.getControl(name="form.widgets.extra_holidays").value = (
            "02/01/2026 Nghỉ bù Tết Dương lịch\n31/02/2026 Ngày không có"
        )
        page.getControl(name="form.buttons.save").click()
        self.assertIn(
            "Dòng “31/02/2026 Ngày không có” không bắt đầu bằng một ngày hợp lệ", page.contents
        )
        page.getControl(name="form.widgets.makeup_days").value = "thứ bảy 10/01/2026"
        page.getControl(name="form.widgets.extra_holidays").value = ""
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Dòng “thứ bảy 10/01/2026” không bắt đầu", page.contents)
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.reminder_days"), 2)
        self.assertEqual(api.portal.get_registry_record("eiso.extra_holidays"), [])
        self.assertEqual(api.portal.get_registry_record("eiso.makeup_days"), [])

    def test_site_administrator_of_the_portal(self):
        api.user.create(username="portal-admin", email="portal-admin@example.vn", password=PASSWORD)
        setRoles(self.portal, "portal-admin", ["Member", "Site Administrator"])
        transaction.commit()
        page = browser(self.app, "portal-admin")
        page.open(self.url)
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("form.widgets.reminder_days", page.contents)

    def test_only_administrators_of_the_portal(self):
        for user in ("a-staff", "a-admin", "a-secretary"):
            page = browser(self.app, user)
            page.open(self.url)
            self.assertNotIn("form.widgets.reminder_days", page.contents, user)
            self.assertTrue(
                page.headers["status"].startswith(("401", "403"))
                or "insufficient-privileges" in page.url
                or "require_login" in page.url,
                (user, page.headers["status"], page.url),
            )
        anonymous = browser(self.app)
        anonymous.open(self.url)
        self.assertNotIn("form.widgets.reminder_days", anonymous.contents)

    def test_listed_in_site_setup(self):
        page = self.open_form()
        page.open(self.portal.absolute_url() + "/@@overview-controlpanel")
        self.assertIn("@@eiso-settings", page.contents)
        self.assertIn("Cài đặt hệ thống ISO", page.contents)
