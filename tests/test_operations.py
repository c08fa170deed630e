"""The operations commands without servers: generated ZEO configuration, the blob copy of
backups, the in-use check of restore, refusals with clear messages."""

from eiso.operations import backup
from eiso.operations import zeo
from tests.opshelpers import BIN
from tests.opshelpers import ROOT
from tests.opshelpers import free_ports
from tests.opshelpers import make_instance
from tests.opshelpers import run
from tests.opshelpers import tempdir

import os
import shutil
import subprocess
import sys
import unittest
import zc.lockfile


class TestZEOConfiguration(unittest.TestCase):
    def test_server_and_clients_share_the_data_of_the_embedded_setup(self):
        instance = make_instance(tempdir(), port=55699)
        written = zeo.configure(instance, zeo_port=55698, ports=[55697, 55696, 55695])
        etc, var = instance / "etc", instance / "var"
        self.assertEqual(
            sorted(str(p.relative_to(etc)) for p in written),
            ["client1/zope.conf", "client1/zope.ini", "client2/zope.conf", "client2/zope.ini",
             "client3/zope.conf", "client3/zope.ini", "scripts/zope.conf", "zeo.conf"],
        )
        server = (etc / "zeo.conf").read_text()
        embedded = (etc / "zope.conf").read_text()
        self.assertIn("address 127.0.0.1:55698", server)
        self.assertIn(f"%define VAR {var}", server)
        for line in ("path $VAR/filestorage/Data.fs", "blob-dir $VAR/blobstorage"):
            self.assertIn(line, server)
            self.assertIn(line, embedded)
        conf = (etc / "client3" / "zope.conf").read_text()
        ini = (etc / "client3" / "zope.ini").read_text()
        self.assertIn("server 127.0.0.1:55698", conf)
        self.assertIn(f"%define CLIENT_VAR {var / 'client3'}", conf)
        self.assertIn("client client3", conf)
        self.assertIn("port = 55695", ini)
        self.assertIn(f"{var / 'client3'}/log/access.log", ini)
        self.assertNotIn("{", conf.replace("${", ""))
        self.assertEqual(zeo.Layout(instance).existing_clients(), ["client1", "client2", "client3"])
        self.assertEqual(zeo.configure(instance, zeo_port=55698, ports=[55697, 55696, 55695]), [])

    def test_clients_on_other_machines_keep_a_blob_cache(self):
        instance = make_instance(tempdir())
        zeo.configure(instance, zeo_host="10.0.0.5", ports=[8081], shared_blobs=False)
        conf = (instance / "etc" / "client1" / "zope.conf").read_text()
        self.assertIn("server 10.0.0.5:8100", conf)
        self.assertIn("shared-blob-dir off", conf)
        self.assertIn("blob-dir $CLIENT_VAR/blobcache", conf)
        self.assertIn("blob-cache-size 2GB", conf)

    def test_the_generated_configuration_is_valid_for_zope_and_zeo(self):
        instance = make_instance(tempdir())
        zeo.configure(instance, zeo_port=55698, ports=[55697])
        check = (
            "import sys, ZEO.runzeo\n"
            "from Zope2.Startup.options import ZopeWSGIOptions\n"
            "conf = ZopeWSGIOptions(configfile=sys.argv[1])().configroot\n"
            "storage = conf.databases[0].config.storage.config\n"
            "print(storage.server[0].address, storage.shared_blob_dir, storage.max_disconnect_poll)\n"
            "options = ZEO.runzeo.ZEOOptions(); options.realize(['-C', sys.argv[2]])\n"
            "print(options.address, options.storages[0].config.path)\n"
        )
        out = run(sys.executable, "-c", check, instance / "etc" / "client1" / "zope.conf",
                  instance / "etc" / "zeo.conf").stdout.split("\n")
        self.assertEqual(out[0], "('127.0.0.1', 55698) True 5")
        self.assertEqual(out[1], f"('127.0.0.1', 55698) {instance / 'var' / 'filestorage' / 'Data.fs'}")

    def test_start_refuses_while_make_start_runs(self):
        instance = make_instance(tempdir())
        sleeper = subprocess.Popen(["sleep", "60"])
        try:
            (instance / "var" / "eiso.pid").write_text(str(sleeper.pid))
            zeo_port, port = free_ports(2)
            result = run(BIN / "eiso-zeo", "start", "--instance", instance, "--zeo-port", zeo_port,
                         "--ports", port, check=False)
        finally:
            sleeper.kill()
            sleeper.wait()
        self.assertEqual(result.returncode, 1)
        self.assertIn("make stop", result.stderr)
        self.assertFalse((instance / "var" / "zeo" / "zeo.pid").exists())


    def test_clients_only_need_a_reachable_server(self):
        instance = make_instance(tempdir())
        nothing, port = free_ports(2)  # nothing listens there
        result = run(BIN / "eiso-zeo", "start", "--no-server", "--instance", instance, "--zeo-port", nothing,
                     "--wait-server", "1", "--ports", port, check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"no ZEO server answers at 127.0.0.1:{nothing}", result.stderr)
        self.assertFalse((instance / "var" / "zeo" / "zeo.pid").exists())
        self.assertFalse((instance / "var" / "client1" / "eiso.pid").exists())


