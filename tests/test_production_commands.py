"""The production commands on a real instance, as cron and the IT officer run them:
``eiso-upgrade`` (after an update) and ``eiso-pack`` (weekly), each its own process."""

from eiso.testing import PROFILE_VERSION
from tests import opshelpers

import sys
import textwrap
import unittest


SET_VERSION = textwrap.dedent("""
    import sys, transaction
    from eiso.commands.site import open_app, close
    app = open_app(sys.argv[1])
    app.Plone.portal_setup.setLastVersionForProfile("eiso:default", sys.argv[2])
    transaction.commit()
    close(app)
""")


class ProductionCommandTests(unittest.TestCase):

    def setUp(self):
        self.instance = opshelpers.instance_with_site(opshelpers.tempdir())
        self.conf = self.instance / "etc" / "zope.conf"

    def upgrade(self, *args, check=True):
        return opshelpers.run(opshelpers.BIN / "eiso-upgrade", "--zope-conf", self.conf, *args,
                              check=check)

    def test_upgrade_after_an_update(self):
        # the site as an older release left it
        opshelpers.run(sys.executable, "-c", SET_VERSION, self.conf, "1006")

        listed = self.upgrade("--dry-run").stdout
        self.assertIn(f"eiso:default: 1006 -> {PROFILE_VERSION}", listed)
        self.assertNotIn("upgrade done", listed)
        self.assertIn(f"eiso:default: 1006 -> {PROFILE_VERSION}", self.upgrade("--dry-run").stdout)

        done = self.upgrade().stdout
        self.assertIn(f"eiso:default: 1006 -> {PROFILE_VERSION}", done)
        self.assertIn("upgrade done", done)

        self.assertIn("nothing to upgrade", self.upgrade("--dry-run").stdout)
        self.assertIn("nothing to upgrade", self.upgrade().stdout)

    def test_upgrade_of_a_missing_site_says_so(self):
        result = self.upgrade("--site-id", "khong-co", check=False)
        self.assertEqual(result.returncode, 2)
        self.assertIn("Không có site 'khong-co'", result.stderr)
        self.assertNotIn("Traceback", result.stderr)

    def test_pack_of_the_site(self):
        result = opshelpers.run(opshelpers.BIN / "eiso-pack", "--instance", self.instance,
                                "--days", "0")
        self.assertIn("packed (file)", result.stdout)
        check = opshelpers.run(sys.executable, "-m", "ZODB.scripts.fstest",
                               self.instance / "var" / "filestorage" / "Data.fs")
        self.assertEqual(check.stdout.strip(), "")
        refs = opshelpers.run(opshelpers.BIN / "fsrefs",
                              self.instance / "var" / "filestorage" / "Data.fs")
        self.assertEqual(refs.stdout.strip(), "")
        # the site still opens and is up to date
        self.assertIn("nothing to upgrade", self.upgrade("--dry-run").stdout)
