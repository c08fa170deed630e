"""Notifications: the secretary submits, the leader is told (e-mail and the bell);
the leader decides, the author is told; nobody is told what they did themselves."""

from email import message_from_bytes
from email.header import decode_header
from email.header import make_header
from eiso.cases.handover import hand_over
from eiso.notifications import storage
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing.utils import MockMailHost
from plone.app.viewletmanager.interfaces import IViewletSettingsStorage
from Products.MailHost.interfaces import IMailHost
from unittest import mock
from zope.component import getUtility

import transaction
import unittest


def install_mailhost(portal, sender="iso@example.vn"):
    """A MailHost that keeps what it is asked to send (as plone.app.testing's layer does)."""
    mailhost = MockMailHost("MailHost")
    portal.MailHost = mailhost
    site_manager = portal.getSiteManager()
    site_manager.unregisterUtility(provided=IMailHost)
    site_manager.registerUtility(mailhost, provided=IMailHost)
    api.portal.set_registry_record("plone.email_from_address", sender)
    api.portal.set_registry_record("plone.email_from_name", "Hệ thống ISO điện tử")
    return mailhost


def sent_mails(mailhost):
    """[(to, subject, body)] of what the MailHost was given."""
    result = []
    for raw in mailhost.messages:
        message = message_from_bytes(raw if isinstance(raw, bytes) else raw.encode())
        subject = str(make_header(decode_header(message["Subject"])))
        body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
        result.append((message["To"], subject, body))
    return result


class NotificationTestCase(unittest.TestCase):
    def create_policy(self, user="a-secretary"):
        login(self.portal, user)
        return api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy",
            title="Chính sách chất lượng 2026", year=2026, motto="Chất lượng",
            statements=["Phục vụ nhân dân"],
        )

    def as_user(self, user, *args, **kwargs):
        login(self.portal, user)
        hand_over(*args, **kwargs)

    def mails_to(self, user_id):
        return [mail for mail in sent_mails(self.mailhost) if mail[0] == f"{user_id}@example.vn"]


class TestStorage(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]

    def test_add_list_count_and_mark_read(self):
        self.assertEqual(storage.entries("a-staff"), [])
        self.assertEqual(storage.unread_count("a-staff"), 0)
        first = storage.add("a-staff", "Một", "văn bản", self.portal.absolute_url() + "/co-quan-a")
        second = storage.add("a-staff", "Hai")
        self.assertEqual(storage.unread_count("a-staff"), 2)
        self.assertEqual(storage.unread_count("a-leader"), 0)
        listed = storage.entries("a-staff")
        self.assertEqual([e["title"] for e in listed], ["Hai", "Một"])
        self.assertEqual(listed[1]["url"], self.portal.absolute_url() + "/co-quan-a")
        self.assertEqual(listed[0]["url"], self.portal.absolute_url())
        self.assertFalse(listed[0]["read"])
        self.assertEqual(storage.mark_read("a-staff", [first, "x", 999]), 1)
        self.assertEqual(storage.unread_count("a-staff"), 1)
        self.assertEqual([e["id"] for e in storage.entries("a-staff", unread_only=True)], [second])
        self.assertEqual(storage.mark_read("a-staff"), 1)
        self.assertEqual(storage.mark_read("a-staff"), 0)
        self.assertEqual(storage.unread_count("a-staff"), 0)

    def test_urls_are_kept_relative_to_the_portal(self):
        storage.add("a-staff", "Một", url=self.portal.absolute_url() + "/co-quan-a/boi-canh")
        stored = storage._notifications("a-staff").entries.values()[0]
        self.assertEqual(stored["url"], "co-quan-a/boi-canh")

    def test_only_the_last_entries_are_kept(self):
        for number in range(storage.LIMIT + 5):
            last = storage.add("a-staff", f"Thông báo {number}")
        storage.mark_read("a-staff", [last])
        listed = storage.entries("a-staff")
        self.assertEqual(len(listed), storage.LIMIT)
        self.assertEqual(listed[-1]["title"], "Thông báo 5")
        self.assertEqual(storage.unread_count("a-staff"), storage.LIMIT - 1)


