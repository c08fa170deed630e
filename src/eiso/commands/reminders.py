"""``eiso-reminders``: each handler gets one digest of their overdue and due-soon cases.

A case is *due soon* when its deadline is within ``eiso.reminder_days`` working
days (Cài đặt hệ thống ISO), *overdue* when it has passed. Each handler gets one
e-mail with both lists and one in-app notification. The run remembers who got
today's digest, so running it again the same day sends nothing new
(``--force`` sends again); ``--dry-run`` prints the digests and changes nothing.
Mails leave when the transaction commits, at the end.

The same daily run looks after controlled documents (``eiso.documents``): approved
documents whose effective date has come take effect first (their readers are told),
and each document controller gets one digest of the effective documents due for their
periodic review. Both are idempotent: nothing is left to do on a second run.

Run it once a day from cron (SPEC §4). While the server runs, ask the server to
do it: ``--url`` is the site's address as this machine reaches it; the account
administers the whole site (the Zope administrator, or a Manager or Site
Administrator of the site) — ``--user`` and ``--password-file`` (a file only the
cron user can read), or ``EISO_ADMIN_USER`` / ``EISO_ADMIN_PASSWORD``. The
crontab line (one line there)::

    30 6 * * * cd /srv/eiso && .venv/bin/eiso-reminders \\
        --url http://localhost:8080/Plone --user admin \\
        --password-file /srv/eiso/admin-password --portal-url https://iso.example.gov.vn

Nothing here opens the database then; the server sends the mails
(``POST <site>/@reminders``). Without ``--url`` the command opens the database
itself, which FileStorage allows only while the server is stopped (with ZEO it
runs beside the clients)::

    30 6 * * * cd /srv/eiso && .venv/bin/eiso-reminders \\
        --zope-conf instance/etc/zope.conf --portal-url https://iso.example.gov.vn

``--portal-url`` (or ``EISO_PORTAL_URL``) is the address users open the portal
at, used for the links in the e-mails; with ``--url`` it goes to the server as
Zope virtual hosting (``/VirtualHostBase/…``), so leave it out when ``--url``
already is the public address.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from datetime import date
from datetime import datetime
from datetime import timedelta
from eiso import _
from eiso.commands.site import DEFAULT_SITE_ID
from eiso.documents.reviews import send_review_reminders
from eiso.documents.workflow import make_due_documents_effective
from eiso.members import AgencyMembers
from eiso.notifications import storage
from eiso.notifications.mail import mail_configured
from eiso.notifications.mail import send
from eiso.notifications.mail import t
from eiso.notifications.mail import user_info
from eiso.utils import format_date
from eiso.workingdays import as_date
from eiso.workingdays import calendar
from pathlib import Path
from plone import api
from urllib.parse import urlsplit
from zope.annotation.interfaces import IAnnotations

import argparse
import base64
import json
import os
import sys
import urllib.error
import urllib.request


SENT_KEY = "eiso.reminders.sent"  # iso date → OOTreeSet of the user ids who got that day's digest
KEEP_DAYS = 60
OVERDUE = "overdue"
DUE_SOON = "soon"


# -- what is due ------------------------------------------------------------------

def step_title(case_step):
    """``"2|Leader's approval"`` → "Bước 2: Lãnh đạo duyệt"."""
    number, _sep, title = (case_step or "").partition("|")
    if not title:
        return ""
    return t(_("Step ${number}: ${title}", mapping={"number": number, "title": t(title)}))


def remaining_text(deadline, today, days_left):
    if deadline < today:
        late = -days_left
        if late <= 0:  # passed over a weekend or holiday
            return t(_("overdue"))
        return t(_("${days} working days late", mapping={"days": late}))
    if deadline == today:
        return t(_("due today"))
    return t(_("${days} working days left", mapping={"days": days_left}))


def due_cases(portal, today, days):
    """{user id: {OVERDUE: [case], DUE_SOON: [case]}} from the catalog's brains.

    A case is a dict {code, title, step, deadline, remaining, url, path}.
    """
    working = calendar()
    # The index narrows the search; the calendar decides (weekends after the horizon).
    horizon = working.add_working_days(today, days + 1)
    brains = portal.portal_catalog.unrestrictedSearchResults(
        case_open=True, due_date={"query": horizon, "range": "max"}, sort_on="due_date",
    )
    portal_path = "/".join(portal.getPhysicalPath())
    members = {}
    digests = {}
    for brain in brains:
        if not brain.due_date or not brain.responsible_users:
            continue
        deadline = as_date(brain.due_date)
        days_left = working.working_days_between(today, deadline)
        if deadline < today:
            kind = OVERDUE
        elif days_left <= days:
            kind = DUE_SOON
        else:
            continue
        path = brain.getPath()
        agency_id = path[len(portal_path) + 1:].split("/")[0]
        if agency_id not in members:
            agency = portal.get(agency_id)
            members[agency_id] = AgencyMembers(agency) if agency is not None else None
        case = {
            "code": brain.code or "",
            "title": brain.Title,
            "step": step_title(brain.case_step),
            "deadline": deadline,
            "remaining": remaining_text(deadline, today, days_left),
            "url": brain.getURL(),
            "path": path,
        }
        for user_id in brain.responsible_users:
            agency_members = members[agency_id]
            if agency_members is not None and agency_members.is_disabled(user_id):
                continue  # nobody reads it, and it may be someone who left
            lists = digests.setdefault(user_id, {OVERDUE: [], DUE_SOON: []})
            lists[kind].append(case)
    return digests


# -- the digest -------------------------------------------------------------------

def case_lines(case, with_url):
    lines = [
        "- " + " ".join(filter(None, [case["code"], case["title"]])),
        "  " + " — ".join(filter(None, [
            case["step"],
            t(_("deadline ${deadline}, ${remaining}", mapping={
                "deadline": format_date(case["deadline"]), "remaining": case["remaining"]})),
        ])),
    ]
    if with_url:
        lines.append(f"  {case['url']}")
    return lines


def digest(lists, today, with_urls=True):
    """(subject, text) of one handler's digest."""
    overdue, soon = lists[OVERDUE], lists[DUE_SOON]
    subject = t(_("Reminder: ${overdue} overdue cases, ${soon} cases due soon",
                  mapping={"overdue": len(overdue), "soon": len(soon)}))
    lines = [t(_("Cases waiting for you on ${date}:", mapping={"date": format_date(today)}))]
    for heading, cases in (
        (_("Overdue (${count})", mapping={"count": len(overdue)}), overdue),
        (_("Due soon (${count})", mapping={"count": len(soon)}), soon),
    ):
        if cases:
            lines += ["", t(heading).upper()]
            for case in cases:
                lines += case_lines(case, with_urls)
    return subject, "\n".join(lines)


