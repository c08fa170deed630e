"""The reminders through the running server: ``POST @reminders`` and ``eiso-reminders --url``,
for cron while the server holds the FileStorage (SPEC §4)."""

from datetime import date
from eiso.cases.handover import hand_over
from eiso.commands.reminders import main
from eiso.commands.reminders import SENT_KEY
from eiso.commands.reminders import vhost_url
from eiso.notifications import storage
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import PASSWORD
from eiso.testing import RestSession
from pathlib import Path
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from Products.SiteAccess.VirtualHostMonster import manage_addVirtualHostMonster
from tests.test_notifications import install_mailhost
from tests.test_notifications import sent_mails
from unittest import mock
from zc.lockfile import LockError
from zope.annotation.interfaces import IAnnotations

import contextlib
import io
import os
import socket
import tempfile
import transaction
import unittest


TUESDAY = "2026-11-10"  # a working week without holidays
LEADER_SUBJECT = "Nhắc việc: 1 hồ sơ quá hạn, 1 hồ sơ sắp đến hạn"
PUBLIC = "https://iso.example.gov.vn"


def run_main(*argv, **environ):
    """``main(argv)`` with the site owner's credentials in the environment (unless overridden);
    (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    environ = {"EISO_ADMIN_USER": SITE_OWNER_NAME, "EISO_ADMIN_PASSWORD": SITE_OWNER_PASSWORD,
               **environ}
    with mock.patch.dict(os.environ, environ), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        os.environ.pop("EISO_PORTAL_URL", None)
        try:
            code = main(list(argv))
        except SystemExit as exit:  # argparse
            code = exit.code
    return code, out.getvalue(), err.getvalue()


class TestRemindersThroughTheServer(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        app = self.layer["app"]
        if "virtual_hosting" not in app:  # a real Zope has it, the test layer does not
            manage_addVirtualHostMonster(app, "virtual_hosting")
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()
        self.mailhost = install_mailhost(self.portal)
        api.portal.set_registry_record("eiso.reminder_days", 2)
        login(self.portal, "a-secretary")
        self.overdue = self.create("Quá hạn", date(2026, 11, 6), submit=True)  # last Friday
        self.soon = self.create("Sắp đến hạn", date(2026, 11, 12), submit=True)
        self.later = self.create("Còn lâu", date(2026, 11, 13), submit=True)
        self.draft = self.create("Dự thảo", date(2026, 11, 11))  # the secretary's own
        logout()
        # what the hand-overs above notified does not count here; the list stays the one
        # the portal's savepoints stored (reset() would put a new one beside it)
        del self.mailhost.messages[:]
        IAnnotations(self.portal).pop(storage.KEY, None)
        transaction.commit()  # the server sees only what is committed

    def create(self, title, deadline, submit=False):
        item = api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy",
            title=title, year=2026, motto="Chất lượng", statements=["Phục vụ"],
        )
        if submit:
            hand_over(item, "submit")
        item.due_date = deadline
        item.reindexObject()
        return item

    def post(self, body=None, user=SITE_OWNER_NAME, password=SITE_OWNER_PASSWORD, **kwargs):
        session = RestSession(self.portal, user, password)
        self.addCleanup(session.close)
        if body is not None:
            kwargs["json"] = body
        return session.post("/@reminders", **kwargs)

    def mails(self):
        transaction.begin()  # see what the server committed
        return sent_mails(self.mailhost)

    def mail_to(self, user_id):
        (mail,) = [m for m in self.mails() if m[0] == f"{user_id}@example.vn"]
        return mail

    def nothing_changed(self):
        transaction.begin()
        self.assertEqual(self.mails(), [])
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 0)
        self.assertNotIn(SENT_KEY, IAnnotations(self.portal))

    # -- the service ----------------------------------------------------------------

    def test_the_service_sends_the_digests_once_a_day(self):
        answer = self.post({"date": TUESDAY})
        self.assertEqual(answer.status_code, 200, answer.text)
        summary = answer.json()["summary"]
        self.assertEqual(summary, {
            "date": TUESDAY, "recipients": 2, "cases": 3, "sent": 2, "mailed": 2,
            "without_email": 0, "skipped": 0, "dry_run": False,
            "documents_effective": 0, "review_digests": 0,
        })
        output = answer.json()["output"]
        self.assertIn("eiso-reminders: 2 người nhận, 3 hồ sơ (ngày 10/11/2026", output[0])
        self.assertIn("Lãnh Đạo A (a-leader): 1 quá hạn, 1 sắp đến hạn", "\n".join(output))
        self.assertIn("đã gửi 2 bản nhắc việc", output[-1])

        _to, subject, body = self.mail_to("a-leader")
        self.assertEqual(subject, LEADER_SUBJECT)
        # the links: the address the request came in by
        self.assertIn(self.overdue.absolute_url(), body)
        self.assertIn(self.soon.code, body)
        self.assertNotIn(self.later.code, body)
        self.assertIn(f"{self.url}/@@inbox", body)
        _to, subject, body = self.mail_to("a-secretary")
        self.assertIn(self.draft.code, body)
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 1)

        again = self.post({"date": TUESDAY, "dry_run": False})
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual((again.json()["summary"]["sent"], again.json()["summary"]["skipped"]),
                         (0, 2))
        self.assertEqual(len(self.mails()), 2)

        forced = self.post({"date": TUESDAY, "force": True})
        self.assertEqual(forced.json()["summary"]["sent"], 2)
        self.assertEqual(len(self.mails()), 4)

    def test_dry_run_shows_the_digests_and_changes_nothing(self):
        answer = self.post({"date": TUESDAY, "dry_run": True})
        self.assertEqual(answer.status_code, 200, answer.text)
        self.assertTrue(answer.json()["summary"]["dry_run"])
        self.assertEqual(answer.json()["summary"]["sent"], 2)
        printed = "\n".join(answer.json()["output"])
        self.assertIn("Lãnh Đạo A (a-leader) <a-leader@example.vn>", printed)
        self.assertIn(LEADER_SUBJECT, printed)
        self.assertIn(self.overdue.absolute_url(), printed)
        self.assertIn("chạy thử, không gửi gì", printed)
        self.nothing_changed()
        # nothing remembered: the real run sends
        self.assertEqual(self.post({"date": TUESDAY}).json()["summary"]["sent"], 2)

    def test_only_zope_administrators(self):
        for user, password in (("a-staff", PASSWORD), ("a-admin", PASSWORD),
                               (SITE_OWNER_NAME, "sai-mat-khau"), (None, None)):
            answer = self.post({"date": TUESDAY}, user=user, password=password)
            self.assertIn(answer.status_code, (401, 403), user)
        self.nothing_changed()

    def test_a_bad_body_is_explained(self):
        for kwargs, message in (
            ({"data": "không phải JSON"}, "Nội dung yêu cầu phải là một đối tượng JSON."),
            ({"json": [TUESDAY]}, "Nội dung yêu cầu phải là một đối tượng JSON."),
            ({"json": {"force": "yes"}}, "“force” phải là true hoặc false."),
            ({"json": {"dry_run": 1}}, "“dry_run” phải là true hoặc false."),
            ({"json": {"date": "10/11/2026"}}, "Ngày “10/11/2026” không hợp lệ"),
            ({"json": {"date": 20261110}}, "Ngày “20261110” không hợp lệ"),
            ({"json": {"dryrun": True}}, "Trường “dryrun” không được hỗ trợ"),
        ):
            answer = self.post(**kwargs)
            self.assertEqual(answer.status_code, 400, kwargs)
            self.assertIn(message, answer.json()["error"]["message"])
        self.nothing_changed()

    # -- eiso-reminders --url ----------------------------------------------------------

    def test_the_command_asks_the_server(self):
        code, out, err = run_main("--url", self.url, "--date", "10/11/2026")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("eiso-reminders: 2 người nhận, 3 hồ sơ", out)
        self.assertIn("đã gửi 2 bản nhắc việc", out)
        self.assertIn("eiso-reminders: kết quả ngày 10/11/2026 — người nhận: 2, hồ sơ: 3, "
                      "bản nhắc việc: 2, thư điện tử: 2", out)
        self.assertEqual(self.mail_to("a-leader")[1], LEADER_SUBJECT)
        self.assertIn(self.overdue.absolute_url(), self.mail_to("a-leader")[2])

        code, out, err = run_main("--url", self.url + "/", "--date", "10/11/2026")
        self.assertEqual(code, 0, err)
        self.assertIn("bỏ qua (đã nhận hôm nay): 2, tài liệu có hiệu lực: 0, "
                      "bản nhắc rà soát tài liệu: 0.", out)
        self.assertEqual(len(self.mails()), 2)

    def test_the_command_with_a_password_file_and_the_public_address(self):
        with tempfile.TemporaryDirectory() as tmp:
            password_file = Path(tmp) / "admin-password"
            password_file.write_text(SITE_OWNER_PASSWORD + "\n", encoding="utf-8")
            code, out, err = run_main(
                "--url", self.url, "--user", SITE_OWNER_NAME, "--password-file", str(password_file),
                "--portal-url", PUBLIC, "--date", "10/11/2026", "--dry-run",
                EISO_ADMIN_USER="", EISO_ADMIN_PASSWORD="",
            )
        self.assertEqual((code, err), (0, ""))
        # the links as users open the portal, through Zope's virtual hosting
        self.assertIn(f"{PUBLIC}/co-quan-a/boi-canh/", out)
        self.assertIn(f"{PUBLIC}/@@inbox", out)
        self.assertNotIn(self.url, out)
        self.assertIn("(chạy thử) — người nhận: 2", out)
        self.nothing_changed()

    def test_the_command_explains_what_went_wrong(self):
        server = self.url.rsplit("/", 1)[0]
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{probe.getsockname()[1]}/Plone"
        for argv, environ, message in (
            ((), {"EISO_ADMIN_PASSWORD": "sai-mat-khau"},
             f"máy chủ từ chối tài khoản '{SITE_OWNER_NAME}' (HTTP 401): sai mật khẩu"),
            ((), {"EISO_ADMIN_USER": "a-staff", "EISO_ADMIN_PASSWORD": PASSWORD},
             "máy chủ từ chối tài khoản 'a-staff'"),
            ((), {"EISO_ADMIN_PASSWORD": ""}, "thiếu tài khoản quản trị"),
            (("--password-file", "/khong/co/mat-khau"), {}, "không đọc được tệp mật khẩu"),
            (("--url", closed), {}, f"không kết nối được tới {closed}: máy chủ chưa chạy"),
            (("--url", f"{server}/khong-co"), {},
             f"không tìm thấy {server}/khong-co/@reminders (HTTP 404)"),
            (("--portal-url", "iso.example.gov.vn"), {}, "địa chỉ không hợp lệ"),
        ):
            code, out, err = run_main("--url", self.url, *argv, **environ)
            self.assertEqual(code, 2, argv)
            self.assertIn(message, err)
            self.assertNotIn("Traceback", err)
        self.nothing_changed()


class TestWithoutTheServer(unittest.TestCase):
    def test_a_locked_database_points_to_url(self):
        with tempfile.NamedTemporaryFile(suffix=".conf") as conf, \
                mock.patch("eiso.commands.site.open_app", side_effect=LockError("Data.fs.lock")):
            code, out, err = run_main("--zope-conf", conf.name)
        self.assertEqual(code, 2)
        self.assertIn("cơ sở dữ liệu đang được máy chủ sử dụng", err)
        self.assertIn("--url http://localhost:8080/Plone", err)

    def test_virtual_hosting_address(self):
        self.assertEqual(
            vhost_url("http://localhost:8080/Plone", "https://iso.example.gov.vn"),
            "http://localhost:8080/VirtualHostBase/https/iso.example.gov.vn:443"
            "/Plone/VirtualHostRoot",
        )
        self.assertEqual(
            vhost_url("http://127.0.0.1:8080/Plone", "http://so.gov.vn:8000/iso/"),
            "http://127.0.0.1:8080/VirtualHostBase/http/so.gov.vn:8000"
            "/Plone/VirtualHostRoot/_vh_iso",
        )
