"""RelStorage on PostgreSQL (deploy/relstorage.conf.in) with a throwaway cluster.

Runs only where PostgreSQL's server programs (initdb, pg_ctl; Debian package postgresql)
and RelStorage with psycopg2 are installed: the site's Data.fs is copied into PostgreSQL
with zodbconvert, two Zope processes serve it from the same zope.conf, a write through
one is read through the other and the catalog answers the same through both.
"""

from eiso.commands.instance import write_instance
from tests.opshelpers import BIN
from tests.opshelpers import ROOT
from tests.opshelpers import Zope
from tests.opshelpers import free_ports
from tests.opshelpers import make_instance
from tests.opshelpers import request
from tests.opshelpers import run
from tests.opshelpers import search
from tests.opshelpers import site_var
from tests.opshelpers import tempdir
from tests.test_zeo import eventually

import glob
import importlib.util
import os
import pwd
import shutil
import unittest


def pg_bin():
    """The directory of initdb and pg_ctl, or None."""
    found = shutil.which("initdb") and shutil.which("pg_ctl")
    if found:
        return os.path.dirname(os.path.realpath(shutil.which("initdb")))
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return os.path.dirname(candidates[-1]) if candidates else None


def missing():
    """Why this test cannot run here, or None."""
    absent = [name for name in ("psycopg2", "relstorage") if importlib.util.find_spec(name) is None]
    if absent:
        return f"{', '.join(absent)} not installed: pip install -e '.[test]'"
    if pg_bin() is None:
        return "PostgreSQL server programs (initdb, pg_ctl) not installed: apt-get install postgresql"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run PostgreSQL as"
    return None


class Cluster:
    """A PostgreSQL cluster in a temporary directory, run as an unprivileged user."""

    def __init__(self, parent, port):
        self.dir, self.port = parent / "pg", port
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.bin = pg_bin()

    def pg(self, program, *args, check=True):
        return run(*self.as_user, os.path.join(self.bin, program), *args, check=check)

    def start(self):
        self.dir.mkdir()
        if self.as_user:
            shutil.chown(self.dir, "postgres")
            os.chmod(self.dir.parent, 0o755)
        self.pg("initdb", "-D", self.dir / "data", "-A", "trust", "-U", "eiso", "-E", "UTF8",
                "--locale", "C.UTF-8")
        self.pg("pg_ctl", "-D", self.dir / "data", "-l", self.dir / "server.log", "-w", "-t", "60",
                "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")
        self.pg("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "eiso", "eiso")

    def stop(self):
        if (self.dir / "data" / "postmaster.pid").exists():
            self.pg("pg_ctl", "-D", self.dir / "data", "-m", "immediate", "-w", "stop", check=False)

    @property
    def dsn(self):
        return f"dbname='eiso' user='eiso' host='127.0.0.1' port='{self.port}'"


@unittest.skipIf(missing(), missing())
class TestRelStorage(unittest.TestCase):
    def test_two_zope_processes_on_postgresql(self):
        parent = tempdir()
        os.chmod(parent, 0o755)
        pg_port, port1, port2 = free_ports(3)
        cluster = Cluster(parent, pg_port)
        self.addCleanup(cluster.stop)
        cluster.start()

        # as README says: the template over zope.conf.in, its dsn line edited, make instance
        instance = make_instance(parent, port=port1)
        template = (ROOT / "deploy" / "relstorage.conf.in").read_text()
        self.assertIn("%import relstorage", template)
        template = "\n".join(
            f"            dsn {cluster.dsn}" if line.strip().startswith("dsn ") else line
            for line in template.splitlines()
        )
        (instance / "etc" / "zope.conf.in").write_text(template)
        write_instance(instance, port=port1)
        self.assertIn(f"dsn {cluster.dsn}", (instance / "etc" / "zope.conf").read_text())

        # the site's FileStorage copied into PostgreSQL, blobs included
        source = site_var()
        convert = instance.parent / "convert.conf"
        convert.write_text(f"""
<filestorage source>
    path {source}/filestorage/Data.fs
    blob-dir {source}/blobstorage
    read-only true
</filestorage>
<relstorage destination>
    blob-dir {instance}/var/blobcache-convert
    <postgresql>
        dsn {cluster.dsn}
    </postgresql>
</relstorage>
""")
        run(BIN / "zodbconvert", convert)

        ini = (instance / "etc" / "zope.ini").read_text()
        second = instance / "etc" / "zope2.ini"
        second.write_text(ini.replace(f"port = {port1}", f"port = {port2}")
                          .replace("log/access.log", "log/access2.log")
                          .replace("log/event.log", "log/event2.log"))
        one = Zope(instance / "etc" / "zope.ini", port1, instance / "var" / "log" / "one.log")
        two = Zope(second, port2, instance / "var" / "log" / "two.log")
        try:
            one.start()
            two.start()
            status, _ = request("POST", f"{one.url}/Plone", {
                "@type": "Document", "id": "postgres", "title": "Lưu trữ trên PostgreSQL"})
            self.assertEqual(status, 201)
            status, item = eventually(
                lambda: (lambda r: r if r[0] == 200 else None)(request("GET", f"{two.url}/Plone/postgres")),
                10) or (404, None)
            self.assertEqual((status, item and item["title"]), (200, "Lưu trữ trên PostgreSQL"))
            query = {"SearchableText": "luu tru postgresql"}
            self.assertEqual(search(f"{one.url}/Plone", **query), ["postgres"])
            self.assertEqual(eventually(lambda: search(f"{two.url}/Plone", **query)), ["postgres"])
        finally:
            one.stop()
            two.stop()