# -- who got it already -------------------------------------------------------------

def _sent(portal, create=False):
    annotations = IAnnotations(portal)
    if create and SENT_KEY not in annotations:
        annotations[SENT_KEY] = OOBTree()
    return annotations.get(SENT_KEY)


def already_sent(portal, user_id, today):
    sent = _sent(portal)
    return bool(sent) and user_id in sent.get(today.isoformat(), ())


def remember_sent(portal, user_ids, today):
    sent = _sent(portal, create=True)
    key = today.isoformat()
    if key not in sent:
        sent[key] = OOTreeSet()
    sent[key].update(user_ids)
    oldest = (today - timedelta(days=KEEP_DAYS)).isoformat()
    for old in list(sent.keys(max=oldest, excludemax=True)):
        del sent[old]


# -- the run ------------------------------------------------------------------------

def send_reminders(portal, today=None, force=False, dry_run=False, out=print):
    """Send today's digests; return a summary dict.

    ``today`` (a date) defaults to the current day. The caller commits.
    """
    today = today or date.today()
    days = api.portal.get_registry_record("eiso.reminder_days", default=2)
    days = 2 if days is None else days
    # Controlled documents whose effective date has come take effect first (SPEC §5);
    # a second run the same day finds none left.
    documents = [] if dry_run else make_due_documents_effective(portal, today)
    digests = due_cases(portal, today, days)
    cases = {case["path"] for lists in digests.values() for cases in lists.values()
             for case in cases}
    summary = {
        "date": today, "recipients": len(digests), "cases": len(cases), "sent": 0,
        "mailed": 0, "without_email": 0, "skipped": 0, "dry_run": dry_run,
        "documents_effective": len(documents),
    }
    for document in documents:
        out(f"eiso-reminders: tài liệu {document.code or ''} “{document.Title()}” có hiệu lực "
            f"từ {format_date(document.effective_date)}")
    out(f"eiso-reminders: {len(digests)} người nhận, {len(cases)} hồ sơ "
        f"(ngày {format_date(today)}; sắp đến hạn: trong {days} ngày làm việc)")
    can_mail = mail_configured()
    if not can_mail and digests:
        out("eiso-reminders: chưa cấu hình gửi thư (Cài đặt → Thư điện tử): "
            "chỉ gửi thông báo trong hệ thống.")
    inbox_url = f"{portal.absolute_url()}/@@inbox"
    done = []
    for user_id in sorted(digests):
        lists = digests[user_id]
        if not force and already_sent(portal, user_id, today):
            summary["skipped"] += 1
            continue
        name, email = user_info(user_id)
        subject, text = digest(lists, today)
        body = "\n\n".join([
            t(_("Dear ${name},", mapping={"name": name})), text,
            t(_("All your cases: ${url}", mapping={"url": inbox_url})),
        ])
        counts = f"{len(lists[OVERDUE])} quá hạn, {len(lists[DUE_SOON])} sắp đến hạn"
        if dry_run:
            out(f"\n=== {name} ({user_id}) <{email or 'không có thư điện tử'}> ===")
            out(f"{subject}\n\n{body}\n")
            summary["sent"] += 1
            continue
        storage.add(user_id, subject, digest(lists, today, with_urls=False)[1], inbox_url,
                    portal=portal)
        mailed = bool(email) and can_mail and send(email, subject, body)
        summary["sent"] += 1
        summary["mailed"] += mailed
        summary["without_email"] += not email
        done.append(user_id)
        how = "thư điện tử và thông báo" if mailed else "chỉ thông báo trong hệ thống"
        out(f"  {name} ({user_id}): {counts} — {how}")
    if done:
        remember_sent(portal, done, today)
    # Effective documents due for their periodic review: a digest to the document controllers.
    summary["review_digests"] = send_review_reminders(
        portal, today, force=force, dry_run=dry_run, out=out)
    if dry_run:
        out(f"eiso-reminders: chạy thử, không gửi gì ({summary['sent']} bản nhắc việc).")
    else:
        out(f"eiso-reminders: đã gửi {summary['sent']} bản nhắc việc "
            f"({summary['mailed']} thư điện tử, {summary['without_email']} người không có "
            f"địa chỉ thư); bỏ qua {summary['skipped']} người đã nhận hôm nay.")
    return summary


