"""eiso benchmark: eiso's pages as ratios against stock Plone, measured in one run.

    .venv/bin/python benchmarks/run.py            # full: 20 s of load per page
    .venv/bin/python benchmarks/run.py --quick    # 5 s per page

Steps (see benchmarks/README.md):

1. a fresh instance in benchmarks/var/<timestamp>/; ``eiso-create-site`` is
   timed, then a stock Classic UI site ``/stock`` is created and timed the
   same way (prepare.py);
2. the same ~300-word Document is added, published, to ``/Plone`` and
   ``/stock`` (prepare.py);
3. runwsgi is started on 127.0.0.1:PORT, every page is checked and warmed up,
   the server's RSS is read, then wrk loads each page in turn with the same
   threads, connections and duration;
4. a table is printed and benchmarks/results/<date>.json written.

The server is always stopped, also on error or Ctrl-C.
"""

from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import argparse
import base64
import datetime
import html
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TEMPLATES = ROOT / "instance" / "etc"
HOST = "127.0.0.1"
TARGET_RATIO = 1.5

sys.path.insert(0, str(HERE))
from prepare import DOCUMENT_ID  # noqa: E402
from prepare import DOCUMENT_TITLE  # noqa: E402
from prepare import EDITOR_DOCUMENT_ID  # noqa: E402


THUKY = ("thuky", "eiso2026")
QUANTRI = ("quantri", "eiso2026")
ADMIN = ("admin", "admin")


@dataclass
class Page:
    name: str
    path: str
    user: tuple | None  # (login, password) sent as HTTP basic auth; None: anonymous
    expect: str  # text the page must contain: proves the right page for the right user
    baseline: str | None = None  # the stock page doing the same work
    title: str = ""


PAGES = (
    Page("agency_home", "/Plone/so-khcn", THUKY, "eiso-section-van-ban",
         "document", "Agency home (eiso) — thuky"),
    Page("document", f"/Plone/{DOCUMENT_ID}", THUKY, DOCUMENT_TITLE,
         "stock_document", "Document view in the eiso site — thuky"),
    Page("stock_document", f"/stock/{DOCUMENT_ID}", THUKY, DOCUMENT_TITLE,
         None, "Document view in the stock site — thuky"),
    Page("document_editor", f"/Plone/{EDITOR_DOCUMENT_ID}", THUKY, "contentview-edit",
         None, "Document view in the eiso site — thuky as its Editor"),
    Page("section_listing", "/Plone/so-khcn/to-chuc", THUKY, "Văn phòng sở",
         "document", "Section listing (eiso) — thuky"),
    Page("agency_members", "/Plone/so-khcn/@@agency-members", QUANTRI, "truongphong",
         "users_controlpanel", "Agency members (eiso) — quantri"),
    Page("users_controlpanel", "/Plone/@@usergroup-userprefs", ADMIN, "truongphong",
         None, "Users control panel (stock) — admin"),
    Page("front_anon", "/Plone", None, "Hệ thống ISO điện tử",
         "stock_front_anon", "Front page (eiso) — anonymous"),
    Page("stock_front_anon", "/stock", None, "Plone (stock)",
         None, "Front page of the stock site — anonymous"),
)
HEADLINE = ("agency_home", "document")
# The ISO secretary may add to and edit the agency, so its toolbar carries the
# edit menus; the Document she edits is the closest stock equivalent of that.
SECOND = ("agency_home", "document_editor")


def say(message):
    print(f"[bench] {message}", flush=True)


class BenchmarkError(Exception):
    pass


# -- instance and sites -------------------------------------------------------


def make_instance(instance, port):
    etc = instance / "etc"
    etc.mkdir(parents=True)
    for name in ("zope.conf.in", "zope.ini.in", "site.zcml"):
        shutil.copy(TEMPLATES / name, etc / name)
    subprocess.run(
        [BIN / "eiso-instance", "--instance", instance, "--host", HOST, "--port", str(port)],
        check=True, stdout=subprocess.DEVNULL,
    )
    return etc / "zope.conf"


def run_logged(command, log):
    """Run ``command``, its output to ``log``; return (seconds, output)."""
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    seconds = time.perf_counter() - started
    output = Path(log).read_text(encoding="utf-8", errors="replace")
    if process.returncode:
        raise BenchmarkError(f"{command[0]} failed ({process.returncode}); see {log}:\n{output[-2000:]}")
    return seconds, output


def result_of(output):
    for line in output.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise BenchmarkError("no RESULT line in the output")


