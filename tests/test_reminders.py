"""The daily reminders: each handler gets one digest of their overdue and due-soon cases,
once a day (SPEC §4)."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.commands.instance import write_instance
from eiso.commands.reminders import main
from eiso.commands.reminders import remember_sent
from eiso.commands.reminders import SENT_KEY
from eiso.commands.reminders import send_reminders
from eiso.members import AgencyMembers
from eiso.notifications import storage
from eiso.testing import EISO_INTEGRATION_TESTING
from pathlib import Path
from plone import api
from plone.app.testing import login
from tests.test_notifications import install_mailhost
from tests.test_notifications import sent_mails
from zope.annotation.interfaces import IAnnotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import unittest


ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TUESDAY = date(2026, 11, 10)  # a working week without holidays


class TestReminders(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.mailhost = install_mailhost(self.portal)
        api.portal.set_registry_record("eiso.reminder_days", 2)
        self.soon = self.submitted("Sắp đến hạn", date(2026, 11, 12))  # Thursday: 2 working days
        self.today = self.submitted("Đến hạn hôm nay", TUESDAY)
        self.overdue = self.submitted("Quá hạn", date(2026, 11, 6))  # last Friday
        self.later = self.submitted("Còn lâu", date(2026, 11, 13))  # Friday: 3 working days
        self.finished = self.submitted("Đã xong", None)
        login(self.portal, "a-leader")
        hand_over(self.finished, "reject")
        self.set_deadline(self.finished, date(2026, 11, 6))
        # a draft the secretary handles herself
        self.draft = self.create("Dự thảo")
        self.set_deadline(self.draft, date(2026, 11, 11))
        # what the hand-overs above notified does not count here
        self.mailhost.reset()
        del IAnnotations(self.portal)[storage.KEY]
        self.output = []

    def create(self, title):
        login(self.portal, "a-secretary")
        return api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy",
            title=title, year=2026, motto="Chất lượng", statements=["Phục vụ"],
        )

    def submitted(self, title, deadline):
        item = self.create(title)
        hand_over(item, "submit")
        self.set_deadline(item, deadline)
        return item

    def set_deadline(self, item, deadline):
        item.due_date = deadline
        item.reindexObject()

    def run_reminders(self, today=TUESDAY, **options):
        return send_reminders(self.portal, today=today, out=self.output.append, **options)

    def mails_to(self, user_id):
        return [m for m in sent_mails(self.mailhost) if m[0] == f"{user_id}@example.vn"]

    def test_one_digest_per_handler(self):
        summary = self.run_reminders()
        self.assertEqual(summary["recipients"], 2)
        self.assertEqual(summary["cases"], 4)
        self.assertEqual((summary["sent"], summary["mailed"], summary["skipped"]), (2, 2, 0))
        self.assertEqual(len(sent_mails(self.mailhost)), 2)
        ((_to, subject, body),) = self.mails_to("a-leader")
        self.assertEqual(subject, "Nhắc việc: 1 hồ sơ quá hạn, 2 hồ sơ sắp đến hạn")
        self.assertIn("Kính gửi Lãnh Đạo A,", body)
        self.assertIn("Các hồ sơ đang chờ anh/chị xử lý (ngày 10/11/2026):", body)
        overdue, soon = body.index("QUÁ HẠN (1)"), body.index("SẮP ĐẾN HẠN (2)")
        self.assertTrue(overdue < body.index(f"{self.overdue.code} Quá hạn") < soon)
        self.assertIn("Bước 2: Lãnh đạo phê duyệt — hạn 06/11/2026, quá hạn 2 ngày làm việc", body)
        self.assertIn("hạn 10/11/2026, đến hạn hôm nay", body)
        self.assertIn("hạn 12/11/2026, còn 2 ngày làm việc", body)
        self.assertIn(self.overdue.absolute_url(), body)
        # by deadline
        self.assertTrue(soon < body.index(self.today.code) < body.index(self.soon.code))
        for item in (self.later, self.finished, self.draft):
            self.assertNotIn(item.code, body)
        self.assertIn(f"{self.portal.absolute_url()}/@@inbox", body)
        ((_to, subject, body),) = self.mails_to("a-secretary")
        self.assertEqual(subject, "Nhắc việc: 0 hồ sơ quá hạn, 1 hồ sơ sắp đến hạn")
        self.assertIn("còn 1 ngày làm việc", body)
        self.assertNotIn("QUÁ HẠN", body)
        # one in-app notification each, without the long URLs
        entry = storage.entries("a-leader")[0]
        self.assertEqual(entry["title"], "Nhắc việc: 1 hồ sơ quá hạn, 2 hồ sơ sắp đến hạn")
        self.assertIn(self.overdue.code, entry["text"])
        self.assertNotIn("http", entry["text"])
        self.assertEqual(entry["url"], f"{self.portal.absolute_url()}/@@inbox")
        self.assertEqual(storage.unread_count("a-secretary"), 1)
        self.assertIn("eiso-reminders: 2 người nhận, 4 hồ sơ", self.output[0])
        self.assertIn("đã gửi 2 bản nhắc việc", self.output[-1])

    def test_a_second_run_the_same_day_sends_nothing_unless_forced(self):
        self.run_reminders()
        self.mailhost.reset()
        summary = self.run_reminders()
        self.assertEqual((summary["sent"], summary["skipped"]), (0, 2))
        self.assertEqual(sent_mails(self.mailhost), [])
        self.assertEqual(storage.unread_count("a-leader"), 1)
        self.assertIn("bỏ qua 2 người đã nhận hôm nay", self.output[-1])
        summary = self.run_reminders(force=True)
        self.assertEqual(summary["sent"], 2)
        self.assertEqual(len(sent_mails(self.mailhost)), 2)
        self.mailhost.reset()
        summary = self.run_reminders(today=TUESDAY + timedelta(days=1))
        self.assertEqual(summary["sent"], 2)
        self.assertEqual(len(sent_mails(self.mailhost)), 2)

    def test_the_record_of_sent_digests_is_kept_sixty_days(self):
        remember_sent(self.portal, ["a-leader"], TUESDAY - timedelta(days=61))
        remember_sent(self.portal, ["a-leader"], TUESDAY - timedelta(days=60))
        self.run_reminders()
        kept = list(IAnnotations(self.portal)[SENT_KEY].keys())
        self.assertEqual(kept, [(TUESDAY - timedelta(days=60)).isoformat(), TUESDAY.isoformat()])
        self.assertEqual(list(IAnnotations(self.portal)[SENT_KEY][TUESDAY.isoformat()]),
                         ["a-leader", "a-secretary"])

    def test_dry_run_prints_and_changes_nothing(self):
        summary = self.run_reminders(dry_run=True)
        self.assertTrue(summary["dry_run"])
        self.assertEqual(sent_mails(self.mailhost), [])
        self.assertEqual(storage.unread_count("a-leader"), 0)
        printed = "\n".join(self.output)
        self.assertIn("Lãnh Đạo A (a-leader) <a-leader@example.vn>", printed)
        self.assertIn("Nhắc việc: 1 hồ sơ quá hạn, 2 hồ sơ sắp đến hạn", printed)
        self.assertIn(self.overdue.absolute_url(), printed)
        self.assertIn("chạy thử, không gửi gì", printed)
        # nothing remembered: the real run sends
        self.assertEqual(self.run_reminders()["sent"], 2)

    def test_reminder_days_from_the_settings(self):
        api.portal.set_registry_record("eiso.reminder_days", 0)
        self.run_reminders()
        ((_to, subject, body),) = self.mails_to("a-leader")
        self.assertEqual(subject, "Nhắc việc: 1 hồ sơ quá hạn, 1 hồ sơ sắp đến hạn")
        self.assertNotIn(self.soon.code, body)
        self.assertEqual(self.mails_to("a-secretary"), [])

    def test_users_without_email_and_disabled_accounts(self):
        api.user.get(userid="a-leader").setMemberProperties({"email": ""})
        login(self.portal, "a-admin")
        AgencyMembers(self.portal["co-quan-a"]).disable("a-secretary")
        summary = self.run_reminders()
        self.assertEqual(summary["recipients"], 1)
        self.assertEqual((summary["sent"], summary["mailed"], summary["without_email"]), (1, 0, 1))
        self.assertEqual(sent_mails(self.mailhost), [])
        self.assertEqual(storage.unread_count("a-leader"), 1)
        self.assertEqual(storage.unread_count("a-secretary"), 0)

    def test_without_mail_settings_only_in_app(self):
        api.portal.set_registry_record("plone.email_from_address", "")
        summary = self.run_reminders()
        self.assertEqual((summary["sent"], summary["mailed"]), (2, 0))
        self.assertEqual(sent_mails(self.mailhost), [])
        self.assertIn("chưa cấu hình gửi thư", "\n".join(self.output))
        self.assertEqual(storage.unread_count("a-leader"), 1)


class TestCommandLine(unittest.TestCase):
    def run_main(self, *argv):
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            try:
                code = main(list(argv))
            except SystemExit as exit:  # argparse
                code = exit.code
        return code, err.getvalue()

    def test_missing_configuration(self):
        code, err = self.run_main("--zope-conf", "/khong/co/zope.conf")
        self.assertEqual(code, 2)
        self.assertIn("không tìm thấy /khong/co/zope.conf", err)

    def test_bad_arguments(self):
        code, err = self.run_main("--date", "31/02/2026")
        self.assertEqual(code, 2)
        self.assertIn("ngày không hợp lệ", err)
        code, err = self.run_main("--portal-url", "iso.example.gov.vn")
        self.assertEqual(code, 2)
        self.assertIn("địa chỉ không hợp lệ", err)


SETUP = """
import sys, transaction
from datetime import date
from AccessControl.SecurityManagement import newSecurityManager
from eiso.commands.site import open_app, close
from eiso.testing import create_agencies
from zope.component.hooks import setSite
from plone import api
app = open_app(sys.argv[1])
site = app["Plone"]
setSite(site)
create_agencies(site)
user = site.acl_users.getUserById("a-secretary")
newSecurityManager(None, user.__of__(site.acl_users))
from eiso.cases.handover import hand_over
policy = api.content.create(container=site["co-quan-a"]["boi-canh"], type="QualityPolicy",
                            title="Chính sách 2026", year=2026, motto="M", statements=["S"])
