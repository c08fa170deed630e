"""Real processes for the operations tests: instances, a site template, Zope and ZEO.

The tests of tests/test_zeo.py, test_faults.py, test_backup.py and test_relstorage.py
run servers on the ports 55601–55620 (``EISO_OPS_PORTS=first-last`` moves them) and
build one Plone site (without demo data) per test run, copied for each test.
"""

from eiso.commands.instance import write_instance
from eiso.operations import processes
from pathlib import Path

import atexit
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ADMIN = ("admin", "admin")
_first, _, _last = os.environ.get("EISO_OPS_PORTS", "55601-55620").partition("-")
PORTS = range(int(_first), int(_last) + 1)

_template = {}
_cleanup = []


@atexit.register
def _clean():
    for path in _cleanup:
        shutil.rmtree(path, ignore_errors=True)


def tempdir(prefix="eiso-ops-"):
    path = Path(tempfile.mkdtemp(prefix=prefix))
    _cleanup.append(path)
    return path


def _bindable(port):
    """Whether a server could listen on ``port`` now. Not only "nobody listens": these
    ports lie in Linux's ephemeral range, so another process's outgoing connection may
    hold one as its local port, and a server then cannot bind it."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as waitress does
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(exclude=()):
    for port in PORTS:
        if port not in exclude and not processes.port_open("127.0.0.1", port) and _bindable(port):
            return port
    raise RuntimeError(f"no free port in {PORTS}")


def free_ports(count):
    ports = []
    for _ in range(count):
        ports.append(free_port(exclude=ports))
    return ports


def make_instance(parent, port=None):
    """A fresh instance/ in ``parent``: committed templates, written for ``port``."""
    instance = Path(parent) / "instance"
    (instance / "etc").mkdir(parents=True, exist_ok=True)
    for template in (ROOT / "instance" / "etc").iterdir():
        if template.suffix == ".in" or template.name == "site.zcml":
            shutil.copy(template, instance / "etc" / template.name)
    write_instance(instance, port=port or free_port())
    return instance


def run(*args, check=True, **kwargs):
    """subprocess.run, output captured; with ``check`` a failure shows the output."""
    kwargs.setdefault("capture_output", True)
    kwargs.setdefault("text", True)
    result = subprocess.run([str(a) for a in args], **kwargs)
    if check and result.returncode:
        raise AssertionError(
            f"{' '.join(str(a) for a in args)} exited with {result.returncode}:\n"
            f"{(result.stdout or '')[-2000:]}\n{(result.stderr or '')[-4000:]}"
        )
    return result


def site_var():
    """The var/ of an instance holding a fresh eiso site (no demo data); built once."""
    if "var" not in _template:
        parent = tempdir("eiso-ops-template-")
        instance = make_instance(parent)
        run(BIN / "eiso-create-site", "--zope-conf", instance / "etc" / "zope.conf", "--no-demo")
        _template["var"] = instance / "var"
    return _template["var"]


def instance_with_site(parent, port=None):
    """An instance in ``parent`` holding a copy of the site template's data."""
    instance = make_instance(parent, port)
    template = site_var()
    for sub in ("filestorage", "blobstorage"):
        shutil.rmtree(instance / "var" / sub, ignore_errors=True)
        shutil.copytree(template / sub, instance / "var" / sub,
                        ignore=shutil.ignore_patterns("*.lock", "*.tmp"))
    return instance


class Zope:
    """A runwsgi process serving ``ini``; stop() always, also after a failure."""

    def __init__(self, ini, port, log):
        self.ini, self.port, self.log = ini, port, log
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=180):
        self.process = processes.spawn([BIN / "runwsgi", self.ini], self.log)
        if not processes.wait_http(self.url + "/", timeout, process=self.process):
            self.stop()
            raise AssertionError(f"Zope did not start on {self.url}:\n{self.log_tail()}")
        return self

    def log_tail(self, chars=3000):
        try:
            return Path(self.log).read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def kill(self):
        """SIGKILL: the process ends at once, as in a power cut of the process."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            processes.stop_pid(self.process.pid)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                pass


def zope_for(instance, log_name="zope.log"):
    """A Zope process for the embedded FileStorage of ``instance`` (zope.ini's port)."""
    ini = Path(instance) / "etc" / "zope.ini"
    port = next(int(line.split("=")[1]) for line in ini.read_text().splitlines()
                if line.replace(" ", "").startswith("port="))
    return Zope(ini, port, Path(instance) / "var" / "log" / log_name)


def request(method, url, data=None, auth=ADMIN, timeout=60):
    """(status, decoded JSON or None) of a plone.restapi call."""
    body = json.dumps(data).encode("utf-8") if data is not None else None
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Accept", "application/json")
    if body is not None:
        req.add_header("Content-Type", "application/json")
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        req.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            status, payload = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, payload = error.code, error.read()
    try:
        return status, json.loads(payload) if payload else None
    except ValueError:
        return status, None


def search(base, **query):
    """Sorted ids of a @search through ``base`` (a site URL), all results."""
    from urllib.parse import urlencode

    query.setdefault("b_size", 1000)
    status, result = request("GET", f"{base}/@search?{urlencode(query, doseq=True)}")
    assert status == 200, (status, result)
    return sorted(item["@id"].rsplit("/", 1)[-1] for item in result["items"])
