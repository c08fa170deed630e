"""Fault tolerance: a Zope process (embedded FileStorage) or a ZEO server killed with
SIGKILL in the middle of a stream of writes loses no acknowledged write, and the Data.fs
left behind passes the ZODB consistency checks (fstest, fsrefs), which do catch a damaged
file.
"""

from eiso.operations import processes
from eiso.operations import zeo
from tests.opshelpers import BIN
from tests.opshelpers import free_ports
from tests.opshelpers import instance_with_site
from tests.opshelpers import request
from tests.opshelpers import run
from tests.opshelpers import tempdir
from tests.opshelpers import zope_for

import os
import shutil
import signal
import threading
import time
import unittest


def fstest(path):
    return run(BIN / "python", "-m", "ZODB.scripts.fstest", "-v", path, check=False)


def fsrefs(path):
    return run(BIN / "fsrefs", path, check=False)


class WriteStream:
    """Threads POSTing documents to ``base`` until stopped; ``acknowledged`` holds the
    ids answered 201, in order."""

    def __init__(self, base, writers=3, prefix="ghi"):
        self.base, self.prefix = base, prefix
        self.acknowledged, self.failed = [], []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.write, args=(n,), daemon=True) for n in range(writers)]

    def write(self, n):
        i = 0
        while not self.stopping.is_set():
            name = f"{self.prefix}-{n}-{i}"
            i += 1
            try:
                status, _ = request("POST", self.base, {
                    "@type": "Document", "id": name, "title": f"Bản ghi {name}",
                    "text": {"data": "<p>" + "nội dung " * 200 + "</p>", "content-type": "text/html"},
                }, timeout=60)
            except Exception:
                status = None
            (self.acknowledged.append(name) if status == 201 else self.failed.append((name, status)))

    def start(self):
        for thread in self.threads:
            thread.start()
        return self

    def wait_for(self, count, timeout=90):
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return len(self.acknowledged) >= count

    def stop(self):
        """Stop writing; the ids acknowledged in all."""
        self.stopping.set()
        for thread in self.threads:
            thread.join(90)
        assert not any(thread.is_alive() for thread in self.threads), "a writer hangs"
        return list(self.acknowledged)


class TestKilledDuringWrites(unittest.TestCase):
    def test_every_acknowledged_write_survives_sigkill_and_the_data_fs_is_sound(self):
        instance = instance_with_site(tempdir())
        data_fs = instance / "var" / "filestorage" / "Data.fs"
        zope = zope_for(instance).start()
        base = f"{zope.url}/Plone"
        stream = WriteStream(base).start()
        try:
            self.assertTrue(stream.wait_for(30), f"writes too slow: {stream.failed[:5]}")
            zope.kill()  # SIGKILL while the writers are sending
            acknowledged = stream.stop()
        finally:
            stream.stopping.set()
            zope.stop()
        killed_at = len(acknowledged)

        # restarted, every acknowledged write is there
        zope = zope_for(instance, "zope-restarted.log").start()
        try:
            missing = [name for name in acknowledged if request("GET", f"{base}/{name}")[0] != 200]
            self.assertEqual(missing, [])
            self.assertGreaterEqual(killed_at, 30)
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


class TestZEOServerKilledDuringWrites(unittest.TestCase):
    def test_acknowledged_writes_survive_a_killed_zeo_server(self):
        zeo_port, port = free_ports(2)
        instance = instance_with_site(tempdir(), port=port)
        zeo.configure(instance, zeo_port=zeo_port, ports=[port])
        layout = zeo.Layout(instance, 1)
        self.addCleanup(zeo.stop, layout)
        zeo.start_server(layout)
        zeo.start_client(layout, "client1")
        base = f"http://127.0.0.1:{port}/Plone"
        stream = WriteStream(base, prefix="zeo").start()
        try:
            self.assertTrue(stream.wait_for(30), f"writes too slow: {stream.failed[:5]}")
            os.killpg(processes.running(layout.zeo_pidfile), signal.SIGKILL)
            acknowledged = stream.stop()
        finally:
            stream.stopping.set()
        self.assertGreaterEqual(len(acknowledged), 30)

        # the server restarted, the client (never restarted) has every acknowledged write
        zeo.start_server(layout)
        missing = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                missing = [name for name in acknowledged if request("GET", f"{base}/{name}", timeout=30)[0] != 200]
            except OSError:
                missing = None
            if missing == []:
                break
            time.sleep(1)
        self.assertEqual(missing, [])
        zeo.stop(layout)
        result = fstest(instance / "var" / "filestorage" / "Data.fs")
        self.assertEqual(result.returncode, 0, result.stdout[-2000:] + result.stderr)
        self.assertEqual(fsrefs(instance / "var" / "filestorage" / "Data.fs").stdout.strip(), "")