hand_over(policy, "submit")
policy.due_date = date(2020, 1, 2)
policy.reindexObject()
transaction.commit()
close(app)
"""

CHECK = """
import sys
from eiso.commands.site import open_app, close
from zope.component.hooks import setSite
from eiso.notifications import storage
app = open_app(sys.argv[1])
site = app["Plone"]
setSite(site)
print(storage.unread_count("a-leader", portal=site))
print(storage._notifications("a-leader", portal=site).entries.values()[-1]["url"])
close(app)
"""


class TestConsoleScript(unittest.TestCase):
    """eiso-reminders against a real instance: a site, one overdue case."""

    def run_command(self, *args):
        env = dict(os.environ, zope_i18n_compile_mo_files="true")
        env.pop("EISO_PORTAL_URL", None)
        return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)

    def test_reminders_on_an_instance(self):
        with tempfile.TemporaryDirectory() as tmp:
            instance = Path(tmp) / "instance"
            (instance / "etc").mkdir(parents=True)
            for name in ("zope.conf.in", "zope.ini.in", "site.zcml"):
                shutil.copy(ROOT / "instance" / "etc" / name, instance / "etc" / name)
            write_instance(instance)
            conf = str(instance / "etc" / "zope.conf")
            reminders = str(BIN / "eiso-reminders")

            missing = self.run_command(reminders, "--zope-conf", conf)
            self.assertEqual(missing.returncode, 2, missing.stderr[-3000:])
            self.assertIn("không có site 'Plone'", missing.stderr)
            self.assertNotIn("Traceback", missing.stderr)

            created = self.run_command(str(BIN / "eiso-create-site"), "--zope-conf", conf, "--no-demo")
            self.assertEqual(created.returncode, 0, created.stderr[-3000:])
            setup = self.run_command(sys.executable, "-c", SETUP, conf)
            self.assertEqual(setup.returncode, 0, setup.stderr[-3000:])

            url = "https://iso.example.gov.vn"
            dry = self.run_command(reminders, "--zope-conf", conf, "--portal-url", url, "--dry-run")
            self.assertEqual(dry.returncode, 0, dry.stderr[-3000:])
            self.assertIn("eiso-reminders: 1 người nhận, 1 hồ sơ", dry.stdout)
            self.assertIn(f"{url}/co-quan-a/boi-canh/", dry.stdout)
            self.assertIn("QUÁ HẠN (1)", dry.stdout)

            sent = self.run_command(reminders, "--zope-conf", conf, "--portal-url", url)
            self.assertEqual(sent.returncode, 0, sent.stderr[-3000:])
            self.assertIn("chưa cấu hình gửi thư", sent.stdout)
            self.assertIn("đã gửi 1 bản nhắc việc", sent.stdout)
            again = self.run_command(reminders, "--zope-conf", conf, "--portal-url", url)
            self.assertIn("bỏ qua 1 người đã nhận hôm nay", again.stdout)

            check = self.run_command(sys.executable, "-c", CHECK, conf)
            self.assertEqual(check.returncode, 0, check.stderr[-3000:])
            # the hand-over's notification and the digest, its link under the portal
            self.assertEqual(check.stdout.split(), ["2", "@@inbox"])

            unknown = self.run_command(reminders, "--zope-conf", conf, "--site-id", "khong-co")
            self.assertEqual(unknown.returncode, 2)
            self.assertIn("không có site 'khong-co'", unknown.stderr)
            self.assertNotIn("Traceback", unknown.stderr)
