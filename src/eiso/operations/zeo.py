"""``eiso-zeo``: one ZEO server and several Zope clients on one machine.

    eiso-zeo configure --instance instance --zeo-port 8100 --ports 8081 8082
    eiso-zeo start     (configure, start the server, create the site, start the clients)
    eiso-zeo stop
    eiso-zeo status

The server serves ``instance/var/filestorage/Data.fs`` and ``instance/var/blobstorage``
(the same files as the embedded set-up of ``make start``); each client has its own
``instance/etc/clientN/`` (zope.conf, zope.ini) and ``instance/var/clientN/`` (logs,
caches, pid file). ``make start-zeo`` and ``make stop-zeo`` call this.
"""

from eiso.operations import processes
from pathlib import Path

import argparse
import subprocess
import sys


DEFAULT_ZEO_PORT = 8100
DEFAULT_PORTS = (8081, 8082)


def say(message):
    print(f"[eiso] {message}", flush=True)


def _render(template, values):
    text = Path(template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("{%s}" % key, str(value))
    return text


def _write(path, text):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
        return True
    return False


class Layout:
    """Where the files of a ZEO set-up of ``instance`` live."""

    def __init__(self, instance, clients=len(DEFAULT_PORTS)):
        self.instance = Path(instance).resolve()
        self.etc = self.instance / "etc"
        self.var = self.instance / "var"
        self.zeo_conf = self.etc / "zeo.conf"
        self.zeo_pidfile = self.var / "zeo" / "zeo.pid"
        self.zeo_log = self.var / "log" / "zeo-process.log"
        self.embedded_pidfile = self.var / "eiso.pid"
        self.clients = [f"client{n}" for n in range(1, clients + 1)]

    @property
    def scripts_conf(self):
        """zope.conf of a ZEO client for commands (eiso-create-site, eiso-reminders, …),
        usable while the clients run (each client's cache file is locked by it)."""
        return self.etc / "scripts" / "zope.conf"

    def client_etc(self, client):
        return self.etc / client

    def client_var(self, client):
        return self.var / client

    def client_conf(self, client):
        return self.client_etc(client) / "zope.conf"

    def client_ini(self, client):
        return self.client_etc(client) / "zope.ini"

    def client_pidfile(self, client):
        return self.client_var(client) / "eiso.pid"

    def client_log(self, client):
        return self.client_var(client) / "log" / "process.log"

    def existing_clients(self):
        return sorted(
            (p.name for p in self.etc.glob("client*") if (p / "zope.conf").exists()),
            key=lambda name: int(name[len("client"):] or 0),
        )


def configure(instance, zeo_host="127.0.0.1", zeo_port=DEFAULT_ZEO_PORT, host="127.0.0.1",
              ports=DEFAULT_PORTS, shared_blobs=True):
    """Write zeo.conf and each client's zope.conf and zope.ini; return the written paths."""
    layout = Layout(instance, len(ports))
    var = layout.var
    for sub in ("filestorage", "blobstorage", "log", "zeo"):
        (var / sub).mkdir(parents=True, exist_ok=True)
    zeo_address = f"{zeo_host}:{zeo_port}"
    written = []
    text = _render(layout.etc / "zeo.conf.in",
                   {"instance": layout.instance, "var": var, "zeo_address": zeo_address})
    if _write(layout.zeo_conf, text):
        written.append(layout.zeo_conf)
    for client, port in [*zip(layout.clients, ports), ("scripts", None)]:
        client_var = layout.client_var(client)
        for sub in ("log", "cache"):
            (client_var / sub).mkdir(parents=True, exist_ok=True)
        if shared_blobs:
            blob = {"blob_dir": "$VAR/blobstorage", "shared_blob_dir": "on", "blob_cache_line": ""}
        else:
            blob = {
                "blob_dir": "$CLIENT_VAR/blobcache",
                "shared_blob_dir": "off",
                "blob_cache_line": "blob-cache-size 2GB",
            }
        conf = _render(layout.etc / "zope-zeoclient.conf.in", {
            "instance": layout.instance, "var": var, "client_var": client_var,
            "client": client, "zeo_address": zeo_address, **blob,
        })
        # zope.ini.in only uses {var} for the log files: those of this client.
        ini = _render(layout.etc / "zope.ini.in", {"var": client_var, "host": host, "port": port})
        files = [(layout.client_conf(client), conf)]
        if port is not None:
            files.append((layout.client_ini(client), ini))
        for path, content in files:
            if _write(path, content):
                written.append(path)
    return written


def start_server(layout, timeout=60):
    """Start the ZEO server unless it runs; return its pid."""
    pid = processes.running(layout.zeo_pidfile)
    host, port = zeo_address(layout)
    if pid:
        say(f"ZEO server already running (pid {pid})")
        return pid
    say(f"starting the ZEO server on {host}:{port}")
    proc = processes.spawn([processes.bin_dir() / "runzeo", "-C", layout.zeo_conf], layout.zeo_log)
    if not processes.wait_port(host, port, timeout, process=proc):
        if proc.poll() is None:
            processes.stop_pid(proc.pid)
        raise RuntimeError(
            f"ZEO server did not start: see {layout.zeo_log} and {layout.var / 'log' / 'zeo.log'}\n"
            + processes.log_tail(layout.zeo_log)
        )
    return proc.pid


def start_client(layout, client, timeout=180):
    """Start the Zope client ``client`` unless it runs; return its pid."""
    pid = processes.running(layout.client_pidfile(client))
    host, port = _http_address(layout, client)
    if pid:
        say(f"{client} already running (pid {pid})")
        return pid
    say(f"starting {client} on http://{host}:{port}")
    proc = processes.spawn([processes.bin_dir() / "runwsgi", layout.client_ini(client)],
                           layout.client_log(client))
    layout.client_pidfile(client).write_text(str(proc.pid))
    if not processes.wait_http(f"http://{host}:{port}/", timeout, process=proc):
        processes.stop_pid(proc.pid)
        layout.client_pidfile(client).unlink(missing_ok=True)
        raise RuntimeError(f"{client} did not start: see {layout.client_log(client)}\n"
                           + processes.log_tail(layout.client_log(client)))
    return proc.pid


def create_site(layout, demo=True, admin_password=None):
    """Create the site (if missing) through the scripts' client configuration."""
    args = [processes.bin_dir() / "eiso-create-site", "--zope-conf", layout.scripts_conf]
    if not demo:
        args.append("--no-demo")
    if admin_password:
        args += ["--admin-password", admin_password]
    subprocess.run([str(a) for a in args], check=True)


def stop(layout):
    stopped = []
    for client in layout.existing_clients():
        pidfile = layout.client_pidfile(client)
        pid = processes.running(pidfile)
        if pid:
            processes.stop_pid(pid)
            stopped.append(client)
        pidfile.unlink(missing_ok=True)
    pid = processes.running(layout.zeo_pidfile)
    if pid:
        processes.stop_pid(pid)
        stopped.append("ZEO server")
    return stopped


def zeo_address(layout):
    """The (host, port) the ZEO server of ``layout`` listens on, from its zeo.conf."""
    for line in layout.zeo_conf.read_text(encoding="utf-8").splitlines():
        words = line.split()
        if len(words) == 2 and words[0] == "address":
            host, _, port = words[1].rpartition(":")
            return host or "127.0.0.1", int(port)
    raise RuntimeError(f"no address in {layout.zeo_conf}")


def _http_address(layout, client):
    host, port = "127.0.0.1", None
    for line in layout.client_ini(client).read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        if key.strip() == "host":
            host = value.strip()
        elif key.strip() == "port":
            port = int(value.strip())
    if host in ("0.0.0.0", ""):
        host = "127.0.0.1"
    return host, port


def main(argv=None):
    parser = argparse.ArgumentParser(prog="eiso-zeo", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("configure", "start", "stop", "status"))
    parser.add_argument("--instance", default="instance", help="instance directory (default: instance)")
    parser.add_argument("--zeo-host", default="127.0.0.1", help="address of the ZEO server (default: 127.0.0.1)")
    parser.add_argument("--zeo-port", type=int, default=DEFAULT_ZEO_PORT,
                        help=f"port of the ZEO server (default: {DEFAULT_ZEO_PORT})")
    parser.add_argument("--host", default="127.0.0.1", help="address the clients listen on")
    parser.add_argument("--ports", type=int, nargs="+", default=list(DEFAULT_PORTS),
                        help="one HTTP port per Zope client (default: 8081 8082)")
    parser.add_argument("--blob-cache", action="store_true",
                        help="clients keep their own blob cache instead of sharing the server's blob directory")
    parser.add_argument("--no-server", action="store_true",
                        help="start only the clients: the ZEO server runs on another machine (--zeo-host)")
    parser.add_argument("--wait-server", type=int, default=30, metavar="SECONDS",
                        help="with --no-server: how long to wait for the ZEO server (default: 30)")
    parser.add_argument("--no-demo", action="store_true", help="create the site without demo data")
    parser.add_argument("--admin-password", default=None, help="password of the Zope administrator")
    args = parser.parse_args(argv)

    instance = Path(args.instance)
    if not (instance / "etc" / "zeo.conf.in").exists():
        print(f"Không tìm thấy {instance}/etc/zeo.conf.in (no ZEO templates here).", file=sys.stderr)
        return 2
    if args.command in ("configure", "start"):
        for path in configure(instance, args.zeo_host, args.zeo_port, args.host, args.ports,
                              shared_blobs=not args.blob_cache):
            say(f"wrote {path}")
    layout = Layout(instance, len(args.ports))
    if args.command == "configure":
        return 0
    if args.command == "status":
        existing = layout.existing_clients()
        pid = processes.running(layout.zeo_pidfile)
        print(f"ZEO server: {'running, pid %d' % pid if pid else 'stopped'}")
        for client in existing:
            pid = processes.running(layout.client_pidfile(client))
            host, port = _http_address(layout, client)
            print(f"{client} (http://{host}:{port}): {'running, pid %d' % pid if pid else 'stopped'}")
        return 0
    if args.command == "stop":
        stopped = stop(layout)
        say("stopped: " + ", ".join(stopped) if stopped else "nothing was running")
        return 0
    # start
    embedded = processes.running(layout.embedded_pidfile)
    if embedded:
        print(
            f"Máy chủ đang chạy bằng 'make start' (pid {embedded}): hãy 'make stop' trước "
            "(the embedded server holds Data.fs: stop it first).",
            file=sys.stderr,
        )
        return 1
    try:
        if args.no_server:
            if not processes.wait_port(args.zeo_host, args.zeo_port, timeout=args.wait_server):
                raise RuntimeError(f"no ZEO server answers at {args.zeo_host}:{args.zeo_port}")
        else:
            start_server(layout)
        create_site(layout, demo=not args.no_demo, admin_password=args.admin_password)
        for client in layout.clients:
            start_client(layout, client)
    except (RuntimeError, subprocess.CalledProcessError) as error:
        print(f"eiso-zeo: {error}", file=sys.stderr)
        stop(layout)
        return 1
    for client in layout.clients:
        host, port = _http_address(layout, client)
        say(f"{client}: http://{host}:{port}/Plone")
    say("stop with: make stop-zeo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
