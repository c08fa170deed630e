"""``eiso-pack``: old revisions and their blobs go, the current data stays, a running
single-process server is never touched, and a running ZEO server packs the file itself."""

from eiso.operations import pack as packing
from pathlib import Path
from persistent.mapping import PersistentMapping
from ZODB.blob import Blob

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import transaction
import unittest
import ZODB


def write_history(var, revisions=40):
    """A Data.fs with many revisions of one mapping, a live blob and a dropped blob."""
    from ZODB.FileStorage import FileStorage

    (var / "filestorage").mkdir(parents=True)
    storage = FileStorage(str(var / "filestorage" / "Data.fs"), blob_dir=str(var / "blobstorage"))
    db = ZODB.DB(storage)
    conn = db.open()
    root = conn.root()
    root["doc"] = PersistentMapping(text="")
    for blob_key, content in (("kept", b"tai lieu hien hanh"), ("dropped", b"ban cu " * 1000)):
        root[blob_key] = Blob()
        with root[blob_key].open("w") as f:
            f.write(content)
    transaction.commit()
    for n in range(revisions):
        root["doc"]["text"] = f"phiên bản {n} " + "nội dung " * 200
        transaction.commit()
    del root["dropped"]
    transaction.commit()
    conn.close()
    db.close()


def read_back(var):
    from ZODB.FileStorage import FileStorage

    storage = FileStorage(str(var / "filestorage" / "Data.fs"), blob_dir=str(var / "blobstorage"),
                          read_only=True)
    db = ZODB.DB(storage)
    try:
        root = db.open().root()
        with root["kept"].open() as f:
            return root["doc"]["text"], f.read(), sorted(root.keys())
    finally:
        db.close()


def blob_files(var):
    return sorted(p for p in (var / "blobstorage").rglob("*.blob"))


def fstest(path):
    return subprocess.run([sys.executable, "-m", "ZODB.scripts.fstest", str(path)],
                          capture_output=True, text=True)


class PackTests(unittest.TestCase):

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="eiso-pack-"))
        self.addCleanup(subprocess.run, ["rm", "-rf", str(self.tmp)])
        self.instance = self.tmp / "instance"
        self.var = self.instance / "var"
        write_history(self.var)
        self.data_fs = self.var / "filestorage" / "Data.fs"

    def run_main(self, *args, instance=None):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = packing.main(["--instance", str(instance or self.instance), *args])
        return code, out.getvalue(), err.getvalue()

    def test_pack_keeps_current_data_drops_old_revisions_and_blobs(self):
        before_text, before_blob, keys = read_back(self.var)
        self.assertEqual(len(blob_files(self.var)), 2)
        size = self.data_fs.stat().st_size

        code, out, err = self.run_main("--days", "0")

        self.assertEqual(code, 0, err)
        self.assertIn("packed (file)", out)
        self.assertIn("make backup FULL=1", out)
        self.assertLess(self.data_fs.stat().st_size, size / 5)
        self.assertTrue((self.var / "filestorage" / "Data.fs.old").exists())
        self.assertEqual(read_back(self.var), (before_text, before_blob, keys))
        self.assertEqual(len(blob_files(self.var)), 1)  # the dropped blob is gone
        self.assertEqual(fstest(self.data_fs).stdout.strip(), "")

    def test_recent_revisions_are_kept_for_undo(self):
        size = self.data_fs.stat().st_size
        code, out, err = self.run_main("--days", "7")
        self.assertEqual(code, 0, err)
        # everything was written just now: nothing is older than 7 days
        self.assertGreater(self.data_fs.stat().st_size, size * 0.9)
        self.assertEqual(len(blob_files(self.var)), 2)

    def test_refuses_while_the_single_process_server_runs(self):
        (self.var / "eiso.pid").write_text(str(os.getpid()))
        size, mtime = self.data_fs.stat().st_size, self.data_fs.stat().st_mtime
        code, out, err = self.run_main("--days", "0")
        self.assertEqual(code, 1)
        self.assertIn("make stop", err)
        self.assertNotIn("Traceback", err)
        self.assertEqual((self.data_fs.stat().st_size, self.data_fs.stat().st_mtime), (size, mtime))

    def test_bad_input_gives_a_message(self):
        code, out, err = self.run_main("--days", "-1")
        self.assertEqual(code, 1)
        self.assertIn("--days", err)
        empty = self.tmp / "empty"
        code, out, err = self.run_main(instance=empty)
        self.assertEqual(code, 1)
        self.assertIn("no database to pack", err)

    def test_the_running_zeo_server_packs(self):
        import ZEO

        address, stop = ZEO.server(path=str(self.data_fs), blob_dir=str(self.var / "blobstorage"))
        stopped = []
        self.addCleanup(lambda: stopped or stop())
        etc = self.instance / "etc"
        etc.mkdir(parents=True)
        (etc / "zeo.conf").write_text(f"<zeo>\n    address {address[0]}:{address[1]}\n</zeo>\n")
        (self.var / "zeo").mkdir()
        (self.var / "zeo" / "zeo.pid").write_text(str(os.getpid()))
        size = self.data_fs.stat().st_size

        code, out, err = self.run_main("--days", "0")

        self.assertEqual(code, 0, err)
        self.assertIn("packed (zeo)", out)
        self.assertLess(self.data_fs.stat().st_size, size / 5)
        # a client of the same server still reads the current data
        db = ZEO.DB(address)
        try:
            root = db.open().root()
            self.assertTrue(root["doc"]["text"].startswith("phiên bản 39 "))
        finally:
            db.close()
        stop()
        stopped.append(True)
        self.assertEqual(fstest(self.data_fs).stdout.strip(), "")