# -- through the running server (--url) -----------------------------------------------

TIMEOUT = 900  # seconds: the server composes every digest before it answers
SUMMARY_LABELS = (
    ("recipients", "người nhận"), ("cases", "hồ sơ"), ("sent", "bản nhắc việc"),
    ("mailed", "thư điện tử"), ("without_email", "người không có địa chỉ thư"),
    ("skipped", "bỏ qua (đã nhận hôm nay)"),
    ("documents_effective", "tài liệu có hiệu lực"),
    ("review_digests", "bản nhắc rà soát tài liệu"),
)


class Failure(Exception):
    """What went wrong, in words for the person reading cron's mail."""


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirected POST would come back as a GET: report the new address instead."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def vhost_url(site_url, portal_url):
    """``site_url`` answering as ``portal_url``, by Zope's virtual hosting.

    http://localhost:8080/Plone, https://iso.example.gov.vn →
    http://localhost:8080/VirtualHostBase/https/iso.example.gov.vn:443/Plone/VirtualHostRoot
    """
    site, public = urlsplit(site_url), urlsplit(portal_url)
    port = public.port or {"http": 80, "https": 443}[public.scheme]
    return "/".join([
        f"{site.scheme}://{site.netloc}", "VirtualHostBase", public.scheme,
        f"{public.hostname}:{port}", *filter(None, site.path.split("/")), "VirtualHostRoot",
        *(f"_vh_{segment}" for segment in public.path.split("/") if segment),
    ])


