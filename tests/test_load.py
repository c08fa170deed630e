"""The load test (loadtest/, ``make load``): its count check, the conflict log, and a short run.

The short run builds a ZEO server and two Zope clients with the demo site on the
ports 55651–55653 (``EISO_LOAD_PORT`` moves them), loads them with 5 simulated
staff for 20 seconds and requires: no failed request, every acknowledged write
in the database in its state, no ConflictError reaching a user. It needs locust
(``make install-load``, setup.py extra ``load``) and is skipped without it.
"""

from loadtest import check

import importlib.util
import json
import logging
import os
import subprocess
import sys
import tempfile
import unittest


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HAVE_LOCUST = importlib.util.find_spec("locust") is not None


def records_for(*items):
    """Acknowledged writes: (uid, path, last state) → create [, submit [, approve]]."""
    steps = ("draft", "pending", "approved")
    records = []
    for uid, path, state in items:
        for action, step in zip(("create", "submit", "approve"), steps):
            records.append({"action": action, "uid": uid, "path": path, "state": step})
            if step == state:
                break
    return records


def found_for(*items):
    return {uid: {"path": path, "state": state, "catalog_state": state} for uid, path, state in items}


A = ("uid-a", "/so-khcn/boi-canh/a", "approved")
B = ("uid-b", "/so-khcn/boi-canh/b", "pending")
C = ("uid-c", "/so-tu-phap/boi-canh/c", "draft")


class TestCountCheck(unittest.TestCase):
    def test_everything_found(self):
        records = records_for(A, B, C)
        self.assertEqual(check.compare(records, found_for(A, B, C)), [])
        summary = check.summary(records, found_for(A, B, C))
        self.assertEqual((summary["acknowledged"], summary["created"], summary["found"]), (6, 3, 3))
        self.assertEqual(summary["by_state"], {"approved": 1, "draft": 1, "pending": 1})

    def test_missing_write_fails(self):
        # A fake acknowledged creation the database never saw.
        records = records_for(A, B, C, ("uid-fake", "/so-khcn/boi-canh/fake", "draft"))
        problems = check.compare(records, found_for(A, B, C))
        self.assertIn("/so-khcn/boi-canh/fake (uid uid-fake): acknowledged, missing from the database",
                      problems)
        self.assertIn("4 items created (acknowledged), 3 in the database", problems)

    def test_lost_transition_fails(self):
        # The approval was acknowledged, the item is still pending.
        problems = check.compare(records_for(A, B), found_for(("uid-a", A[1], "pending"), B))
        self.assertEqual(problems, ["/so-khcn/boi-canh/a: acknowledged in state approved, found in state pending"])

    def test_catalog_out_of_step_fails(self):
        found = found_for(A, B)
        found["uid-b"]["catalog_state"] = "draft"
        problems = check.compare(records_for(A, B), found)
        self.assertEqual(problems, ["/so-khcn/boi-canh/b: the catalog shows state draft, the object is in state pending"])

    def test_unacknowledged_item_fails(self):
        problems = check.compare(records_for(A), found_for(A, B))
        self.assertIn("/so-khcn/boi-canh/b: in the database, but its creation was never acknowledged", problems)
        self.assertIn("1 items created (acknowledged), 2 in the database", problems)

    def test_transition_without_creation_fails(self):
        records = [r for r in records_for(A) if r["action"] != "create"]
        problems = check.compare(records, found_for(A))
        self.assertIn("/so-khcn/boi-canh/a: a transition was acknowledged but not its creation", problems)

    def test_records_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
            for record in records_for(A, B):
                f.write(json.dumps(record) + "\n")
            f.write("\n")
        try:
            self.assertEqual(check.read_records(f.name), records_for(A, B))
            with open(f.name, "a", encoding="utf-8") as out:
                out.write('{"action": "create", "uid"\n')
            with self.assertRaises(ValueError):
                check.read_records(f.name)
        finally:
            os.unlink(f.name)


