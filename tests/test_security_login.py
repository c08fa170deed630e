"""A pause after too many failed logins, per login name and address."""

from eiso.security.login_limit import FAILED_LOGINS
from eiso.security.login_limit import FailedLogins
from eiso.security.login_limit import PLUGIN_ID
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PASSWORD
from eiso.testing import RestSession
from eiso.testing import UpgradeTestCase
from plone import api
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin

import transaction
import unittest


class TestFailedLogins(unittest.TestCase):
    """The counting, with the clock given."""

    def test_pause_after_max_attempts_then_forgotten(self):
        failures = FailedLogins()
        key = ("a-staff", "10.0.0.1")
        for second in range(4):
            failures.failed(key, window=900, now=1000 + second)
            self.assertEqual(failures.wait(key, 5, 900, now=1004), 0)
        failures.failed(key, window=900, now=1004)
        self.assertEqual(failures.wait(key, 5, 900, now=1005), 895)
        self.assertEqual(failures.wait(("a-staff", "10.0.0.2"), 5, 900, now=1005), 0)
        # 15 minutes after the oldest of the last five failures: allowed again
        self.assertEqual(failures.wait(key, 5, 900, now=1900), 0)

    def test_success_forgets(self):
        failures = FailedLogins()
        key = ("a-staff", "10.0.0.1")
        for second in range(5):
            failures.failed(key, window=900, now=1000 + second)
        failures.succeeded(key)
        self.assertEqual(failures.wait(key, 5, 900, now=1005), 0)


class TestInstalled(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_plugin_first_among_authenticators(self):
        plugins = api.portal.get_tool("acl_users").plugins
        self.assertEqual(plugins.listPluginIds(IAuthenticationPlugin)[0], PLUGIN_ID)

    def test_settings(self):
        self.assertEqual(api.portal.get_registry_record("eiso.login_max_attempts"), 5)
        self.assertEqual(api.portal.get_registry_record("eiso.login_lock_minutes"), 15)
        self.assertEqual(api.portal.get_registry_record("eiso.upload_max_mb"), 20)


class TestUpgradeAndUninstall(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_1006_to_1007_adds_the_plugin_and_the_settings(self):
        from eiso.security.login_limit import uninstall_login_limit

        uninstall_login_limit(self.portal)
        self.set_back_to("1006", records=["eiso.upload_max_mb", "eiso.login_max_attempts",
                                          "eiso.login_lock_minutes"])
        self.assertNotIn("eiso.login_max_attempts", self.registry.records)
        self.upgrade()
        plugins = self.portal.acl_users.plugins
        self.assertEqual(plugins.listPluginIds(IAuthenticationPlugin)[0], PLUGIN_ID)
        self.assertEqual(self.registry["eiso.login_max_attempts"], 5)
        self.assertEqual(self.registry["eiso.upload_max_mb"], 20)

    def test_uninstall_removes_the_plugin(self):
        self.uninstall()
        self.assertNotIn(PLUGIN_ID, self.portal.acl_users.objectIds())


class TestLoginLimit(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        FAILED_LOGINS.clear()
        api.portal.set_registry_record("eiso.login_max_attempts", 3)
        transaction.commit()

    def tearDown(self):
        FAILED_LOGINS.clear()

    def rest_status(self, user, password):
        session = RestSession(self.portal, user, password)
        try:
            response = session.get("/co-quan-a")
            return response.status_code, response.headers
        finally:
            session.close()

    def test_basic_auth_paused_after_failures(self):
        self.assertEqual(self.rest_status("a-staff", PASSWORD)[0], 200)
        for _attempt in range(3):
            self.assertEqual(self.rest_status("a-staff", "wrong")[0], 401)
        # The right password is refused now, and the client is told when to retry.
        status, headers = self.rest_status("a-staff", PASSWORD)
        self.assertEqual(status, 401)
        self.assertGreater(int(headers["Retry-After"]), 800)
        # Another account is not paused.
        self.assertEqual(self.rest_status("a-leader", PASSWORD)[0], 200)

    def test_success_resets_the_count(self):
        for _round in range(3):
            for _attempt in range(2):
                self.assertEqual(self.rest_status("a-staff", "wrong")[0], 401)
            self.assertEqual(self.rest_status("a-staff", PASSWORD)[0], 200)

    def test_login_form_says_why_in_vietnamese(self):
        page = browser(self.app)
        for password in ("wrong", "wrong", "wrong", PASSWORD):
            page.open(self.portal.absolute_url() + "/login")
            page.getControl(name="__ac_name").value = "a-staff"
            page.getControl(name="__ac_password").value = password
            page.getControl(name="buttons.login").click()
        self.assertIn("Đăng nhập sai quá nhiều lần", page.contents)
        self.assertIn("/login", page.url)
        page.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertIn("/login", page.url)

    def test_rest_login_paused(self):
        session = RestSession(self.portal)
        try:
            for _attempt in range(3):
                response = session.post("/@login", json={"login": "a-staff", "password": "x"})
                self.assertEqual(response.status_code, 401)
            response = session.post("/@login", json={"login": "a-staff", "password": PASSWORD})
            self.assertEqual(response.status_code, 401)
            self.assertNotIn("token", response.json())
        finally:
            session.close()

    def test_no_limit_when_zero(self):
        api.portal.set_registry_record("eiso.login_max_attempts", 0)
        transaction.commit()
        for _attempt in range(4):
            self.assertEqual(self.rest_status("a-staff", "wrong")[0], 401)
        self.assertEqual(self.rest_status("a-staff", PASSWORD)[0], 200)
