"""Benchmark of the ISO inbox at scale: 50,000 cases, one leader with 500 waiting.

    .venv/bin/python benchmarks/inbox.py                   # 50,000 cases, 20 s of load per page
    .venv/bin/python benchmarks/inbox.py --items 5000 --quick

Steps (see benchmarks/README.md, "The inbox at scale"):

1. a fresh instance in benchmarks/var/inbox-<timestamp>/ with the eiso site
   ``/Plone`` and the stock Classic UI site ``/stock`` (run.py's helpers);
2. ``fill`` (this file, in its own process): 10 agencies with 10 accounts each
   and ITEMS QualityPolicy cases spread over them; the leader of the first
   agency, ``lanhdao01``, has 500 cases waiting ("Chưa xử lý"), others he follows
   or finished; 500 published Documents in the stock folder ``/stock/tai-lieu``;
3. runwsgi serves the instance; every page is checked, timed one request at a
   time (serial) and loaded with wrk, as run.py does;
4. the inbox against stock Plone doing the same work: ``@inbox`` against
   ``@search`` over the 500 Documents (same page size), ``@@inbox`` against the
   Folder's ``listing_view`` (20 a page).

Cases are made the quick way: the object, its workflow state and role
mappings, its steps, handlers and local roles are set directly and the item
is indexed once, as the case engine leaves it (no events, no audit trail),
committing every 1,000.
"""

from dataclasses import dataclass
from pathlib import Path

import argparse
import datetime
import html
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import BIN  # noqa: E402
from run import BenchmarkError  # noqa: E402
from run import HOST  # noqa: E402
from run import Load  # noqa: E402
from run import ROOT  # noqa: E402
from run import Server  # noqa: E402
from run import TARGET_RATIO  # noqa: E402
from run import auth_header  # noqa: E402
from run import create_sites  # noqa: E402
from run import drain  # noqa: E402
from run import environment  # noqa: E402
from run import make_instance  # noqa: E402
from run import port_is_free  # noqa: E402
from run import say  # noqa: E402


AGENCIES = 10
ACCOUNTS = 10  # per agency: a leader, an ISO secretary, 8 staff
WAITING = 500  # cases waiting for lanhdao01
DOCUMENTS = 500  # in /stock/tai-lieu
PASSWORD = "eiso2026"
LEADER = ("lanhdao01", PASSWORD)
THUKY = ("thuky", PASSWORD)  # the stock site's Member made by prepare.py
TARGET_MS = 300
COMMIT_EVERY = 1000


@dataclass
class Page:
    name: str
    path: str
    user: tuple
    expect: str
    baseline: str | None = None
    json: bool = False


def pages(waiting):
    """The pages measured; ``waiting``: the number of cases waiting for lanhdao01."""
    total = f'"items_total": {waiting}'
    search = "/stock/@search?portal_type=Document&path=/stock/tai-lieu&sort_on=sortable_title"
    return (
        Page("inbox_rest", "/Plone/@inbox", LEADER, total, "stock_search_rest", True),
        Page("inbox_rest_100", "/Plone/@inbox?b_size=100", LEADER, total,
             "stock_search_rest_100", True),
        Page("inbox_page", "/Plone/@@inbox", LEADER, "Kiểm soát hoạt động ISO", "stock_listing"),
        Page("stock_search_rest", f"{search}&b_size=20", THUKY, '"items_total": 500', None, True),
        Page("stock_search_rest_100", f"{search}&b_size=100", THUKY, '"items_total": 500',
             None, True),
        Page("stock_search_rest_500", f"{search}&b_size=500", THUKY, '"items_total": 500',
             None, True),
        Page("stock_listing", "/stock/tai-lieu", THUKY, "Văn bản tham chiếu 001"),
    )


# -- filling the site (run in its own process: FileStorage allows one) --------