class TestConflictLog(unittest.TestCase):
    """eiso.conflicts writes one line per ConflictError: INFO when Zope retries it,
    WARNING when the user gets the error."""

    def event(self, exc, retry):
        from ZPublisher.pubevents import PubBeforeAbort

        request = {"REQUEST_METHOD": "POST", "PATH_INFO": "/Plone/so-khcn/boi-canh"}
        return PubBeforeAbort(request, (type(exc), exc, None), retry)

    def test_lines(self):
        from eiso.conflicts import log_conflict
        from eiso.conflicts import NOT_RETRIED
        from eiso.conflicts import RETRIED
        from ZODB.POSException import ConflictError

        with self.assertLogs("eiso.conflicts", level="INFO") as logs:
            log_conflict(self.event(ConflictError("database conflict error (oid 0x2c)"), True))
            log_conflict(self.event(ConflictError(), False))
            log_conflict(self.event(ValueError("not a conflict"), False))
        self.assertEqual(len(logs.records), 2)
        retried, lost = logs.records
        self.assertEqual(retried.levelno, logging.INFO)
        self.assertEqual(retried.getMessage(), f"{RETRIED}: POST /Plone/so-khcn/boi-canh "
                                               "(ConflictError: database conflict error (oid 0x2c))")
        self.assertEqual(lost.levelno, logging.WARNING)
        self.assertTrue(lost.getMessage().startswith(f"{NOT_RETRIED}: POST /Plone/so-khcn/boi-canh"))


@unittest.skipUnless(HAVE_LOCUST, "locust is not installed: make install-load (setup.py extra 'load')")
class TestShortLoad(unittest.TestCase):
    def test_five_users_twenty_seconds(self):
        port = os.environ.get("EISO_LOAD_PORT", "55651")
        with tempfile.TemporaryDirectory(prefix="eiso-load-test-") as tmp:
            result_file = os.path.join(tmp, "result.json")
            process = subprocess.Popen(
                [sys.executable, "-m", "loadtest.run", "--users", "5", "--duration", "20",
                 "--port", port, "--json", result_file],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            try:
                stdout, stderr = process.communicate(timeout=600)
            except subprocess.TimeoutExpired:
                # SIGTERM: the runner stops its ZEO server and clients before it exits.
                process.terminate()
                stdout, stderr = process.communicate(timeout=120)
                self.fail(f"the load test took over 10 minutes:\n{stdout[-4000:]}\n{stderr[-4000:]}")
            output = f"{stdout[-4000:]}\n{stderr[-4000:]}"
            self.assertEqual(process.returncode, 0, output)
            with open(result_file, encoding="utf-8") as f:
                result = json.load(f)
        self.assertTrue(result["ok"], output)
        self.assertEqual(result["failures"], 0, output)
        self.assertGreater(result["requests"], 20, output)
        self.assertGreaterEqual(result["check"]["created"], 1, output)
        self.assertEqual(result["check"]["created"], result["check"]["found"], output)
        self.assertEqual(result["check"]["problems"], [], output)
        self.assertEqual(result["conflicts"]["not_retried"], 0, output)
        names = {row["Name"] for row in result["stats"]}
        self.assertIn("REST POST create QualityPolicy", names)
        self.assertIn("login form", names)


class TestConflictLogRegistered(unittest.TestCase):
    """eiso's configure.zcml subscribes log_conflict to Zope's before-abort event."""

    from eiso.testing import EISO_INTEGRATION_TESTING as layer

    def test_subscriber(self):
        from eiso.conflicts import log_conflict
        from zope.component import getGlobalSiteManager
        from ZPublisher.interfaces import IPubBeforeAbort

        handlers = [registration.handler for registration in getGlobalSiteManager().registeredHandlers()
                    if tuple(registration.required) == (IPubBeforeAbort,)]
        self.assertIn(log_conflict, handlers)
