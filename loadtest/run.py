"""eiso load test: simulated staff browse, search, create and approve; then the count check.

    .venv/bin/python -m loadtest.run                     # 50 users, 5 minutes (make load)
    .venv/bin/python -m loadtest.run --users 5 --duration 20

Steps (docs/loadtest.md):

1. a fresh instance in a temporary directory: a ZEO server and two Zope clients
   (eiso.operations.zeo, the set-up of ``make start-zeo``) on the ports given,
   the site with the demo data (``eiso-create-site``);
2. locust, headless, with the users of loadtest/locustfile.py spread over both
   clients; every write the server acknowledges is appended to writes.jsonl;
3. the clients are stopped and the database is opened (loadtest/check.py): every
   acknowledged write must be there in its acknowledged state, and the number of
   load-test items must equal the number created;
4. the ConflictErrors the clients retried are counted in their event logs
   (eiso.conflicts), the report written to loadtest/results/<timestamp>.md and
   latest.md (with --save).

Exit code 0 only if locust saw no failed request, no ConflictError reached a
user, and the count check passed. The servers are always stopped.
"""

from eiso.operations import processes
from eiso.operations import zeo
from pathlib import Path

import argparse
import collections
import csv
import datetime
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid


HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
TEMPLATES = ROOT / "instance" / "etc"
HOST = "127.0.0.1"
RESULTS = HERE / "results"
DEFAULT_PORT = 55641  # ZEO server; the clients on the next ports


def say(message):
    print(f"[load] {message}", flush=True)


class LoadTestError(Exception):
    pass


# -- the instance ---------------------------------------------------------------


