"""eiso benchmark suite (``make bench``): N agencies, eiso against stock Plone, 1 and 2 ZEO clients.

    .venv/bin/python benchmarks/suite.py                  # make bench: 10 agencies
    .venv/bin/python benchmarks/suite.py --quick          # make bench-quick: 2 agencies, short load
    .venv/bin/python benchmarks/suite.py --agencies 50 --documents 40

In one run (see benchmarks/README.md, "The suite"):

1. a fresh instance in ``benchmarks/var/suite-<stamp>/`` set up as ``make start-zeo``
   does (``eiso.operations.zeo``: a ZEO server and two Zope clients, on this suite's
   own ports, 127.0.0.1 only); the eiso site with its demo data (``eiso-create-site``),
   the stock Classic UI site ``/stock`` (``prepare.py``) and the corpus (``corpus.py``),
   all through the scripts' client configuration;
2. with one client running: every page checked (200, the right content, the toolbar
   for the logged-in user), timed one request at a time, warmed up, then loaded with
   wrk in rotated turns: median and p95 per page, eiso's pages as ratios of their
   stock Plone counterparts;
3. the province reports (``@@province-overview``, ``@@iso-report`` of the site) timed
   one request at a time as admin;
4. throughput of a mixed set of eiso's pages: wrk against one client, then two wrk
   processes, each with half the connections, against the two clients at once;
5. ``benchmarks/results/<stamp>.json``, ``.md`` (table) and ``.svg`` (chart), copied
   to ``latest.md`` / ``latest.svg``.

Everything started is stopped at the end, also on an error, Ctrl-C or SIGTERM.
"""

from dataclasses import dataclass
from pathlib import Path

import argparse
import datetime
import html
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inbox import headers  # noqa: E402
from inbox import run_streamed  # noqa: E402
from run import BIN  # noqa: E402
from run import HOST  # noqa: E402
from run import ROOT  # noqa: E402
from run import TARGET_RATIO  # noqa: E402
from run import BenchmarkError  # noqa: E402
from run import Load  # noqa: E402
from run import drain  # noqa: E402
from run import environment  # noqa: E402
from run import percentile  # noqa: E402
from run import port_is_free  # noqa: E402
from run import result_of  # noqa: E402
from run import run_logged  # noqa: E402
from run import say  # noqa: E402

import writers  # noqa: E402


TEMPLATES = ROOT / "instance" / "etc"
PASSWORD = "eiso2026"
THUKY = ("thuky01", PASSWORD)  # ISO secretary of the first corpus agency
LEADER = ("lanhdao01", PASSWORD)  # its leader: the policy and nonconformities wait for him
STOCK_USER = ("thuky", PASSWORD)  # the stock site's Member (prepare.py content)
ADMIN = ("admin", "admin")
DEMO_THUKY = ("thuky", PASSWORD)  # ISO secretary of the demo agency so-khcn
QUERY = "thẩm định hồ sơ"  # two Vietnamese words, in most of the corpus' texts


@dataclass
class Page:
    name: str
    title: str
    path: str
    user: tuple
    check: object  # text the answer must contain, or a function (text) -> bool
    baseline: str | None = None
    json: bool = False
    stock: bool = False


def found(pattern):
    """A check: ``pattern``'s first group, a result count, is above 0."""
    def check(text):
        match = re.search(pattern, text, re.S)
        return bool(match) and int(match.group(1)) > 0
    check.__name__ = f"count > 0 in {pattern!r}"
    return check


