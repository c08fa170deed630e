"""Fault tolerance of the FileStorage set-up: a Zope process killed with SIGKILL in the
middle of a stream of writes loses no acknowledged write, and the Data.fs it leaves
passes the ZODB consistency checks (fstest, fsrefs), which do catch a damaged file.
"""

from tests.opshelpers import BIN
from tests.opshelpers import instance_with_site
from tests.opshelpers import request
from tests.opshelpers import run
from tests.opshelpers import tempdir
from tests.opshelpers import zope_for

import shutil
import threading
import time
import unittest


def fstest(path):
    return run(BIN / "python", "-m", "ZODB.scripts.fstest", "-v", path, check=False)


def fsrefs(path):
    return run(BIN / "fsrefs", path, check=False)


class TestKilledDuringWrites(unittest.TestCase):
    WRITERS = 3

    def test_every_acknowledged_write_survives_sigkill_and_the_data_fs_is_sound(self):
        instance = instance_with_site(tempdir())
        data_fs = instance / "var" / "filestorage" / "Data.fs"
        zope = zope_for(instance).start()
        acknowledged, failed = [], []
        stop = threading.Event()
        base = f"{zope.url}/Plone"

        def writer(n):
            i = 0
            while not stop.is_set():
                name = f"ghi-{n}-{i}"
                i += 1
                try:
                    status, _ = request("POST", base, {
                        "@type": "Document", "id": name, "title": f"Bản ghi {name}",
                        "text": {"data": "<p>" + "nội dung " * 200 + "</p>", "content-type": "text/html"},
                    }, timeout=30)
                except Exception:
                    status = None
                if status == 201:
                    acknowledged.append(name)
                else:
                    failed.append((name, status))
                    if zope.process.poll() is not None:
                        return

        threads = [threading.Thread(target=writer, args=(n,), daemon=True) for n in range(self.WRITERS)]
        try:
            for thread in threads:
                thread.start()
            deadline = time.monotonic() + 90
            while len(acknowledged) < 30 and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertGreaterEqual(len(acknowledged), 30, f"writes too slow: {failed[:5]}")
            zope.kill()  # SIGKILL while the writers are sending
            stop.set()
            for thread in threads:
                thread.join(60)
        finally:
            stop.set()
            zope.stop()
        self.assertFalse(any(thread.is_alive() for thread in threads))
        killed_at = len(acknowledged)

        # restarted, every acknowledged write is there
        zope = zope_for(instance, "zope-restarted.log").start()
        try:
            missing = [name for name in acknowledged if request("GET", f"{base}/{name}")[0] != 200]
            self.assertEqual(missing, [])
            self.assertEqual(len(acknowledged), killed_at)
            # and the database takes writes again
            self.assertEqual(request("POST", base, {"@type": "Document", "id": "sau-su-co", "title": "Sau sự cố"})[0], 201)
        finally:
            zope.stop()

        result = fstest(data_fs)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("no errors detected", result.stdout)
        result = fsrefs(data_fs)
        self.assertEqual((result.returncode, result.stdout.strip()), (0, ""), result.stderr)

        # the check is not blind: a copy whose last transaction is damaged (its
        # trailing length, the last 8 bytes of the file) fails fstest
        damaged = instance.parent / "Damaged.fs"
        shutil.copy(data_fs, damaged)
        with open(damaged, "r+b") as f:
            f.seek(-8, 2)
            f.write(b"\x00\x00\x00\x00\x00\x00\x00\x07")
        result = fstest(damaged)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("inconsistent transaction length", result.stdout + result.stderr)