def agency_accounts(number):
    suffix = f"{number:02d}"
    accounts = [
        (f"lanhdao{suffix}", f"Lãnh Đạo {suffix}", "van-phong", ["Leader"]),
        (f"thuky{suffix}", f"Thư Ký {suffix}", "van-phong", ["IsoSecretary"]),
    ]
    accounts += [
        (f"canbo{suffix}-{k}", f"Cán Bộ {suffix}.{k}", "phong-chuyen-mon", [])
        for k in range(1, ACCOUNTS - 1)
    ]
    return accounts


def plan(items):
    """[(state, count)] of one agency's cases: WAITING pending, then 10 % approved,
    60 % applied, 30 % drafts of what is left."""
    per_agency = items // AGENCIES
    pending = min(WAITING, per_agency // 2)
    rest = per_agency - pending
    approved = rest // 10
    applied = rest * 6 // 10
    return [("pending", pending), ("approved", approved), ("applied", applied),
            ("draft", rest - approved - applied)]


class CaseMaker:
    """Makes cases as the case engine leaves them, without its events."""

    def __init__(self, site):
        from eiso.cases.flows import FLOWS
        from plone import api

        self.flow = FLOWS["eiso_approval_workflow"]
        self.workflow_tool = api.portal.get_tool("portal_workflow")
        self.workflow = self.workflow_tool["eiso_approval_workflow"]
        self.today = datetime.date.today()

    def step(self, steps, state, handlers, deadline):
        return steps.start(state, self.flow.steps[state].title, handlers, "van-phong", deadline)

    def make(self, section, number, state, secretary, leader):
        from DateTime import DateTime
        from eiso.cases.steps import CaseSteps
        from plone.dexterity.utils import createContent

        year = 2026 - number % 3
        item_id = f"cs-{number:06d}"
        item = createContent(
            "QualityPolicy", id=item_id, title=f"Chính sách chất lượng số {number}", year=year,
            motto="Không ngừng nâng cao chất lượng", statements=["Phục vụ người dân"],
        )
        section._setObject(item_id, item, suppress_events=True)
        item = section._getOb(item_id)
        item.creators = (secretary,)
        item.manage_setLocalRoles(secretary, ["Owner"])
        item.code = f"CS-{year}-{number:06d}"
        # Deadlines from 10 days ago to 30 days ahead: overdue, due soon and on time.
        deadline = self.today + datetime.timedelta(days=number % 41 - 10)
        steps = CaseSteps(item)
        self.step(steps, "draft", [secretary], None)
        participants, handlers, action = [], [secretary], None
        if state != "draft":
            steps.finish(secretary, "submit")
            self.step(steps, "pending", [leader], deadline)
            participants, handlers, action = [secretary], [leader], "submit"
        if state in ("approved", "applied"):
            steps.finish(leader, "approve")
            self.step(steps, "approved", [secretary], deadline)
            participants, handlers, action = [secretary, leader], [secretary], "approve"
        if state == "applied":
            steps.finish(leader, "apply")
            handlers, action = [], "apply"
        item.case_participants = participants
        item.responsible_users = handlers
        item.responsible_department = "van-phong" if handlers else None
        item.due_date = deadline if handlers and state != "draft" else None
        for user_id in handlers:
            roles = set(item.get_local_roles_for_userid(user_id)) | {"CaseHandler"}
            item.manage_setLocalRoles(user_id, sorted(roles))
        self.workflow_tool.setStatusOf("eiso_approval_workflow", item, {
            "action": action, "actor": handlers[0] if handlers else leader, "comments": "",
            "review_state": state, "time": DateTime(),
        })
        self.workflow.updateRoleMappingsFor(item)
        item.indexObject()


def fill(zope_conf, items):
    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from eiso.demo import ensure_agency
    from plone import api
    from plone.base.utils import get_installer
    from zope.component.hooks import setSite

    import transaction

    app = open_app(zope_conf)
    site = app["Plone"]
    setSite(site)
    started = time.perf_counter()
    with api.env.adopt_user(username="admin"):
        agencies = []
        for number in range(1, AGENCIES + 1):
            agency = ensure_agency(
                site, f"co-quan-{number:02d}",
                {"title": f"Cơ quan thử nghiệm {number:02d}", "code": f"CQ{number:02d}"},
                [("van-phong", "Văn phòng", "VP"), ("phong-chuyen-mon", "Phòng Chuyên môn", "CM")],
                agency_accounts(number), PASSWORD, "bench.example.vn",
            )
            agencies.append((agency, agency_accounts(number)))
        transaction.commit()
        say(f"[fill] {AGENCIES} agencies, {AGENCIES * ACCOUNTS} accounts "
            f"({time.perf_counter() - started:.0f} s)")
        maker = CaseMaker(site)
        made = 0
        number = 0
        total = sum(count for _, count in plan(items)) * AGENCIES
        for agency, accounts in agencies:
            section = agency["boi-canh"]
            leader, secretary = accounts[0][0], accounts[1][0]
            for state, count in plan(items):
                for _ in range(count):
                    number += 1
                    maker.make(section, number, state, secretary, leader)
                    made += 1
                    if made % COMMIT_EVERY == 0:
                        transaction.commit()
                        app._p_jar.cacheGC()
                        seconds = time.perf_counter() - started
                        say(f"[fill] {made}/{total} cases, {made / seconds:.0f}/s, "
                            f"{seconds:.0f} s")
        transaction.commit()
        cases_s = time.perf_counter() - started

        stock = app["stock"]
        setSite(stock)
        # A classic site answers REST calls once plone.restapi's profile is installed
        # (eiso's profile installs it too).
        get_installer(stock).install_product("plone.restapi")
        # As in eiso (docs/performance.md, "The navigation lesson"): otherwise the
        # global navigation and the navigation portlet list the 500 Documents.
        api.portal.set_registry_record("plone.navigation_depth", 1)
        api.portal.set_registry_record("plone.displayed_types", ("Folder",))
        folder = stock.get("tai-lieu") or api.content.create(
            container=stock, type="Folder", id="tai-lieu", title="Tài liệu tham chiếu")
        api.content.transition(obj=folder, to_state="published")
        for index in range(1, DOCUMENTS + 1):
            document = api.content.create(
                container=folder, type="Document", id=f"van-ban-{index:03d}",
                title=f"Văn bản tham chiếu {index:03d}",
                description="Một trang Plone thông thường trong thư mục 500 trang.",
            )
            api.content.transition(obj=document, to_state="published")
        transaction.commit()
    close(app)
    return {"cases": made, "cases_s": round(cases_s, 1),
            "plan_per_agency": plan(items), "documents": DOCUMENTS,
            "total_s": round(time.perf_counter() - started, 1)}


# -- measuring ------------------------------------------------------------------


def headers(page):
    result = auth_header(page.user)
    if page.json:
        result["Accept"] = "application/json"
    return result


def serial(page, port, count):
    """Check the page; return its size and the times of ``count`` requests one at a time."""
    connection = http.client.HTTPConnection(HOST, port, timeout=120)
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
    text = html.unescape(body.decode("utf-8", errors="replace"))
    if page.json:
        text = json.dumps(json.loads(text), ensure_ascii=False)
    if page.expect not in text:
        raise BenchmarkError(f"{page.path} as {page.user[0]}: {page.expect!r} not in the answer")
    return len(body), timings


def wrk(page, port, args, seconds):
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s",
               "--timeout", "60s", "-s", str(HERE / "report.lua")]
    for key, value in headers(page).items():
        command += ["-H", f"{key}: {value}"]
    command.append(f"http://{HOST}:{port}{page.path}")
    process = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    if process.returncode:
        raise BenchmarkError(f"wrk failed on {page.path}: {process.stderr}")
    for line in process.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            return json.loads(line[len("WRK_JSON "):])
    raise BenchmarkError(f"no WRK_JSON line from wrk on {page.path}:\n{process.stdout}")