def pages(paths):
    """The pages measured, in the corpus' first agency; ``paths``: corpus.py's paths."""
    first = paths["dv-01"]
    query = urllib.parse.quote(QUERY)
    eiso_count = found(r'eiso-search-count">\s*<span>[^<]*<strong>(\d+)</strong>')
    stock_count = found(r'id="search-results-number"[^>]*>(\d+)<')
    rest_count = found(r'"items_total": (\d+)')
    return (
        Page("agency_home", "Agency home", first["agency"], THUKY, "eiso-section-van-ban",
             "stock_document"),
        Page("demo_agency_home", "Agency home, demo so-khcn", "/Plone/so-khcn", DEMO_THUKY,
             "eiso-section-van-ban", "stock_document"),
        Page("inbox_page", "Inbox @@inbox", "/Plone/@@inbox", LEADER,
             "Kiểm soát hoạt động ISO", "stock_folder"),
        Page("document_view", "Controlled document", first["document"], THUKY,
             first["document_title"], "stock_document"),
        Page("search_page", f"Search page “{QUERY}”", f"/Plone/@@search?SearchableText={query}",
             THUKY, eiso_count, "stock_search_page"),
        Page("rest_document", "REST GET document", first["document"], THUKY,
             '"@type": "ControlledDocument"', "stock_rest_document", json=True),
        Page("rest_search", "REST @search", f"/Plone/@search?SearchableText={query}", THUKY,
             rest_count, "stock_rest_search", json=True),
        Page("rest_inbox", "REST @inbox", "/Plone/@inbox", LEADER, rest_count,
             "stock_rest_search", json=True),
        Page("stock_folder", "Stock Folder listing", first["stock_folder"], STOCK_USER,
             first["stock_document_title"], stock=True),
        Page("stock_document", "Stock Document", first["stock_document"], STOCK_USER,
             first["stock_document_title"], stock=True),
        Page("stock_search_page", "Stock search page", f"/stock/@@search?SearchableText={query}",
             STOCK_USER, stock_count, stock=True),
        Page("stock_rest_document", "Stock REST GET Document", first["stock_document"],
             STOCK_USER, '"@type": "Document"', json=True, stock=True),
        Page("stock_rest_search", "Stock REST @search", f"/stock/@search?SearchableText={query}",
             STOCK_USER, rest_count, json=True, stock=True),
    )


def reports(paths):
    first_title = paths["dv-01"]["agency_title"]
    return (
        Page("province_overview", "Province overview", "/Plone/@@province-overview", ADMIN,
             first_title),
        Page("province_iso_report", "Province ISO report", "/Plone/@@iso-report", ADMIN,
             first_title),
    )


# -- requests -------------------------------------------------------------------------


