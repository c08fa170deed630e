"""Backup and restore round trip (make backup, make restore) with real processes.

A site with content in several workflow states and file blobs is backed up while it is
served (full, then incremental after more changes), restored into a fresh instance and
compared object by object: paths, types, workflow states and histories, file bytes.
"""

from tests.opshelpers import BIN
from tests.opshelpers import instance_with_site
from tests.opshelpers import make_instance
from tests.opshelpers import request
from tests.opshelpers import run
from tests.opshelpers import tempdir
from tests.opshelpers import zope_for

import base64
import json
import unittest


DUMP = r'''
import hashlib, json, sys
from eiso.commands.site import open_app, close
from zope.component.hooks import setSite
app = open_app(sys.argv[1])
site = app["Plone"]
setSite(site)
items = {}
for brain in site.portal_catalog.unrestrictedSearchResults(path="/".join(site.getPhysicalPath())):
    obj = brain._unrestrictedGetObject()
    history = {wf: [{k: str(v) for k, v in entry.items()} for entry in entries]
               for wf, entries in getattr(obj, "workflow_history", {}).items()}
    blob = getattr(getattr(obj, "file", None), "data", None)
    items[brain.getPath()] = {
        "type": brain.portal_type,
        "state": brain.review_state or None,
        "title": obj.Title(),
        "history": history,
        "file": hashlib.sha256(blob).hexdigest() if blob is not None else None,
        "size": len(blob) if blob is not None else None,
    }
print(json.dumps(items, sort_keys=True))
close(app)
'''


def dump(instance):
    """Every catalogued object of the site in ``instance`` (read in a separate Zope)."""
    script = instance.parent / "dump.py"
    script.write_text(DUMP)
    out = run(BIN / "python", script, instance / "etc" / "zope.conf").stdout
    return json.loads(out.strip().splitlines()[-1])


def file_payload(name, data):
    return {"@type": "File", "id": name, "title": name,
            "file": {"data": base64.b64encode(data).decode(), "encoding": "base64",
                     "filename": name, "content-type": "application/octet-stream"}}


class TestBackupRestore(unittest.TestCase):
    def test_full_and_incremental_backup_restored_into_a_fresh_instance(self):
        instance = instance_with_site(tempdir())
        backups = tempdir("eiso-backups-") / "backups"
        first_bytes = bytes(range(256)) * 400          # 100 KB
        second_bytes = "Biên bản họp xem xét".encode() * 5000

        zope = zope_for(instance).start()
        try:
            base = f"{zope.url}/Plone"
            for payload in (
                {"@type": "Folder", "id": "ho-so", "title": "Hồ sơ"},
                {"@type": "Document", "id": "chinh-sach", "title": "Chính sách chất lượng"},
                {"@type": "Document", "id": "muc-tieu", "title": "Mục tiêu chất lượng"},
            ):
                self.assertEqual(request("POST", base, payload)[0], 201)
            self.assertEqual(request("POST", f"{base}/ho-so", file_payload("quy-trinh.bin", first_bytes))[0], 201)
            self.assertEqual(request("POST", f"{base}/chinh-sach/@workflow/publish", {})[0], 200)

            # full backup while the server runs
            result = run(BIN / "eiso-backup", "--instance", instance, "--backup-dir", backups)
            self.assertIn("full backup", result.stdout)
            self.assertIn("1 new blob files copied", result.stdout)

            # more changes, then an incremental backup
            self.assertEqual(request("POST", f"{base}/ho-so", file_payload("bien-ban.bin", second_bytes))[0], 201)
            self.assertEqual(request("POST", f"{base}/chinh-sach/@workflow/retract", {})[0], 200)
            self.assertEqual(request("POST", f"{base}/muc-tieu/@workflow/publish", {})[0], 200)
            result = run(BIN / "eiso-backup", "--instance", instance, "--backup-dir", backups)
            self.assertIn("incremental backup", result.stdout)
            self.assertIn("1 new blob files copied", result.stdout)

            # restoring over a database in use is refused, the data left alone
            size = (instance / "var" / "filestorage" / "Data.fs").stat().st_size
            refused = run(BIN / "eiso-restore", "--instance", instance, "--backup-dir", backups, check=False)
            self.assertEqual(refused.returncode, 1)
            self.assertIn("stop it before restoring", refused.stderr)
            self.assertEqual((instance / "var" / "filestorage" / "Data.fs").stat().st_size, size)
        finally:
            zope.stop()

        full = sorted((backups / "filestorage").glob("*.fsz"))
        self.assertEqual(len(full), 1)
        self.assertEqual(len(list((backups / "filestorage").glob("*.deltafsz"))), 1)

        fresh = make_instance(tempdir())
        result = run(BIN / "eiso-restore", "--instance", fresh, "--backup-dir", backups, check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

        original, restored = dump(instance), dump(fresh)
        self.assertEqual(restored, original)
        # and what was compared is the content made above
        self.assertEqual(original["/Plone/ho-so/bien-ban.bin"]["size"], len(second_bytes))
        self.assertEqual(original["/Plone/ho-so/quy-trinh.bin"]["size"], len(first_bytes))
        self.assertEqual(original["/Plone/chinh-sach"]["state"], "private")
        self.assertEqual(original["/Plone/muc-tieu"]["state"], "published")
        actions = [e["action"] for e in original["/Plone/chinh-sach"]["history"]["simple_publication_workflow"]]
        self.assertEqual(actions, ["None", "publish", "retract"])

        # the state of the full backup (repozo --date): before the second file and transitions
        earlier = make_instance(tempdir())
        date = full[0].stem
        run(BIN / "eiso-restore", "--instance", earlier, "--backup-dir", backups, "--date", date)
        at_full = dump(earlier)
        self.assertNotIn("/Plone/ho-so/bien-ban.bin", at_full)
        self.assertEqual(at_full["/Plone/chinh-sach"]["state"], "published")
        self.assertEqual(at_full["/Plone/ho-so/quy-trinh.bin"], original["/Plone/ho-so/quy-trinh.bin"])


class TestTwoBackupsInOneSecond(unittest.TestCase):
    """repozo names a backup after the second it starts in: a second backup in the same
    second used to sort before the full one, and a restore left its changes out."""

    def test_an_incremental_right_after_the_full_backup_is_restored(self):
        from eiso.operations.backup import backup
        from eiso.operations.backup import restore
        from ZODB.FileStorage import FileStorage

        import transaction
        import ZODB

        var = tempdir("eiso-backup-second-")
        (var / "filestorage").mkdir()
        (var / "blobstorage").mkdir()
        backups = tempdir("eiso-backups-") / "backups"

        def write(value):
            db = ZODB.DB(FileStorage(str(var / "filestorage" / "Data.fs")))
            try:
                connection = db.open()
                connection.root()["value"] = value
                transaction.commit()
                connection.close()
            finally:
                db.close()

        write("trước")
        self.assertEqual(backup(var, backups)[0], "full")
        write("sau")
        self.assertEqual(backup(var, backups)[0], "incremental")
        stamps = [path.name[:19] for path in (backups / "filestorage").glob("*.*fs*")]
        self.assertEqual(len(set(stamps)), 2, stamps)

        fresh = tempdir("eiso-restored-")
        restore(fresh, backups)
        db = ZODB.DB(FileStorage(str(fresh / "filestorage" / "Data.fs"), read_only=True))
        try:
            self.assertEqual(db.open().root()["value"], "sau")
        finally:
            db.close()