def build(instance, zeo_port, ports, log, users):
    """A ZEO server and ``len(ports)`` clients with a fresh demo site; return the layout."""
    etc = instance / "etc"
    etc.mkdir(parents=True)
    for name in ("zope.conf.in", "zope.ini.in", "site.zcml", "zeo.conf.in", "zope-zeoclient.conf.in"):
        shutil.copy(TEMPLATES / name, etc / name)
    zeo.configure(instance, zeo_port=zeo_port, host=HOST, ports=ports)
    layout = zeo.Layout(instance, len(ports))
    zeo.start_server(layout)
    say("creating the site with the demo data (eiso-create-site) …")
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as out:
        done = subprocess.run([str(BIN / "eiso-create-site"), "--zope-conf", str(layout.scripts_conf)],
                              stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    if done.returncode:
        raise LoadTestError(f"eiso-create-site failed; see {log}")
    say(f"site created in {time.monotonic() - started:.0f} s; creating the load test's accounts …")
    done = subprocess.run([sys.executable, "-m", "loadtest.accounts", "--zope-conf", str(layout.scripts_conf),
                           "--users", str(users)], cwd=ROOT, capture_output=True, text=True)
    if done.returncode or "ACCOUNTS " not in done.stdout:
        raise LoadTestError(f"creating the accounts failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    say(f"{done.stdout.split('ACCOUNTS ')[1].split()[0]} accounts created")
    for client in layout.clients:
        zeo.start_client(layout, client)
    return layout


def stop_clients(layout):
    for client in layout.existing_clients():
        pid = processes.running(layout.client_pidfile(client))
        if pid:
            processes.stop_pid(pid)
        layout.client_pidfile(client).unlink(missing_ok=True)


# -- warm-up --------------------------------------------------------------------

WARM_PAGES = ("/Plone/login", "{agency}", "{agency}/@@inbox", "{agency}/boi-canh", "{agency}/tai-lieu",
              "{agency}/to-chuc", "/Plone/@@search?SearchableText=ch%E1%BA%A5t+l%C6%B0%E1%BB%A3ng",
              "{agency}/@search?SearchableText=quy+tr%C3%ACnh", "{agency}/@inbox")


def warm_up(urls):
    """Every page type once per client and agency, one request at a time.

    A fresh client compiles its page templates on first use; when several threads
    compile at once, CPython 3.11's ast module can fail with "SystemError: AST
    constructor recursion depth mismatch" (python/cpython issue 106905), a 500 for
    that user. Production servers meet that only in their first seconds; the load
    test measures the running portal, so it compiles them first, as
    benchmarks/run.py does. Any answer but 200 stops the run.
    """
    import base64
    import urllib.error
    import urllib.request

    from loadtest.agencies import account
    from loadtest.agencies import AGENCIES
    from loadtest.agencies import PASSWORD

    started = time.monotonic()
    for base in urls:
        for agency in AGENCIES:
            token = base64.b64encode(f"{account(agency, 'staff', 0)}:{PASSWORD}".encode()).decode()
            for page in WARM_PAGES:
                path = page.format(agency=agency["path"])
                headers = {"Authorization": f"Basic {token}"}
                if "/@" in path and "/@@" not in path:
                    headers["Accept"] = "application/json"
                try:
                    with urllib.request.urlopen(urllib.request.Request(base + path, headers=headers),
                                                timeout=120) as response:
                        response.read()
                except urllib.error.HTTPError as error:
                    raise LoadTestError(f"warm-up: {base}{path} answered HTTP {error.code}")
    say(f"warm-up: {len(urls) * len(AGENCIES) * len(WARM_PAGES)} requests in {time.monotonic() - started:.0f} s")


# -- locust ---------------------------------------------------------------------


def run_locust(args, urls, workdir, marker):
    records = workdir / "writes.jsonl"
    env = dict(os.environ, LOADTEST_URLS=" ".join(urls), LOADTEST_RECORDS=str(records),
               LOADTEST_MARKER=marker, LOADTEST_USERS=str(args.users),
               LOADTEST_TALLY=str(workdir / "tally.json"),
               PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    prefix = workdir / "locust"
    command = [
        str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless",
        "--users", str(args.users), "--spawn-rate", str(args.spawn_rate),
        "--run-time", f"{args.duration}s", "--host", urls[0],
        # Users finish the task they are in (a write is acknowledged or failed,
        # never cut off half-way) before locust stops.
        "--stop-timeout", "120",
        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        "--exit-code-on-error", "1",
    ]
    say(f"locust: {args.users} users, {args.duration} s, against {' '.join(urls)} …")
    with open(workdir / "locust.log", "w", encoding="utf-8") as out:
        done = subprocess.run(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
                              timeout=args.duration + 600)
    return done.returncode, records, prefix


def read_stats(prefix):
    rows = []
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.append(row)
    failures = []
    path = Path(f"{prefix}_failures.csv")
    if path.exists():
        with open(path, encoding="utf-8") as f:
            failures = list(csv.DictReader(f))
    return rows, failures


# -- conflicts ------------------------------------------------------------------


def count_conflicts(layout):
    """ConflictErrors the clients wrote to their event logs (eiso.conflicts), by request."""
    from eiso.conflicts import NOT_RETRIED
    from eiso.conflicts import RETRIED

    retried = not_retried = 0
    where = collections.Counter()
    examples = []
    for client in layout.clients:
        log = layout.client_var(client) / "log" / "event.log"
        if not log.exists():
            continue
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            if NOT_RETRIED in line:
                not_retried += 1
                examples.append(f"{client}: {line}")
            elif RETRIED in line:
                retried += 1
                if len(examples) < 5:
                    examples.append(f"{client}: {line}")
            else:
                continue
            # "…: POST /Plone/so-khcn/boi-canh/<item>/@workflow/submit (ConflictError: … class X, …)"
            request = line.split(": ", 1)[1].split(" (", 1)[0] if ": " in line else "?"
            method, _, path = request.partition(" ")
            klass = re.search(r"class ([\w.]+)", line)
            where[(method, re.sub(r"tai-thu-lt\w+-so-\d+", "<item>", path),
                   klass.group(1) if klass else "?")] += 1
    return {"retried": retried, "not_retried": not_retried, "examples": examples,
            "where": [{"request": f"{m} {p}", "object": k, "count": n}
                      for (m, p, k), n in where.most_common(15)]}


# -- the report -------------------------------------------------------------------


def ms(value):
    try:
        return f"{float(value):.0f}"
    except (TypeError, ValueError):
        return "—"


def report(result):
    lines = [
        f"# eiso load test — {result['started']}",
        "",
        f"**{'PASSED' if result['ok'] else 'FAILED'}**: {result['verdict']}",
        "",
        "| | |",
        "|---|---|",
        f"| simulated users | {result['users']} (spawn rate {result['spawn_rate']}/s) |",
        f"| duration | {result['duration_s']} s of load |",
        f"| set-up | {result['setup']} |",
        f"| requests | {result['requests']} (the table below stops when the run time is up: "
        f"{result['requests'] - result['csv_requests']} more finished the users' last tasks) |",
        f"| failed requests | {result['failures']} |",
        f"| throughput | {result['req_per_s']:.1f} requests/s |",
        f"| writes acknowledged (create, submit, approve) | {result['check']['acknowledged']} |",
        f"| items created / found in the database | {result['check']['created']} / {result['check']['found']} |",
        f"| their states in the database | {', '.join(f'{k} {v}' for k, v in result['check']['by_state'].items()) or '—'} |",
        f"| acknowledged state found for every write | {'yes' if not result['check']['problems'] else 'NO'} |",
        f"| ConflictErrors retried by Zope / reaching a user | {result['conflicts']['retried']} / {result['conflicts']['not_retried']} |",
        f"| machine | {result['machine']} |",
        "",
        "## Requests",
        "",
        "| request | count | failures | median ms | p95 ms | p99 ms | max ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result["stats"]:
        name = row["Name"] if row["Name"] != "Aggregated" else "**all**"
        lines.append(
            f"| {row['Type']} {name} | {row['Request Count']} | {row['Failure Count']} | "
            f"{ms(row['50%'])} | {ms(row['95%'])} | {ms(row['99%'])} | {ms(row['Max Response Time'])} | "
            f"{float(row['Requests/s']):.2f} |"
        )
    if result["tally"]["errors"]:
        lines += ["", "## Failures", ""]
        for error, count in list(result["tally"]["errors"].items())[:20]:
            lines.append(f"- {' '.join(error.split())[:400]} ({count}×)")
    if result["check"]["problems"]:
        lines += ["", "## Count check problems", ""]
        lines += [f"- {problem}" for problem in result["check"]["problems"][:50]]
    if result["conflicts"]["where"]:
        lines += ["", "## ConflictErrors by request (retried by Zope unless said otherwise)", "",
                  "| request | object in conflict | count |", "|---|---|---:|"]
        lines += [f"| {w['request']} | `{w['object']}` | {w['count']} |" for w in result["conflicts"]["where"]]
    if result["conflicts"]["examples"]:
        lines += ["", "## Conflicts (first lines of the event logs)", "", "```"]
        lines += result["conflicts"]["examples"][:10]
        lines += ["```"]
    if result.get("note"):
        lines += ["", result["note"]]
    lines += [
        "",
        "Produced by `make load` (loadtest/run.py); what each request does: loadtest/locustfile.py, "
        "docs/loadtest.md.",
        "",
    ]
    return "\n".join(lines)


# -- main -----------------------------------------------------------------------


def interrupt(signum, frame):
    raise KeyboardInterrupt


def machine():
    try:
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return f"{os.cpu_count()} CPUs, load average {load} at the end; Python {platform.python_version()}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=int(os.environ.get("USERS") or 50),
                        help="simulated users (default 50, or $USERS)")
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION") or 300),
                        help="seconds of load (default 300, or $DURATION)")
    parser.add_argument("--spawn-rate", type=float, default=5.0, help="users started per second (default 5)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOADTEST_PORT") or DEFAULT_PORT),
                        help=f"ZEO server port; the two clients use the next two (default {DEFAULT_PORT})")
    parser.add_argument("--clients", type=int, default=2, help="Zope clients (default 2)")
    parser.add_argument("--save", action="store_true",
                        help="write loadtest/results/<timestamp>.md and latest.md")
    parser.add_argument("--note", default=os.environ.get("LOADTEST_NOTE", ""),
                        help="a sentence added to the report (e.g. what else ran on the machine)")
    parser.add_argument("--keep", action="store_true", help="keep the instance directory")
    parser.add_argument("--json", type=Path, help="also write the result as JSON to this file")
    args = parser.parse_args(argv)

    if shutil.which("locust", path=str(BIN)) is None:
        print("locust is missing: .venv/bin/pip install -c constraints.txt -e '.[load]'", file=sys.stderr)
        return 2
    ports = [args.port + 1 + n for n in range(args.clients)]
    for port in [args.port, *ports]:
        if processes.port_open(HOST, port):
            print(f"port {port} is in use: choose others with --port", file=sys.stderr)
            return 2

    signal.signal(signal.SIGTERM, interrupt)
    started = datetime.datetime.now(datetime.timezone.utc)
    workdir = Path(tempfile.mkdtemp(prefix="eiso-load-"))
    marker = "LT" + uuid.uuid4().hex[:6].upper()
    layout = None
    try:
        layout = build(workdir / "instance", args.port, ports, workdir / "create-site.log", args.users)
        urls = [f"http://{HOST}:{port}" for port in ports]
        warm_up(urls)
        code, records, prefix = run_locust(args, urls, workdir, marker)
        load_end = machine()
        if not Path(f"{prefix}_stats.csv").exists():
            raise LoadTestError(f"locust wrote no statistics; its output:\n"
                                f"{(workdir / 'locust.log').read_text(errors='replace')[-3000:]}")
        stats, failure_rows = read_stats(prefix)
        tally_file = workdir / "tally.json"
        if not tally_file.exists():
            raise LoadTestError("locust quit without writing its tally (loadtest/locustfile.py)")
        tally = json.loads(tally_file.read_text(encoding="utf-8"))
        say("stopping the clients; the count check opens the database …")
        stop_clients(layout)
        done = subprocess.run(
            [sys.executable, "-m", "loadtest.check", "--zope-conf", str(layout.scripts_conf),
             "--records", str(records), "--marker", marker],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
        )
        lines = [line for line in done.stdout.splitlines() if line.startswith("CHECK ")]
        if not lines:
            raise LoadTestError(f"the count check failed to run:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
        check = json.loads(lines[-1][len("CHECK "):])
        conflicts = count_conflicts(layout)
    except KeyboardInterrupt:
        say("interrupted")
        return 130
    except (LoadTestError, RuntimeError, subprocess.SubprocessError) as error:
        say(f"FAILED: {error}")
        return 1
    finally:
        if layout is not None:
            zeo.stop(layout)
        if args.keep:
            say(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)

    total = next((row for row in stats if row["Name"] == "Aggregated"), None)
    # The tally includes the requests of the users' last tasks, after the CSV snapshot.
    requests = max(int(total["Request Count"]) if total else 0, tally["requests"])
    failures = max(int(total["Failure Count"]) if total else 0, tally["failures"])
    reasons = []
    if failures or code:
        reasons.append(f"{failures} failed requests (locust exit code {code})")
    if check["problems"]:
        reasons.append(f"count check: {len(check['problems'])} problems")
    if conflicts["not_retried"]:
        reasons.append(f"{conflicts['not_retried']} ConflictErrors reached a user")
    if not requests or not check["created"]:
        reasons.append("no requests or no item created: the load did not run")
    ok = not reasons
    result = {
        "ok": ok,
        "verdict": "no failed request, every acknowledged write found in its state, "
                   "no ConflictError reached a user" if ok else "; ".join(reasons),
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "duration_s": args.duration,
        "setup": f"ZEO server and {args.clients} Zope clients (waitress, 4 threads each), "
                 f"fresh site with the demo data; users spread over the clients",
        "requests": requests,
        "failures": failures,
        "req_per_s": float(total["Requests/s"]) if total else 0.0,
        "stats": stats,
        "failure_rows": failure_rows,
        "tally": tally,
        "csv_requests": int(total["Request Count"]) if total else 0,
        "check": check,
        "conflicts": conflicts,
        "machine": load_end,
        "note": args.note,
    }
    text = report(result)
    print(text)
    if args.save:
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{started.strftime('%Y-%m-%d-%H%M')}.md"
        path.write_text(text, encoding="utf-8")
        (RESULTS / "latest.md").write_text(text, encoding="utf-8")
        say(f"report: {path.relative_to(ROOT)} (and latest.md)")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    say("PASSED" if ok else f"FAILED: {result['verdict']}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