def serial(page, port, count, timeout=300):
    """Check the page; return its size and the times (ms) of ``count`` requests in turn."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    timings = []
    try:
        for _ in range(count):
            started = time.perf_counter()
            connection.request("GET", page.path, headers=headers(page))
            response = connection.getresponse()
            body = response.read()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status != 200:
                raise BenchmarkError(f"{page.path} as {page.user[0]}: HTTP {response.status}")
    finally:
        connection.close()
    text = body.decode("utf-8", errors="replace")
    if page.json:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    else:
        # Plone writes non-ASCII text as character references for logged-in users.
        text = html.unescape(text)
        if 'id="edit-zone"' not in text:
            raise BenchmarkError(f"{page.path} as {page.user[0]}: no toolbar (login refused?)")
    ok = page.check(text) if callable(page.check) else page.check in text
    if not ok:
        what = getattr(page.check, "__name__", repr(page.check))
        raise BenchmarkError(f"{page.path} as {page.user[0]}: {what} not in the answer")
    return len(body), timings


def wrk(port, args, seconds, page=None, requests_file=None, threads=None, connections=None):
    """Run wrk on ``page``, or on the mixed requests of ``requests_file``; return WRK_JSON."""
    command = ["wrk", f"-t{threads or args.threads}", f"-c{connections or args.connections}",
               f"-d{seconds}s", "--timeout", "120s"]
    if page is not None:
        command += ["-s", str(HERE / "report.lua")]
        for key, value in headers(page).items():
            command += ["-H", f"{key}: {value}"]
        command.append(f"http://{HOST}:{port}{page.path}")
    else:
        command += ["-s", str(HERE / "mixed.lua"), f"http://{HOST}:{port}", "--",
                    str(requests_file)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process, seconds):
    out, err = process.communicate(timeout=seconds + 180)
    if process.returncode:
        raise BenchmarkError(f"wrk failed: {err}")
    for line in out.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise BenchmarkError(f"no WRK_JSON line from wrk:\n{out}\n{err}")


def run_wrk(page, port, args, seconds):
    return wrk_result(wrk(port, args, seconds, page=page), seconds)


def summary(load):
    if not load.requests:
        raise BenchmarkError("wrk finished no request: give each page more time (--duration)")
    data = load.summary()
    data["p95_ms"] = round(percentile(load.histogram, 0.95) / 1000, 1)
    data["errors"] = sum(load.errors.values())
    return data


# -- measuring -------------------------------------------------------------------------


def measure_pages(measured, port, args):
    result = {}
    say(f"checking {len(measured)} pages; {args.serial} requests each, one at a time …")
    for page in measured:
        size, timings = serial(page, port, args.serial)
        result[page.name] = {
            "title": page.title, "path": page.path, "user": page.user[0],
            "baseline": page.baseline, "stock": page.stock, "bytes": size,
            "first_request_ms": round(timings[0], 1),
            "serial_ms": round(statistics.median(timings[len(timings) // 2:]), 1),
        }
        say(f"  {page.name}: first {timings[0]:.0f} ms, serial median "
            f"{result[page.name]['serial_ms']:.0f} ms")
    say(f"warming up with wrk, {args.warmup_s} s per page …")
    for page in measured:
        drain(run_wrk(page, port, args, args.warmup_s))
    seconds = max(1, round(args.duration / args.rounds))
    loads = {page.name: Load() for page in measured}
    for number in range(args.rounds):
        say(f"round {number + 1}/{args.rounds}: wrk -c{args.connections} {seconds} s per page …")
        shift = number % len(measured)
        for page in measured[shift:] + measured[:shift]:
            data = run_wrk(page, port, args, seconds)
            loads[page.name].add(data)
            drain(data)
    for name, load in loads.items():
        result[name].update(summary(load))
        if result[name]["errors"]:
            say(f"WARNING: {name}: {load.errors}")
    for data in result.values():
        base = result.get(data["baseline"])
        if base:
            data["ratio_p50"] = round(data["p50_ms"] / base["p50_ms"], 2)
            data["ratio_serial"] = round(data["serial_ms"] / base["serial_ms"], 2)
    return result


def measure_reports(measured, port, count):
    result = {}
    for page in measured:
        say(f"timing {page.path} as {page.user[0]}, {count} requests one at a time …")
        size, timings = serial(page, port, count + 1)
        runs = [round(t, 1) for t in timings[1:]]  # the first one warms the caches
        result[page.name] = {"title": page.title, "path": page.path, "user": page.user[0],
                             "bytes": size, "first_request_ms": round(timings[0], 1),
                             "median_ms": round(statistics.median(runs), 1),
                             "max_ms": max(runs), "runs": runs}
        say(f"  {page.name}: first {timings[0]:.0f} ms, median "
            f"{result[page.name]['median_ms']:.0f} ms")
    return result


def requests_file(measured, directory):
    """The mixed set for the throughput runs: eiso's pages, one line each."""
    path = Path(directory) / "mixed-requests.txt"
    lines = []
    for page in measured:
        if not page.stock:
            lines.append("\t".join([page.path] + [f"{k}: {v}" for k, v in headers(page).items()]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def throughput(ports, measured, mixed, args):
    """req/s of the mixed set: all connections on one client, then half on each of two."""
    result = {}
    for label, targets in (("one_client", ports[:1]), ("two_clients", ports)):
        say(f"throughput, {len(targets)} client(s): wrk -c{args.throughput_connections} "
            f"in total, {args.throughput_s} s …")
        # warm-up: the mixed set, briefly, on each client (client 1 is warm already;
        # client 2's ZODB cache is filled by a few requests of each page first)
        for port in targets[1:]:
            for page in measured:
                if not page.stock:
                    serial(page, port, 3)
        for port in targets:
            drain(wrk_result(wrk(port, args, args.warmup_s, requests_file=mixed), args.warmup_s))
        share = args.throughput_connections // len(targets)
        processes = [wrk(port, args, args.throughput_s, requests_file=mixed,
                         threads=max(1, args.threads // len(targets)), connections=share)
                     for port in targets]
        load = Load()
        for process in processes:
            data = wrk_result(process, args.throughput_s)
            # the processes ran at the same time: add requests, not durations
            load.requests += data["requests"]
            load.histogram += data["histogram"]
            load.duration_us = max(load.duration_us, data["duration_us"])
            for key, value in data["errors"].items():
                load.errors[key] = load.errors.get(key, 0) + value
        result[label] = summary(load)
        say(f"  {result[label]['req_per_s']} req/s, median {result[label]['p50_ms']} ms")
        time.sleep(3)
    result["scaling"] = round(result["two_clients"]["req_per_s"]
                              / result["one_client"]["req_per_s"], 2)
    result["description"] = (
        f"The {sum(1 for line in mixed.read_text().splitlines() if line)} eiso requests above "
        f"(pages and REST, as their users) taken in turn. 1 client: one wrk "
        f"(`-t{args.threads} -c{args.throughput_connections}`) on client 1; 2 clients: two wrk "
        f"processes at the same time, `-c{args.throughput_connections // 2}` each, one per "
        f"client (no balancer in between); {args.throughput_s} s each.")
    return result


# -- the run ---------------------------------------------------------------------------


def make_instance(instance, ports):
    from eiso.operations import zeo

    etc = instance / "etc"
    etc.mkdir(parents=True)
    for name in ("zope.conf.in", "zope.ini.in", "site.zcml", "zeo.conf.in",
                 "zope-zeoclient.conf.in"):
        shutil.copy(TEMPLATES / name, etc / name)
    zeo.configure(instance, zeo_host=HOST, zeo_port=ports[0], host=HOST, ports=ports[1:])
    return zeo.Layout(instance, len(ports) - 1)


def build(layout, args, logs):
    from eiso.operations import zeo

    scripts = str(layout.scripts_conf)
    timings = {}
    zeo.start_server(layout)
    say("eiso-create-site (site, eiso, demo data) …")
    timings["eiso_create_site_s"], _ = run_logged(
        [str(BIN / "eiso-create-site"), "--zope-conf", scripts], logs / "create-site.log")
    say("stock Classic UI site /stock and the reference content (prepare.py) …")
    timings["stock_site_s"], _ = run_logged(
        [sys.executable, str(HERE / "prepare.py"), "stock-site", scripts],
        logs / "stock-site.log")
    run_logged([sys.executable, str(HERE / "prepare.py"), "content", scripts],
               logs / "content.log")
    say(f"corpus: {args.agencies} agencies (corpus.py) …")
    corpus = run_streamed(
        [sys.executable, str(HERE / "corpus.py"), "--zope-conf", scripts,
         "--agencies", str(args.agencies), "--documents", str(args.documents),
         "--records", str(args.records), "--nonconformities", str(args.nonconformities)],
        logs / "corpus.log")
    corpus["timings"] = {k: round(v, 1) for k, v in timings.items()}
    say(f"  corpus made in {corpus['seconds']} s")
    return corpus


def agency_titles(corpus, layout, logs):
    """The corpus' first agency's title, for the province reports' check."""
    _, output = run_logged(
        [sys.executable, "-c",
         "import sys, json; from eiso.commands.site import open_app, close; "
         "app = open_app(sys.argv[1]); "
         "print('RESULT ' + json.dumps(app['Plone']['dv-01'].Title())); close(app)",
         str(layout.scripts_conf)], logs / "titles.log")
    corpus["paths"]["dv-01"]["agency_title"] = result_of(output)


def write_results(result, started):
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    stamp = started.strftime("%Y-%m-%d-%H%M%S")
    written = []
    for suffix, text in ((".json", json.dumps(result, indent=2, ensure_ascii=False) + "\n"),
                         (".md", writers.markdown(result)),
                         (".svg", writers.svg(result, TARGET_RATIO))):
        target = results / f"suite-{stamp}{suffix}"
        target.write_text(text, encoding="utf-8")
        written.append(target)
        if suffix != ".json":
            shutil.copy(target, results / f"latest{suffix}")
    return written


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: 2 agencies, small corpus, 6 s of load per page")
    parser.add_argument("--agencies", type=int, help="agencies in the corpus (default 10, --quick 2)")
    parser.add_argument("--documents", type=int, help="controlled documents per agency (default 20)")
    parser.add_argument("--records", type=int, help="records per agency (default 20)")
    parser.add_argument("--nonconformities", type=int, default=6, help="per agency (default 6)")
    parser.add_argument("--duration", type=int, help="seconds of load per page (default 10)")
    parser.add_argument("--rounds", type=int, help="turns the duration is split into (default 2)")
    parser.add_argument("--throughput-seconds", type=int, dest="throughput_s",
                        help="seconds of each throughput run (default 20)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections per page (4)")
    parser.add_argument("--throughput-connections", type=int, default=8,
                        help="wrk connections in total in the throughput runs (8)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (2)")
    parser.add_argument("--port", type=int, default=55621,
                        help="ZEO server port; the clients take the next two (default 55621)")
    parser.add_argument("--keep", action="store_true", help="keep the instance in benchmarks/var/")
    args = parser.parse_args(argv)
    quick = args.quick
    args.agencies = args.agencies or (2 if quick else 10)
    args.documents = args.documents or (6 if quick else 20)
    args.records = args.records or (6 if quick else 20)
    args.duration = args.duration or (6 if quick else 10)
    args.rounds = args.rounds or (1 if quick else 2)
    args.throughput_s = args.throughput_s or (5 if quick else 20)
    args.serial = 4 if quick else 10
    args.report_runs = 2 if quick else 3
    args.warmup_s = 1 if quick else 3

    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    ports = [args.port, args.port + 1, args.port + 2]
    busy = [port for port in ports if not port_is_free(port)]
    if busy:
        print(f"port(s) {busy} in use: choose other ports with --port", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, interrupt)

    from eiso.operations import zeo

    started = datetime.datetime.now()
    result = {
        "date": started.isoformat(timespec="seconds"),
        "mode": "quick" if quick else "full",
        "settings": {k: getattr(args, k) for k in (
            "agencies", "documents", "records", "nonconformities", "duration", "rounds",
            "throughput_s", "connections", "throughput_connections", "threads", "serial",
            "report_runs")},
        "environment": environment(),
    }
    result["settings"]["duration_s"] = args.duration
    instance = HERE / "var" / f"suite-{started.strftime('%Y%m%d-%H%M%S')}"
    logs = instance / "var" / "log"
    layout = None
    succeeded = False
    try:
        say(f"instance: {instance.relative_to(ROOT)}; ZEO on {HOST}:{ports[0]}, "
            f"clients on {ports[1]} and {ports[2]}")
        layout = make_instance(instance, ports)
        logs.mkdir(parents=True, exist_ok=True)
        result["corpus"] = corpus = build(layout, args, logs)
        agency_titles(corpus, layout, logs)
        measured = pages(corpus["paths"])
        zeo.start_client(layout, "client1")
        result["pages"] = measure_pages(measured, ports[1], args)
        result["reports"] = measure_reports(reports(corpus["paths"]), ports[1], args.report_runs)
        zeo.start_client(layout, "client2")
        with tempfile.TemporaryDirectory() as directory:
            mixed = requests_file(measured, directory)
            result["throughput"] = throughput(ports[1:], measured, mixed, args)
        succeeded = True
    except (BenchmarkError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"[bench] ERROR: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("[bench] interrupted", file=sys.stderr)
        return 130
    finally:
        if layout is not None:
            stopped = zeo.stop(layout)
            if stopped:
                say("stopped: " + ", ".join(stopped))
        if succeeded and not args.keep:
            shutil.rmtree(instance, ignore_errors=True)
        elif instance.exists():
            say(f"instance and logs left in {instance.relative_to(ROOT)}")

    result["environment"]["loadavg_end"] = os.getloadavg()
    slow = [f"{r['title']} {r['median_ms'] / 1000:.1f} s" for r in result["reports"].values()
            if r["median_ms"] > 1000]
    if slow:
        result["notes"] = [
            f"**Slow with {args.agencies} agencies (over 1 s):** {', '.join(slow)}. The "
            "province overview computes, for each agency, the figures of its whole ISO report "
            "(eiso.assessments.overview.agency_indicators → eiso.reporting's "
            "report_indicators)."]
    for target in write_results(result, started):
        say(f"written {target.relative_to(ROOT)}")
    print()
    print(writers.markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
