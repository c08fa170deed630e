"""``eiso-upgrade``: lists what is pending, runs it, and on a failing step saves nothing
and names the step."""

from eiso.commands import upgrade
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from unittest import mock

import unittest


PROFILE = "eiso:default"


class UpgradeCommandTests(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.setup = self.portal.portal_setup

    def version(self):
        return self.setup.getLastVersionForProfile(PROFILE)

    def test_an_up_to_date_site_has_nothing_pending(self):
        self.assertEqual(upgrade.pending(self.portal), [])
        self.assertEqual(upgrade.upgrade_site(self.portal), [])
        self.assertEqual(self.version(), (PROFILE_VERSION,))

    def test_pending_steps_are_listed_by_a_dry_run_and_run_by_the_upgrade(self):
        self.setup.setLastVersionForProfile(PROFILE, "1006")

        plan = upgrade.upgrade_site(self.portal, dry_run=True)

        self.assertEqual([(name, source, dest) for name, source, dest, _ in plan],
                         [(PROFILE, "1006", PROFILE_VERSION)])
        titles = plan[0][3]
        self.assertTrue(titles)
        self.assertEqual(self.version(), ("1006",))  # a dry run changes nothing

        self.assertEqual(upgrade.upgrade_site(self.portal), plan)
        self.assertEqual(self.version(), (PROFILE_VERSION,))
        self.assertEqual(upgrade.pending(self.portal), [])

    def test_a_failing_step_is_named_and_the_version_stays(self):
        self.setup.setLastVersionForProfile(PROFILE, "1006")
        step = self.setup.listUpgrades(PROFILE, simple=True)[0]
        with mock.patch.object(step, "handler", side_effect=KeyError("hỏng")):
            with self.assertRaises(upgrade.UpgradeFailed) as raised:
                upgrade.upgrade_site(self.portal)
        self.assertIn(step.title, str(raised.exception))
        self.assertIn(PROFILE, str(raised.exception))
        self.assertEqual(self.version(), ("1006",))

    def test_the_plan_is_printed_for_the_operator(self):
        import contextlib
        import io

        self.setup.setLastVersionForProfile(PROFILE, "1006")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            upgrade.print_plan(upgrade.pending(self.portal))
            upgrade.print_plan([])
        text = out.getvalue()
        self.assertIn(f"{PROFILE}: 1006 -> {PROFILE_VERSION}", text)
        self.assertIn("nothing to upgrade", text)