def measure(port, args, server):
    measured = pages(plan(args.items)[0][1])
    result = {}
    say(f"checking {len(measured)} pages; {args.serial} requests each, one at a time …")
    for page in measured:
        size, timings = serial(page, port, args.serial)
        result[page.name] = {
            "path": page.path, "user": page.user[0], "baseline": page.baseline,
            "bytes": size, "first_request_ms": round(timings[0], 1),
            "serial_ms": round(statistics.median(timings[len(timings) // 2:]), 1),
        }
        say(f"  {page.name}: first {timings[0]:.0f} ms, serial median "
            f"{result[page.name]['serial_ms']:.0f} ms")
    say(f"warming up with wrk, {args.warmup_s} s per page …")
    for page in measured:
        drain(wrk(page, port, args, args.warmup_s))
    memory = {"rss_after_warmup_mb": server.rss_mb()}
    seconds = max(1, round(args.duration / args.rounds))
    loads = {page.name: Load() for page in measured}
    for number in range(args.rounds):
        say(f"round {number + 1}/{args.rounds}: wrk {seconds} s per page …")
        shift = number % len(measured)
        for page in measured[shift:] + measured[:shift]:
            data = wrk(page, port, args, seconds)
            loads[page.name].add(data)
            drain(data)
    memory["rss_after_load_mb"] = server.rss_mb()
    for name, load in loads.items():
        result[name].update(load.summary())
    for data in result.values():
        base = result.get(data["baseline"])
        if base:
            data["ratio_serial"] = round(data["serial_ms"] / base["serial_ms"], 2)
            data["ratio_p50"] = round(data["p50_ms"] / base["p50_ms"], 2)
    return result, memory


def print_report(result):
    fill_result = result.get("fill")
    print()
    if fill_result:
        print(f"Site: {fill_result['cases']} cases in {AGENCIES} agencies "
              f"({fill_result['cases_s']} s to make), per agency {fill_result['plan_per_agency']}; "
              f"lanhdao01 has {fill_result['plan_per_agency'][0][1]} waiting")
    print(f"Server RSS: {result['memory']['rss_after_warmup_mb']} MB after warm-up, "
          f"{result['memory']['rss_after_load_mb']} MB after load")
    header = (f"{'page':<22} {'KB':>6} {'serial':>7} {'p50':>7} {'p99':>7} {'req/s':>6}  "
              f"ratio serial / p50 vs baseline")
    print(header)
    print("-" * len(header))
    for name, data in result["pages"].items():
        ratio = (f"{data['ratio_serial']:.2f} / {data['ratio_p50']:.2f} × {data['baseline']}"
                 if "ratio_serial" in data else "(stock)")
        print(f"{name:<22} {data['bytes'] / 1024:>6.1f} {data['serial_ms']:>7.1f} "
              f"{data['p50_ms']:>7.1f} {data['p99_ms']:>7.1f} {data['req_per_s']:>6.1f}  {ratio}")
    print("(times in ms; serial = median of one-at-a-time requests, p50/p99 under load)")
    for line in result["verdicts"]:
        print("==> " + line)
    print()


def verdicts(pages):
    lines = []
    for name in ("inbox_rest", "inbox_page"):
        data = pages[name]
        ok = data["ratio_serial"] <= TARGET_RATIO and data["serial_ms"] <= TARGET_MS
        lines.append(
            f"{name} serial {data['serial_ms']:.0f} ms (target < {TARGET_MS}), "
            f"{data['ratio_serial']:.2f} × {data['baseline']} (target ≤ {TARGET_RATIO}; "
            f"p50 {data['ratio_p50']:.2f}): {'OK' if ok else 'TOO SLOW'}"
        )
    return lines


# -- the run ----------------------------------------------------------------------


def run_streamed(command, log):
    """Run ``command``, its output to ``log``, lines starting with [bench] echoed."""
    with open(log, "w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, cwd=ROOT)
        output = []
        for line in process.stdout:
            out.write(line)
            output.append(line)
            if line.startswith("[bench]"):
                print(line, end="", flush=True)
        process.wait()
    if process.returncode:
        raise BenchmarkError(f"{command[1]} failed ({process.returncode}); see {log}:\n"
                             + "".join(output[-30:]))
    for line in output:
        if line.startswith("RESULT "):
            return json.loads(line[len("RESULT "):])
    raise BenchmarkError(f"no RESULT line in {log}")


def interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=50000, help="cases to create (default 50000)")
    parser.add_argument("--quick", action="store_true", help="5 s of load per page instead of 20 s")
    parser.add_argument("--duration", type=int, help="seconds of load per page (default 20)")
    parser.add_argument("--rounds", type=int, help="turns the duration is split into (default 4)")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8122, help="server port (default 8122)")
    parser.add_argument("--reuse", type=Path, metavar="DIR", help="measure an instance kept earlier")
    parser.add_argument("--keep", action="store_true", help="keep the instance in benchmarks/var/")
    args = parser.parse_args(argv)
    args.duration = args.duration or (5 if args.quick else 20)
    args.rounds = args.rounds or (1 if args.quick else 4)
    args.serial = 6 if args.quick else 20
    args.warmup_s = 2 if args.quick else 3
    if args.items < 10 * AGENCIES:
        parser.error(f"--items must be at least {10 * AGENCIES}")
    if shutil.which("wrk") is None:
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 2
    if not port_is_free(args.port):
        print(f"port {args.port} is in use: choose another with --port", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, interrupt)

    started = datetime.datetime.now()
    result = {"date": started.isoformat(timespec="seconds"), "items": args.items,
              "settings": {"duration_s": args.duration, "rounds": args.rounds,
                           "connections": args.connections, "threads": args.threads,
                           "serial_requests": args.serial},
              "environment": environment()}
    if args.reuse:
        instance = args.reuse.resolve()
        subprocess.run([BIN / "eiso-instance", "--instance", instance, "--host", HOST,
                        "--port", str(args.port)], check=True, stdout=subprocess.DEVNULL)
    else:
        instance = HERE / "var" / f"inbox-{started.strftime('%Y%m%d-%H%M%S')}"
    logs = instance / "var" / "log"
    server = Server(instance / "etc" / "zope.ini", logs / "server.log")
    succeeded = False
    try:
        if not args.reuse:
            say(f"instance: {instance.relative_to(ROOT)}")
            zope_conf = make_instance(instance, args.port)
            result["site_creation"] = create_sites(zope_conf, logs)
            say(f"filling the site with {args.items} cases (progress every {COMMIT_EVERY}) …")
            result["fill"] = run_streamed(
                [sys.executable, str(HERE / "inbox.py"), "fill", str(zope_conf), str(args.items)],
                logs / "inbox-fill.log")
            say(f"  filled in {result['fill']['total_s']} s")
        say(f"starting runwsgi on {HOST}:{args.port} …")
        server.start()
        server.wait_ready(args.port)
        result["pages"], result["memory"] = measure(args.port, args, server)
        result["verdicts"] = verdicts(result["pages"])
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
    print_report(result)
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    target = results / f"inbox-{started.strftime('%Y-%m-%d-%H%M%S')}.json"
    target.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    say(f"written {target.relative_to(ROOT)}")
    if args.keep:
        say(f"instance kept: {instance.relative_to(ROOT)} (rerun with --reuse {instance.relative_to(ROOT)})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "fill":
        print("RESULT " + json.dumps(fill(sys.argv[2], int(sys.argv[3]))), flush=True)
        sys.exit(0)
    sys.exit(main())