def create_sites(zope_conf, logs):
    say("timing eiso-create-site (site, eiso, demo data) …")
    eiso_s, output = run_logged(
        [str(BIN / "eiso-create-site"), "--zope-conf", str(zope_conf)], logs / "create-site.log"
    )
    eiso = {"wall_s": round(eiso_s, 2)}
    # eiso-create-site reports times since its start, Zope start-up included.
    for key, pattern in (("site_and_eiso_s", r"eiso installed in ([\d.]+) s"),
                         ("with_demo_data_s", r"demo data added \(([\d.]+) s")):
        match = re.search(pattern, output)
        if match:
            eiso[key] = float(match.group(1))
    say(f"  eiso-create-site: {eiso_s:.1f} s")

    say("timing a stock Classic UI site (/stock) …")
    stock_s, output = run_logged(
        [sys.executable, str(HERE / "prepare.py"), "stock-site", str(zope_conf)],
        logs / "stock-site.log",
    )
    stock = {"wall_s": round(stock_s, 2), **result_of(output)}
    say(f"  stock site: {stock_s:.1f} s")

    say("adding the reference Document to /Plone and /stock …")
    _, output = run_logged(
        [sys.executable, str(HERE / "prepare.py"), "content", str(zope_conf)],
        logs / "content.log",
    )
    return {
        "eiso_create_site": eiso,
        "stock_site": stock,
        "ratio_wall": round(eiso_s / stock_s, 2),
        "content": result_of(output),
    }


# -- server -------------------------------------------------------------------


def port_is_free(port):
    with socket.socket() as sock:
        return sock.connect_ex((HOST, port)) != 0


class Server:
    """runwsgi in its own session, so that it and only it is stopped afterwards."""

    def __init__(self, zope_ini, log):
        self.zope_ini = zope_ini
        self.log = log
        self.process = None

    def start(self):
        self._out = open(self.log, "w", encoding="utf-8")
        self.process = subprocess.Popen(
            [str(BIN / "runwsgi"), str(self.zope_ini)],
            stdout=self._out, stderr=subprocess.STDOUT, cwd=ROOT, start_new_session=True,
        )
        return self.process.pid

    def wait_ready(self, port, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchmarkError(f"the server exited ({self.process.returncode}); see {self.log}")
            try:
                connection = http.client.HTTPConnection(HOST, port, timeout=10)
                connection.request("GET", "/")
                connection.getresponse().read()
                connection.close()
                return
            except OSError:
                time.sleep(0.5)
        raise BenchmarkError(f"the server did not answer within {timeout} s; see {self.log}")

    def rss_mb(self):
        import psutil

        process = psutil.Process(self.process.pid)
        rss = process.memory_info().rss
        rss += sum(child.memory_info().rss for child in process.children(recursive=True))
        return round(rss / 2**20, 1)

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            say(f"stopping the server (pid {self.process.pid}) …")
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
            except ProcessLookupError:
                pass
        self._out.close()


# -- measuring ----------------------------------------------------------------


def auth_header(user):
    if user is None:
        return {}
    token = base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def check_and_warm(page, port, count):
    """Check the page answers 200 with its content; return its size and serial timings."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = auth_header(page.user)
    timings = []
    body = b""
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", page.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise BenchmarkError(f"{page.path} as {page.user and page.user[0]}: HTTP {response.status}")
    finally:
        connection.close()
    # Plone writes non-ASCII text as character references for logged-in users.
    text = html.unescape(body.decode("utf-8", errors="replace"))
    who = page.user[0] if page.user else "anonymous"
    if page.expect not in text:
        raise BenchmarkError(f"{page.path} as {who}: {page.expect!r} not in the page")
    # The toolbar shows that the basic-auth credentials were accepted.
    if bool(page.user) != ('id="edit-zone"' in text):
        raise BenchmarkError(f"{page.path} as {who}: the toolbar is {'missing' if page.user else 'shown'}")
    return len(body), timings


def run_wrk(page, port, args, seconds):
    """Load ``page`` for ``seconds``; return wrk's numbers with its latency histogram."""
    command = [
        "wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s",
        "--timeout", "60s", "-s", str(HERE / "report.lua"),
    ]
    for key, value in auth_header(page.user).items():
        command += ["-H", f"{key}: {value}"]
    command.append(f"http://{HOST}:{port}{page.path}")
    process = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 90)
    if process.returncode:
        raise BenchmarkError(f"wrk failed on {page.path}: {process.stderr}")
    for line in process.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise BenchmarkError(f"no WRK_JSON line from wrk on {page.path}:\n{process.stdout}")


def percentile(histogram, fraction):
    """The smallest latency (µs) not exceeded by ``fraction`` of the requests."""
    total = sum(count for _, count in histogram)
    seen = 0
    for value, count in sorted(histogram):
        seen += count
        if seen >= fraction * total:
            return value
    return 0