def read_password(path):
    """The first line of ``path``."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise Failure(f"không đọc được tệp mật khẩu {path} ({problem}).") from None
    return (text.splitlines() or [""])[0]


def server_message(problem):
    """The message of a plone.restapi error answer, else the HTTP reason."""
    try:
        return json.load(problem)["error"]["message"]
    except (ValueError, KeyError, TypeError, OSError):
        return problem.reason


def call_server(url, site_url, body, user, password):
    """POST ``body`` to ``<url>/@reminders``; the answer's JSON, or raise Failure."""
    token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    request = urllib.request.Request(
        f"{url}/@reminders", data=json.dumps(body).encode(), method="POST",
        headers={"Accept": "application/json", "Content-Type": "application/json",
                 "Accept-Language": "vi", "Authorization": f"Basic {token}"},
    )
    try:
        with urllib.request.build_opener(_NoRedirect).open(request, timeout=TIMEOUT) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as problem:
        if problem.code in (401, 403):
            message = (f"máy chủ từ chối tài khoản '{user}' (HTTP {problem.code}): sai mật khẩu, "
                       "hoặc tài khoản không có quyền quản trị toàn site (Manager, "
                       "Site Administrator).")
        elif 300 <= problem.code < 400:
            message = (f"{site_url} chuyển hướng tới {problem.headers.get('Location')}: "
                       "hãy dùng địa chỉ đó cho --url.")
        elif problem.code == 404:
            message = (f"không tìm thấy {site_url}/@reminders (HTTP 404): kiểm tra địa chỉ site "
                       "trong --url (ví dụ http://localhost:8080/Plone) và eiso đã được cài.")
        else:
            message = f"máy chủ báo lỗi HTTP {problem.code}: {server_message(problem)}"
        raise Failure(message) from None
    except urllib.error.URLError as problem:
        raise Failure(f"không kết nối được tới {site_url}: máy chủ chưa chạy, hoặc sai địa chỉ "
                      f"hay cổng ({problem.reason}).") from None
    except TimeoutError:
        raise Failure(f"máy chủ {site_url} không trả lời sau {TIMEOUT} giây.") from None
    except OSError as problem:
        raise Failure(f"mất kết nối tới {site_url} ({problem}).") from None
    except ValueError:
        raise Failure(f"{site_url}/@reminders không trả lời bằng JSON: --url có đúng là "
                      "địa chỉ site không?") from None


def run_on_server(args):
    """``--url``: the server sends the reminders; the database stays closed here."""
    user = args.user or os.environ.get("EISO_ADMIN_USER")
    password = (read_password(args.password_file) if args.password_file
                else os.environ.get("EISO_ADMIN_PASSWORD"))
    if not user or not password:
        raise Failure("thiếu tài khoản quản trị: đặt biến môi trường EISO_ADMIN_USER và "
                      "EISO_ADMIN_PASSWORD, hoặc dùng --user và --password-file.")
    url = args.url
    public = args.portal_url or os.environ.get("EISO_PORTAL_URL")
    if public:
        try:
            public = parse_url(public)
        except argparse.ArgumentTypeError as problem:
            raise Failure(str(problem)) from None
        if public != args.url:
            url = vhost_url(args.url, public)
    body = {"force": args.force, "dry_run": args.dry_run}
    if args.date:
        body["date"] = args.date.isoformat()
    answer = call_server(url, args.url, body, user, password)
    for line in answer["output"]:
        print(line)
    summary = answer["summary"]
    counts = ", ".join(f"{label}: {summary.get(key, 0)}" for key, label in SUMMARY_LABELS)
    day = format_date(date.fromisoformat(summary["date"]))
    dry = " (chạy thử)" if summary["dry_run"] else ""
    print(f"eiso-reminders: kết quả ngày {day}{dry} — {counts}.")


# -- the console script ---------------------------------------------------------------