class TestHeaderViewlet(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_the_bell_comes_after_the_search_box(self):
        order = getUtility(IViewletSettingsStorage).getOrder("plone.portalheader", "Plone Default")
        self.assertEqual(order[order.index("plone.searchbox") + 1], "eiso.notifications")


class TestHandOverNotifications(NotificationTestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.mailhost = install_mailhost(self.portal)

    def test_submit_tells_the_leader(self):
        policy = self.create_policy()
        hand_over(policy, "submit", comment="Kính trình lãnh đạo")
        mails = sent_mails(self.mailhost)
        self.assertEqual(len(mails), 1)
        to, subject, body = mails[0]
        self.assertEqual(to, "a-leader@example.vn")
        self.assertEqual(subject, "Hồ sơ cần xử lý: CS-2026-001 Chính sách chất lượng 2026")
        self.assertIn("Kính gửi Lãnh Đạo A,", body)
        self.assertIn("Thư Ký A đã chuyển đến anh/chị một hồ sơ cần xử lý.", body)
        self.assertIn("Bước 2: Lãnh đạo phê duyệt", body)
        self.assertIn("Hạn xử lý: " + policy.due_date.strftime("%d/%m/%Y"), body)
        self.assertIn("Ý kiến: Kính trình lãnh đạo", body)
        self.assertIn(policy.absolute_url(), body)
        self.assertEqual(storage.unread_count("a-leader"), 1)
        entry = storage.entries("a-leader")[0]
        self.assertEqual(entry["title"], subject)
        self.assertEqual(entry["url"], policy.absolute_url())
        self.assertIn("Ý kiến: Kính trình lãnh đạo", entry["text"])
        # the secretary did it: nothing for her
        self.assertEqual(storage.unread_count("a-secretary"), 0)

    def test_approve_tells_the_author_once_with_the_next_step(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.mailhost.reset()
        self.as_user("a-leader", policy, "approve", comment="Đồng ý ban hành")
        mails = self.mails_to("a-secretary")
        self.assertEqual(len(mails), 1)
        _to, subject, body = mails[0]
        self.assertEqual(subject, "Hồ sơ CS-2026-001 đã được duyệt: Chính sách chất lượng 2026")
        self.assertIn("Lãnh Đạo A đã duyệt hồ sơ của anh/chị.", body)
        self.assertIn("Ý kiến: Đồng ý ban hành", body)
        self.assertIn("Anh/chị là người xử lý bước tiếp theo.", body)
        self.assertIn("Bước 3: Ban hành, áp dụng", body)
        self.assertEqual(len(sent_mails(self.mailhost)), 1)
        self.assertEqual(storage.unread_count("a-secretary"), 1)

    def test_approve_to_another_handler_tells_both(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.mailhost.reset()
        self.as_user("a-leader", policy, "approve", handlers=["a-documents"])
        self.assertEqual([m[1] for m in self.mails_to("a-documents")],
                         ["Hồ sơ cần xử lý: CS-2026-001 Chính sách chất lượng 2026"])
        author = self.mails_to("a-secretary")
        self.assertEqual(len(author), 1)
        self.assertIn("đã được duyệt", author[0][1])
        self.assertNotIn("bước tiếp theo", author[0][2])

    def test_send_back_and_reject_tell_the_author(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.mailhost.reset()
        self.as_user("a-leader", policy, "send_back", comment="Bổ sung phương châm")
        (mail,) = sent_mails(self.mailhost)
        self.assertEqual(mail[0], "a-secretary@example.vn")
        self.assertEqual(mail[1],
                         "Hồ sơ CS-2026-001 bị trả lại để bổ sung: Chính sách chất lượng 2026")
        self.assertIn("Ý kiến: Bổ sung phương châm", mail[2])
        self.as_user("a-secretary", policy, "submit")
        self.mailhost.reset()
        self.as_user("a-leader", policy, "reject", comment="Không phù hợp")
        (mail,) = sent_mails(self.mailhost)
        self.assertEqual(mail[0], "a-secretary@example.vn")
        self.assertEqual(mail[1], "Hồ sơ CS-2026-001 không được duyệt: Chính sách chất lượng 2026")
        self.assertIn("Lãnh Đạo A không duyệt hồ sơ của anh/chị.", mail[2])
        self.assertIn("Ý kiến: Không phù hợp", mail[2])

    def test_nobody_is_told_what_they_did(self):
        policy = self.create_policy()
        hand_over(policy, "submit")
        storage.mark_read("a-leader")
        self.mailhost.reset()
        # the leader approves and keeps the next step for himself
        self.as_user("a-leader", policy, "approve", handlers=["a-leader"])
        self.assertEqual(self.mails_to("a-leader"), [])
        self.assertEqual(storage.unread_count("a-leader"), 0)
        self.assertEqual(len(self.mails_to("a-secretary")), 1)

    def test_reassignment_tells_the_new_handler_only(self):
        policy = self.create_policy()
        hand_over(policy, None, handlers=["a-secretary", "a-documents"])
        self.assertEqual([m[0] for m in sent_mails(self.mailhost)], ["a-documents@example.vn"])
        self.mailhost.reset()
        hand_over(policy, None, comment="Chỉ ghi chú")
        self.assertEqual(sent_mails(self.mailhost), [])

    def test_users_without_email_get_the_notification_in_the_site(self):
        api.user.get(userid="a-leader").setMemberProperties({"email": ""})
        policy = self.create_policy()
        hand_over(policy, "submit")
        self.assertEqual(sent_mails(self.mailhost), [])
        self.assertEqual(storage.unread_count("a-leader"), 1)

    def test_missing_mail_settings_do_not_stop_the_hand_over(self):
        api.portal.set_registry_record("plone.email_from_address", "")
        policy = self.create_policy()
        with self.assertLogs("eiso", level="WARNING") as logged:
            hand_over(policy, "submit")
        self.assertIn("mail settings are missing", logged.output[0])
        self.assertEqual(api.content.get_state(policy), "pending")
        self.assertEqual(sent_mails(self.mailhost), [])
        self.assertEqual(storage.unread_count("a-leader"), 1)

    def test_a_broken_mail_server_does_not_stop_the_hand_over(self):
        policy = self.create_policy()
        with mock.patch.object(MockMailHost, "send", side_effect=OSError("SMTP down")):
            with self.assertLogs("eiso", level="ERROR"):
                hand_over(policy, "submit")
        self.assertEqual(api.content.get_state(policy), "pending")
        self.assertEqual(storage.unread_count("a-leader"), 1)


class TestNotificationPages(NotificationTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.mailhost = install_mailhost(self.portal)
        self.policy = self.create_policy()
        hand_over(self.policy, "submit", comment="Kính trình")
        logout()
        transaction.commit()
        self.page_url = self.portal.absolute_url() + "/@@notifications"

    def test_the_header_shows_the_unread_count_to_members_only(self):
        page = browser(self.app, "a-leader")
        page.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertIn('id="eiso-notifications"', page.contents)
        self.assertIn("Thông báo", page.contents)
        self.assertIn('<span class="badge rounded-pill bg-danger" id="eiso-notifications-count">1</span>',
                      page.contents)
        self.assertIn("/@@notifications", page.contents)
        staff = browser(self.app, "a-staff")
        staff.open(self.portal.absolute_url() + "/co-quan-a")
        self.assertIn('id="eiso-notifications"', staff.contents)
        self.assertNotIn("eiso-notifications-count", staff.contents)
        anonymous = browser(self.app)
        anonymous.open(self.portal.absolute_url())
        self.assertNotIn("eiso-notifications", anonymous.contents)

    def test_page_lists_without_marking_then_marks_all_read_on_post(self):
        page = browser(self.app, "a-leader")
        page.open(self.page_url)
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("Bạn có <strong>1</strong> thông báo chưa đọc.", page.contents)
        self.assertIn("Hồ sơ cần xử lý: CS-2026-001 Chính sách chất lượng 2026", page.contents)
        self.assertIn("fw-bold", page.contents)
        self.assertIn("Ý kiến: Kính trình", page.contents)
        transaction.begin()
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 1)
        # a forged post without the token changes nothing
        page.post(self.page_url, "action=mark-all-read")
        self.assertTrue(page.headers["status"].startswith("403"), page.headers["status"])
        transaction.begin()
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 1)
        page.open(self.page_url)
        page.getForm(id="eiso-mark-all-read").submit()
        self.assertIn("Bạn không có thông báo nào chưa đọc.", page.contents)
        self.assertNotIn("fw-bold", page.contents)
        transaction.begin()
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 0)

    def test_opening_an_entry_marks_it_read_and_goes_to_the_case(self):
        page = browser(self.app, "a-leader")
        page.open(self.page_url)
        link = page.getLink("Hồ sơ cần xử lý: CS-2026-001 Chính sách chất lượng 2026")
        self.assertIn("_authenticator=", link.url)
        entry_id = storage.entries("a-leader", portal=self.portal)[0]["id"]
        # without the token: the user goes there, nothing is marked
        page.open(f"{self.portal.absolute_url()}/@@notification-open?id={entry_id}")
        self.assertEqual(page.url, self.policy.absolute_url())
        transaction.begin()
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 1)
        page.open(self.page_url)
        page.getLink("Hồ sơ cần xử lý: CS-2026-001 Chính sách chất lượng 2026").click()
        self.assertEqual(page.url, self.policy.absolute_url())
        transaction.begin()
        self.assertEqual(storage.unread_count("a-leader", portal=self.portal), 0)
        # another user cannot open someone else's notification
        other = browser(self.app, "a-staff")
        other.open(f"{self.portal.absolute_url()}/@@notification-open?id={entry_id}")
        self.assertEqual(other.url, self.page_url)

    def test_anonymous_is_sent_to_the_login_form(self):
        anonymous = browser(self.app)
        anonymous.open(self.page_url)
        self.assertNotIn("eiso-notification-list", anonymous.contents)
        self.assertIn("login", anonymous.url)

    def test_pages_of_twenty(self):
        transaction.begin()
        login(self.portal, "a-leader")
        for number in range(25):
            storage.add("a-leader", f"Thông báo số {number:02d}")
        logout()
        transaction.commit()
        page = browser(self.app, "a-leader")
        page.open(self.page_url)
        self.assertIn("Thông báo số 24", page.contents)
        self.assertNotIn("Thông báo số 04", page.contents)
        page.open(self.page_url + "?b_start=20")
        self.assertIn("Thông báo số 04", page.contents)
        self.assertIn("Hồ sơ cần xử lý", page.contents)

    def test_rest(self):
        session = RestSession(self.portal, "a-leader")
        self.addCleanup(session.close)
        reply = session.get("/@notifications")
        self.assertEqual(reply.status_code, 200, reply.text)
        data = reply.json()
        self.assertEqual(data["unread"], 1)
        self.assertEqual(data["items_total"], 1)
        item = data["items"][0]
        self.assertEqual(item["title"], "Hồ sơ cần xử lý: CS-2026-001 Chính sách chất lượng 2026")
        self.assertEqual(item["url"], self.policy.absolute_url())
        self.assertFalse(item["read"])
        reply = session.post("/@notifications/read", json={"ids": [item["id"]]})
        self.assertEqual(reply.status_code, 200, reply.text)
        self.assertEqual(reply.json(), {"marked": 1, "unread": 0})
        self.assertEqual(session.get("/@notifications?unread=1").json()["items"], [])
        self.assertEqual(session.post("/@notifications/read", json={"ids": "1"}).status_code, 400)
        self.assertEqual(session.post("/@notifications/read", json={"ids": []}).json()["marked"], 0)
        transaction.begin()
        login(self.portal, "a-leader")
        storage.add("a-leader", "Một")
        storage.add("a-leader", "Hai")
        logout()
        transaction.commit()
        self.assertEqual(session.post("/@notifications/read").json(), {"marked": 2, "unread": 0})
        self.assertEqual(session.post("/@notifications/other").status_code, 404)
        anonymous = RestSession(self.portal)
        self.addCleanup(anonymous.close)
        self.assertEqual(anonymous.get("/@notifications").status_code, 401)