class TestBackupPieces(unittest.TestCase):
    def test_blob_copy_only_adds_committed_files(self):
        source, target = tempdir() / "blobs", tempdir() / "copy"
        blob = source / "0x00" / "0x01" / "0x03d1.blob"
        blob.parent.mkdir(parents=True)
        blob.write_bytes(b"v1")
        (source / ".layout").write_text("bushy")
        (source / "tmp").mkdir()
        (source / "tmp" / "uncommitted.blob").write_bytes(b"half")
        (source / "0x00" / "0x01" / ".lock").write_text("")
        self.assertEqual(backup.copy_new_blobs(source, target), 1)
        self.assertEqual((target / "0x00" / "0x01" / "0x03d1.blob").read_bytes(), b"v1")
        self.assertTrue((target / ".layout").exists())
        self.assertFalse((target / "tmp").exists())
        self.assertFalse((target / "0x00" / "0x01" / ".lock").exists())
        # a second run copies nothing; a new blob only that one
        self.assertEqual(backup.copy_new_blobs(source, target), 0)
        (blob.parent / "0x0400.blob").write_bytes(b"v2")
        self.assertEqual(backup.copy_new_blobs(source, target), 1)
        # what the source lost (a pack) stays in the copy
        blob.unlink()
        self.assertEqual(backup.copy_new_blobs(source, target), 0)
        self.assertTrue((target / "0x00" / "0x01" / "0x03d1.blob").exists())

    def test_in_use_sees_a_locked_data_fs_and_live_pid_files(self):
        var = tempdir() / "var"
        (var / "filestorage").mkdir(parents=True)
        self.assertIsNone(backup.in_use(var))
        lock = zc.lockfile.LockFile(str(var / "filestorage" / "Data.fs.lock"))
        try:
            # the lock is per process: check from another one
            code = "import sys; from eiso.operations.backup import in_use; print(in_use(sys.argv[1]))"
            out = run(sys.executable, "-c", code, var).stdout
            self.assertIn("Data.fs.lock is locked", out)
        finally:
            lock.close()
        self.assertIsNone(backup.in_use(var))
        (var / "client2").mkdir()
        (var / "client2" / "eiso.pid").write_text(str(os.getpid()))
        self.assertIn("client2", backup.in_use(var))
        (var / "client2" / "eiso.pid").write_text("999999999")
        self.assertIsNone(backup.in_use(var))

    def test_clear_messages_without_data_or_backups(self):
        instance = make_instance(tempdir())
        result = run(BIN / "eiso-backup", "--instance", instance, "--backup-dir", tempdir() / "b", check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("no database to back up", result.stderr)
        result = run(BIN / "eiso-restore", "--instance", instance, "--backup-dir", tempdir() / "b", check=False)
        self.assertEqual(result.returncode, 1)
        self.assertIn("no backup there", result.stderr)


class TestMakeTargets(unittest.TestCase):
    def test_backup_full_and_restore_date_reach_the_commands(self):
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        def dry(*args):
            out = run("make", "-n", "--no-print-directory", "-C", root, *args).stdout  # -n: print, run nothing
            return " ".join(out.replace("\\\n", " ").split()) + " "
        self.assertIn("eiso-backup --instance instance --backup-dir backups --full", dry("backup", "FULL=1"))
        self.assertTrue(dry("backup", "BACKUP_DIR=/srv/b").endswith(
            "eiso-backup --instance instance --backup-dir /srv/b "))  # incremental: no --full
        self.assertIn('eiso-restore --instance instance --backup-dir backups --date "2026-11-24-08-30-00"',
                      dry("restore", "DATE=2026-11-24-08-30-00"))
        self.assertIn("--zeo-port 8100 --ports 8081 8082", dry("start-zeo"))
        self.assertIn("--ports 9001 9002 9003", dry("start-zeo", "CLIENT_PORTS=9001 9002 9003"))


@unittest.skipIf(not shutil.which("systemd-analyze"), "systemd-analyze not installed (Debian package systemd)")
class TestSystemdUnits(unittest.TestCase):
    def test_units_run_the_programs_of_make_start_zeo(self):
        work = tempdir()
        units = {}
        for name in ("eiso-zeo.service", "eiso-client@.service"):
            text = (ROOT / "deploy" / "systemd" / name).read_text()
            units[name] = text
            # the paths of this checkout and an existing user, for the check only
            text = (text.replace("/srv/eiso/.venv/bin/", f"{BIN}/")
                    .replace("/srv/eiso", str(work)).replace("=eiso\n", "=root\n"))
            (work / name.replace("@.", "@client1.")).write_text(text)
        self.assertIn("ExecStart=/srv/eiso/.venv/bin/runzeo -C /srv/eiso/instance/etc/zeo.conf",
                      units["eiso-zeo.service"])
        self.assertIn("ExecStart=/srv/eiso/.venv/bin/runwsgi /srv/eiso/instance/etc/%i/zope.ini",
                      units["eiso-client@.service"])
        result = run("systemd-analyze", "verify", work / "eiso-zeo.service",
                     work / "eiso-client@client1.service", check=False)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn("eiso", result.stderr)  # no warning about our units