def parse_day(value):
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"ngày không hợp lệ: {value} (dd/mm/yyyy)")


def parse_url(value):
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"địa chỉ không hợp lệ: {value} (ví dụ https://iso.example.gov.vn)")
    return value.rstrip("/")


def set_public_url(request, portal, url):
    """Make ``portal.absolute_url()`` (and brains' URLs) answer ``url``, as virtual hosting does."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}[parts.scheme]
    request.setServerURL(parts.scheme, parts.hostname, port)
    request.setVirtualRoot([segment for segment in parts.path.split("/") if segment])
    request.other["VirtualRootPhysicalPath"] = portal.getPhysicalPath()


def error(message):
    print(f"eiso-reminders: {message}", file=sys.stderr)
    return 2


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="eiso-reminders",
        description="Gửi cho mỗi người xử lý một thư nhắc việc: hồ sơ quá hạn và sắp đến hạn "
                    "(e-mail each handler a digest of overdue and due-soon cases).",
    )
    parser.add_argument("--zope-conf", default="instance/etc/zope.conf", help="path to zope.conf")
    parser.add_argument("--site-id", default=DEFAULT_SITE_ID, help="id of the Plone site")
    parser.add_argument(
        "--portal-url", type=parse_url, default=None,
        help="address of the portal for the links in the e-mails "
             "(default: $EISO_PORTAL_URL, else http://localhost:8080/<site-id>; with --url: "
             "passed to the server as virtual hosting)",
    )
    parser.add_argument("--date", type=parse_day, default=None,
                        help="run as on this day, dd/mm/yyyy (default: today)")
    parser.add_argument("--force", action="store_true",
                        help="send again to those who already got today's digest")
    parser.add_argument("--dry-run", action="store_true",
                        help="print the digests, send nothing and change nothing")
    parser.add_argument(
        "--url", type=parse_url, default=None,
        help="address of the running site, e.g. http://localhost:8080/Plone: the server "
             "sends the reminders (POST @reminders) and the database is not opened here; "
             "use it while the server runs on a FileStorage",
    )
    parser.add_argument("--user", default=None,
                        help="with --url: an administrator of the whole site, e.g. the Zope "
                             "administrator (default: $EISO_ADMIN_USER)")
    parser.add_argument("--password-file", default=None,
                        help="with --url: a file holding that user's password on its first "
                             "line (default: $EISO_ADMIN_PASSWORD)")
    args = parser.parse_args(argv)
    if args.url:
        try:
            run_on_server(args)
        except Failure as problem:
            return error(str(problem))
        return 0
    portal_url = args.portal_url or os.environ.get("EISO_PORTAL_URL") or (
        f"http://localhost:8080/{args.site_id}")
    try:
        portal_url = parse_url(portal_url)
    except argparse.ArgumentTypeError as problem:
        return error(str(problem))
    if not Path(args.zope_conf).is_file():
        return error(f"không tìm thấy {args.zope_conf} (no zope.conf: run eiso-instance first).")

    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from plone.base.interfaces import IPloneSiteRoot
    from zope.component.hooks import setSite

    import transaction

    from zc.lockfile import LockError

    try:
        app = open_app(args.zope_conf)
    except LockError:
        return error(
            "cơ sở dữ liệu đang được máy chủ sử dụng. Khi máy chủ đang chạy, hãy gửi qua máy "
            f"chủ: --url http://localhost:8080/{args.site_id} (với --user và --password-file); "
            "hoặc chạy khi máy chủ dừng (the database is locked by the running server: "
            "use --url)."
        )
    try:
        site = app.get(args.site_id)
        if site is None or not IPloneSiteRoot.providedBy(site):
            return error(
                f"không có site '{args.site_id}'. Hãy kiểm tra --site-id hoặc chạy "
                "eiso-create-site (no such site)."
            )
        setSite(site)
        set_public_url(app.REQUEST, site, portal_url)
        send_reminders(site, today=args.date, force=args.force, dry_run=args.dry_run)
        if args.dry_run:
            transaction.abort()
        else:
            transaction.commit()
    finally:
        transaction.abort()
        close(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