class Load:
    """wrk runs of one page, added up over the rounds."""

    def __init__(self):
        self.requests = 0
        self.duration_us = 0
        self.errors = {}
        self.histogram = []

    def add(self, data):
        self.requests += data["requests"]
        self.duration_us += data["duration_us"]
        self.histogram += data["histogram"]
        for key, value in data["errors"].items():
            self.errors[key] = self.errors.get(key, 0) + value

    def summary(self):
        def ms(fraction):
            return round(percentile(self.histogram, fraction) / 1000, 1)

        return {
            "requests": self.requests,
            "req_per_s": round(self.requests / (self.duration_us / 1e6), 2),
            "p50_ms": ms(0.50),
            "p90_ms": ms(0.90),
            "p99_ms": ms(0.99),
            "max_ms": ms(1.0),
            "errors": self.errors,
        }


def drain(data):
    """Let the server finish the requests wrk abandoned before the next run starts."""
    time.sleep(min(5.0, max(0.5, percentile(data["histogram"], 0.9) / 1e6)))


def measure(port, args, server):
    pages = {}
    say(f"checking {len(PAGES)} pages; {args.serial} requests each, one at a time …")
    for page in PAGES:
        size, timings = check_and_warm(page, port, args.serial)
        pages[page.name] = {
            "title": page.title,
            "path": page.path,
            "user": page.user[0] if page.user else "anonymous",
            "baseline": page.baseline,
            "bytes": size,
            "first_request_ms": round(timings[0], 1),
            # One request at a time, warm: the render time without queueing.
            "serial_ms": round(statistics.median(timings[len(timings) // 2:]), 1),
        }
    # Concurrent warm-up: serial requests always reuse the same ZODB connection;
    # the other connections of the pool (one per waitress thread) start cold.
    say(f"warming up with wrk, {args.warmup_s} s per page …")
    for page in PAGES:
        drain(run_wrk(page, port, args, args.warmup_s))
    memory = {"rss_after_warmup_mb": server.rss_mb()}
    say(f"RSS after warm-up: {memory['rss_after_warmup_mb']} MB")

    # Pages take turns, in a rotated order each round, so that a burst of
    # load from elsewhere on the machine spreads over all of them.
    seconds = max(1, round(args.duration / args.rounds))
    loads = {page.name: Load() for page in PAGES}
    for number in range(args.rounds):
        say(f"round {number + 1}/{args.rounds}: wrk {seconds} s per page, "
            f"{args.connections} connections …")
        shift = number % len(PAGES)
        for page in PAGES[shift:] + PAGES[:shift]:
            data = run_wrk(page, port, args, seconds)
            loads[page.name].add(data)
            drain(data)
    memory["rss_after_load_mb"] = server.rss_mb()

    for name, load in loads.items():
        pages[name].update(load.summary())
        errors = sum(load.errors.values())
        if errors:
            say(f"WARNING: {name}: {errors} errors: {load.errors}")
    for data in pages.values():
        base = pages.get(data["baseline"])
        if base:
            data["ratio_p50"] = round(data["p50_ms"] / base["p50_ms"], 2)
            data["ratio_req_per_s"] = round(data["req_per_s"] / base["req_per_s"], 2)
            data["ratio_serial"] = round(data["serial_ms"] / base["serial_ms"], 2)
    return pages, memory


# -- report -------------------------------------------------------------------


def environment():
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""

    return {
        "cpus": os.cpu_count(),
        "loadavg": os.getloadavg(),
        "python": platform.python_version(),
        "plone": metadata.version("Products.CMFPlone"),
        "eiso": metadata.version("eiso"),
        "wrk": subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split("\n")[0].strip(),
        "git_commit": git("rev-parse", "--short", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain")),
    }


def print_report(result):
    print()
    sites = result.get("site_creation")
    if sites:
        print(f"Site creation: eiso-create-site {sites['eiso_create_site']['wall_s']} s "
              f"(site + eiso + demo data, Zope start-up included); stock Classic UI site "
              f"{sites['stock_site']['wall_s']} s; ratio {sites['ratio_wall']}")
    memory = result["memory"]
    print(f"Server RSS: {memory['rss_after_warmup_mb']} MB after warm-up, "
          f"{memory['rss_after_load_mb']} MB after load")
    settings = result["settings"]
    print(f"Load: wrk -t{settings['threads']} -c{settings['connections']}, {settings['duration_s']} s "
          f"per page in {settings['rounds']} turn(s); serial = median of one-at-a-time requests")
    print()
    header = f"{'page':<20} {'user':<9} {'KB':>6} {'serial':>7} {'p50':>7} {'p99':>7} {'req/s':>6}  ratio p50 vs baseline"
    print(header)
    print("-" * len(header))
    for name, data in result["pages"].items():
        ratio = (f"{data['ratio_p50']:.2f} × {data['baseline']}" if "ratio_p50" in data else "(stock)")
        errors = sum(data["errors"].values())
        print(f"{name:<20} {data['user']:<9} {data['bytes'] / 1024:>6.1f} {data['serial_ms']:>7.1f} "
              f"{data['p50_ms']:>7.1f} {data['p99_ms']:>7.1f} {data['req_per_s']:>6.1f}  {ratio}"
              + (f"  [{errors} errors]" if errors else ""))
    print("(times in ms)")
    headline = result["headline"]
    verdict = "OK" if headline["ok"] else "TOO SLOW"
    print()
    print(f"==> agency home p50 / stock Document p50 = {headline['ratio']:.2f} "
          f"(target ≤ {TARGET_RATIO}): {verdict}")
    print(f"    (against the Document she may edit, toolbar menus on both pages: "
          f"{headline['ratio_vs_document_editor']:.2f})")
    print()


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 s of load per page instead of 20 s")
    parser.add_argument("--duration", type=int, help="seconds of load per page (default 20, --quick 5)")
    parser.add_argument("--rounds", type=int,
                        help="the duration is split into this many turns per page (default 4, --quick 1)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (default 4)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--port", type=int, default=8121, help="server port (default 8121)")
    parser.add_argument("--reuse", type=Path, metavar="DIR",
                        help="measure an instance made by an earlier run (--keep) instead of creating one")
    parser.add_argument("--keep", action="store_true", help="keep the instance in benchmarks/var/")
    args = parser.parse_args(argv)
    args.duration = args.duration or (5 if args.quick else 20)
    args.rounds = args.rounds or (1 if args.quick else 4)
    args.serial = 6 if args.quick else 20
    args.warmup_s = 2 if args.quick else 3

    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    if not port_is_free(args.port):
        print(f"port {args.port} is in use: choose another with --port", file=sys.stderr)
        return 2

    # Ctrl-C raises KeyboardInterrupt; make SIGTERM do the same so `finally` runs.
    signal.signal(signal.SIGTERM, interrupt)

    started = datetime.datetime.now()
    result = {
        "date": started.isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "settings": {"duration_s": args.duration, "connections": args.connections,
                     "threads": args.threads, "rounds": args.rounds,
                     "serial_requests": args.serial, "warmup_s_per_page": args.warmup_s},
        "environment": environment(),
    }
    if args.reuse:
        instance = args.reuse.resolve()
        subprocess.run([BIN / "eiso-instance", "--instance", instance, "--host", HOST,
                        "--port", str(args.port)], check=True, stdout=subprocess.DEVNULL)
    else:
        instance = HERE / "var" / started.strftime("%Y%m%d-%H%M%S")
    logs = instance / "var" / "log"
    server = Server(instance / "etc" / "zope.ini", logs / "server.log")
    succeeded = False
    try:
        if not args.reuse:
            say(f"instance: {instance.relative_to(ROOT)}")
            zope_conf = make_instance(instance, args.port)
            result["site_creation"] = create_sites(zope_conf, logs)
        say(f"starting runwsgi on {HOST}:{args.port} …")
        pid = server.start()
        server.wait_ready(args.port)
        say(f"server ready (pid {pid})")
        result["pages"], result["memory"] = measure(args.port, args, server)
        succeeded = True
    except BenchmarkError as error:
        print(f"[bench] ERROR: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("[bench] interrupted", file=sys.stderr)
        return 130
    finally:
        server.stop()
        if succeeded and not (args.keep or args.reuse):
            shutil.rmtree(instance, ignore_errors=True)
        elif not succeeded and instance.exists():
            say(f"instance and logs left for inspection: {instance}")

    result["environment"]["loadavg_end"] = os.getloadavg()
    ratio = result["pages"][HEADLINE[0]]["p50_ms"] / result["pages"][HEADLINE[1]]["p50_ms"]
    second = result["pages"][SECOND[0]]["p50_ms"] / result["pages"][SECOND[1]]["p50_ms"]
    result["headline"] = {
        "name": "agency home p50 / stock Document p50",
        "ratio": round(ratio, 2),
        "target": TARGET_RATIO,
        "ok": ratio <= TARGET_RATIO,
        "ratio_vs_document_editor": round(second, 2),
    }
    print_report(result)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    target = results / f"{started.strftime('%Y-%m-%d-%H%M%S')}.json"
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"written {target.relative_to(ROOT)}")
    if args.keep:
        say(f"instance kept: {instance.relative_to(ROOT)} (rerun with --reuse {instance.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
