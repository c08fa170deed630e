"""ZEO scale-out with real processes: one ZEO server, two Zope clients (make start-zeo).

Writes through one client are read through the other, and the catalog answers the same
through both clients and through the embedded FileStorage set-up on the same data.
The ZEO server is then killed and restarted: a client answers and writes again.
"""

from eiso.operations import processes
from eiso.operations import zeo
from tests.opshelpers import BIN
from tests.opshelpers import instance_with_site
from tests.opshelpers import request
from tests.opshelpers import run
from tests.opshelpers import search
from tests.opshelpers import tempdir
from tests.opshelpers import free_ports
from tests.opshelpers import zope_for

import os
import signal
import time
import unittest


WORDS = ["Quy trình kiểm soát tài liệu", "Quy trình đánh giá nội bộ", "Sổ tay chất lượng"]


def eventually(check, timeout=10):
    """``check()`` until it is truthy (ZEO invalidations reach the other client
    asynchronously, within milliseconds); its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


class TestZEOTwoClients(unittest.TestCase):
    def setUp(self):
        self.zeo_port, self.port1, self.port2 = free_ports(3)
        self.instance = instance_with_site(tempdir(), port=self.port1)
        self.layout = zeo.Layout(self.instance)
        self.addCleanup(zeo.stop, self.layout)

    def test_write_on_one_client_read_on_the_other_same_catalog(self):
        # the command behind make start-zeo (the site exists: it is only checked)
        result = run(BIN / "eiso-zeo", "start", "--instance", self.instance,
                     "--zeo-port", self.zeo_port, "--ports", self.port1, self.port2, "--no-demo",
                     check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn(f"client2: http://127.0.0.1:{self.port2}/Plone", result.stdout)
        conf = (self.instance / "etc" / "client2" / "zope.conf").read_text()
        self.assertIn(f"server 127.0.0.1:{self.zeo_port}", conf)
        self.assertIn("shared-blob-dir on", conf)

        one = f"http://127.0.0.1:{self.port1}/Plone"
        two = f"http://127.0.0.1:{self.port2}/Plone"
        created = []
        for n, title in enumerate(WORDS):
            status, item = request("POST", one, {
                "@type": "Document", "id": f"zeo-{n}", "title": title,
                "text": {"data": f"<p>{title}: phiên bản {n}</p>", "content-type": "text/html"},
            })
            self.assertEqual(status, 201, item)
            created.append(f"zeo-{n}")

        # written through client 1, read through client 2
        for n, title in enumerate(WORDS):
            status, item = eventually(lambda: (lambda r: r if r[0] == 200 else None)(
                request("GET", f"{two}/zeo-{n}")), 10) or (404, None)
            self.assertEqual(status, 200)
            self.assertEqual(item["title"], title)
        # changed through client 2, seen through client 1
        status, _ = request("PATCH", f"{two}/zeo-2", {"title": "Sổ tay chất lượng (sửa đổi)"})
        self.assertEqual(status, 204)
        self.assertEqual(
            eventually(lambda: request("GET", f"{one}/zeo-2")[1]["title"] == "Sổ tay chất lượng (sửa đổi)"),
            True,
        )

        queries = {
            "documents": {"portal_type": "Document", "sort_on": "id"},
            "quy trinh": {"SearchableText": "quy trinh"},
            "so tay": {"SearchableText": "so tay sua doi"},
        }
        through_one = {name: search(one, **q) for name, q in queries.items()}
        through_two = {name: eventually(lambda q=q: search(two, **q) == through_one[name] and through_one[name])
                       for name, q in queries.items()}
        self.assertEqual(through_one["documents"], created)
        self.assertEqual(through_one["quy trinh"], ["zeo-0", "zeo-1"])
        self.assertEqual(through_one["so tay"], ["zeo-2"])
        self.assertEqual(through_two, through_one)

        # make backup works while ZEO serves; make restore refuses
        backups = tempdir("eiso-zeo-backups-")
        result = run(BIN / "eiso-backup", "--instance", self.instance, "--backup-dir", backups, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(len(list((backups / "filestorage").glob("*.fsz"))), 1)
        result = run(BIN / "eiso-restore", "--instance", self.instance, "--backup-dir", backups, check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("zeo.pid", result.stderr)

        # commands run beside the clients through the scripts' configuration
        result = run(BIN / "eiso-create-site", "--zope-conf",
                     self.instance / "etc" / "scripts" / "zope.conf", check=False)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("site 'Plone' exists already", result.stdout)

        # the same Data.fs, served by the embedded FileStorage set-up (make start)
        result = run(BIN / "eiso-zeo", "stop", "--instance", self.instance, check=False)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIsNone(processes.running(self.layout.zeo_pidfile))
        embedded = zope_for(self.instance).start()
        try:
            base = f"{embedded.url}/Plone"
            self.assertEqual({name: search(base, **q) for name, q in queries.items()}, through_one)
        finally:
            embedded.stop()

    def test_client_reconnects_after_the_zeo_server_restarts(self):
        zeo.configure(self.instance, zeo_port=self.zeo_port, ports=[self.port1])
        layout = zeo.Layout(self.instance, 1)
        zeo.start_server(layout)
        zeo.start_client(layout, "client1")
        base = f"http://127.0.0.1:{self.port1}/Plone"
        status, _ = request("POST", base, {"@type": "Document", "id": "truoc", "title": "Trước"})
        self.assertEqual(status, 201)

        pid = processes.running(layout.zeo_pidfile)
        os.killpg(pid, signal.SIGKILL)
        self.assertTrue(eventually(lambda: not processes.alive(pid), 10))
        zeo.start_server(layout)
        restarted = time.monotonic()

        # within 30 s the client writes again (it polls the server every 1–5 s)
        def write():
            status, _ = request("POST", base, {"@type": "Document", "id": "sau", "title": "Sau"}, timeout=10)
            return status == 201
        self.assertTrue(eventually(write, 30), "client did not reconnect within 30 s")
        self.assertLess(time.monotonic() - restarted, 30)
        status, item = request("GET", f"{base}/truoc")
        self.assertEqual((status, item["title"]), (200, "Trước"))

        # the Data.fs the killed server left is sound
        zeo.stop(layout)
        data_fs = self.instance / "var" / "filestorage" / "Data.fs"
        result = run(BIN / "python", "-m", "ZODB.scripts.fstest", data_fs, check=False)
        self.assertEqual((result.returncode, result.stdout + result.stderr), (0, ""))
