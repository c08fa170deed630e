"""The console scripts: instance configuration, site creation with demo data."""

from eiso.testing import PROFILE_VERSION
from eiso.commands.instance import write_instance
from pathlib import Path

import os
import shutil
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def make_instance(tmp, port=8080):
    instance = Path(tmp) / "instance"
    (instance / "etc").mkdir(parents=True)
    for name in ("zope.conf.in", "zope.ini.in", "site.zcml"):
        shutil.copy(ROOT / "instance" / "etc" / name, instance / "etc" / name)
    write_instance(instance, port=port)
    return instance


class TestInstanceConfiguration(unittest.TestCase):
    def test_writes_absolute_paths_and_blob_dir(self):
        with tempfile.TemporaryDirectory() as tmp:
            instance = make_instance(tmp, port=8123)
            conf = (instance / "etc" / "zope.conf").read_text()
            ini = (instance / "etc" / "zope.ini").read_text()
            self.assertIn(f"%define INSTANCE {instance.resolve()}", conf)
            self.assertIn("blob-dir $VAR/blobstorage", conf)
            self.assertIn("path $VAR/filestorage/Data.fs", conf)
            self.assertIn("port = 8123", ini)
            self.assertNotIn("{", conf.replace("${", ""))
            for sub in ("filestorage", "blobstorage", "log"):
                self.assertTrue((instance / "var" / sub).is_dir())
            # idempotent: nothing rewritten the second time
            self.assertEqual(write_instance(instance, port=8123), [])


CHECK = """
import sys
from eiso.commands.site import open_app
from zope.component.hooks import setSite
app = open_app(sys.argv[1])
site = app["Plone"]
setSite(site)
from plone import api
print("title", site.Title())
print("language", api.portal.get_registry_record("plone.default_language"))
print("agency", site["so-khcn"].Title())
print("departments", len(site["so-khcn"]["to-chuc"].objectIds()))
print("thuky", "IsoSecretary" in site["so-khcn"].get_local_roles_for_userid("thuky"))
print("admin", app.acl_users.getUserById("admin") is not None)
print("installed", site.portal_quickinstaller.isProductInstalled("eiso") if "portal_quickinstaller" in site else api.portal.get_tool("portal_setup").getLastVersionForProfile("eiso:default"))
"""


LOGIN = """
import sys
from eiso.commands.site import open_app
app = open_app(sys.argv[1])
request = app.REQUEST
print(app.acl_users.authenticate("admin", "admin", request) is not None)
print(app.acl_users.authenticate("admin", "Khac-2026", request) is not None)
"""


class TestVersionsCfg(unittest.TestCase):
    def test_buildout_pins_match_constraints(self):
        result = subprocess.run(
            [sys.executable, str(ROOT / ".ci" / "versions-from-constraints.py"), "--check"],
            capture_output=True, text=True, cwd=ROOT,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


class TestCreateSite(unittest.TestCase):
    """eiso-create-site on a fresh instance: the site, eiso, the demo data; then idempotent."""

    def run_command(self, *args):
        env = dict(os.environ, zope_i18n_compile_mo_files="true")
        return subprocess.run(
            args, capture_output=True, text=True, env=env, timeout=600, cwd=ROOT
        )

    def test_create_site_with_demo_data(self):
        with tempfile.TemporaryDirectory() as tmp:
            instance = make_instance(tmp)
            conf = str(instance / "etc" / "zope.conf")
            first = self.run_command(str(BIN / "eiso-create-site"), "--zope-conf", conf)
            self.assertEqual(first.returncode, 0, first.stderr[-3000:])
            self.assertIn("demo data added", first.stdout)
            second = self.run_command(str(BIN / "eiso-create-site"), "--zope-conf", conf)
            self.assertEqual(second.returncode, 0, second.stderr[-3000:])
            self.assertIn("exists already", second.stdout)
            # the first run closed the database cleanly (FileStorage index saved)
            self.assertNotIn("Ignoring index", second.stderr)
            check = self.run_command(sys.executable, "-c", CHECK, conf)
            self.assertEqual(check.returncode, 0, check.stderr[-3000:])
            out = dict(line.split(" ", 1) for line in check.stdout.splitlines() if " " in line)
            self.assertEqual(out["title"], "Hệ thống ISO điện tử")
            self.assertEqual(out["language"], "vi")
            self.assertEqual(out["agency"], "Sở Khoa học và Công nghệ")
            self.assertEqual(out["departments"], "5")
            self.assertEqual(out["thuky"], "True")
            self.assertEqual(out["admin"], "True")
            self.assertIn(PROFILE_VERSION, out["installed"])
            # the administrator's password can be changed on an existing site
            change = self.run_command(
                str(BIN / "eiso-create-site"), "--zope-conf", conf, "--admin-password", "Khac-2026"
            )
            self.assertEqual(change.returncode, 0, change.stderr[-3000:])
            self.assertIn("password of Zope administrator 'admin' changed", change.stdout)
            login = self.run_command(sys.executable, "-c", LOGIN, conf)
            self.assertEqual(login.stdout.split(), ["False", "True"], login.stderr[-3000:])
            # the demo command alone is idempotent too
            demo = self.run_command(str(BIN / "eiso-demo-data"), "--zope-conf", conf)
            self.assertEqual(demo.returncode, 0, demo.stderr[-3000:])

    def test_demo_data_without_site_is_a_clear_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            instance = make_instance(tmp)
            result = self.run_command(
                str(BIN / "eiso-demo-data"), "--zope-conf", str(instance / "etc" / "zope.conf")
            )
            self.assertEqual(result.returncode, 2)
            self.assertIn("eiso-create-site", result.stderr)
            self.assertNotIn("Traceback", result.stderr)
