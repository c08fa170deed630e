"""Writes that staff make at the same moment must not conflict (found by ``make load``):
two items added to one section, two notifications for one user."""

from eiso.content.section import Section
from eiso.notifications.storage import UserNotifications
from eiso.testing import EISO_INTEGRATION_TESTING
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

import shutil
import tempfile
import transaction
import unittest
import ZODB


class ConcurrentWrites(unittest.TestCase):
    """Two transactions on two connections to one FileStorage, committed one after
    the other: the second must merge, not raise ConflictError."""

    layer = EISO_INTEGRATION_TESTING  # the ordering adapters are registered in ZCML

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="eiso-conflicts-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.db = ZODB.DB(FileStorage(f"{self.dir}/Data.fs"))
        self.addCleanup(self.db.close)

    def store(self, obj):
        if isinstance(obj, Container):  # a folder in use: it holds items already
            for n in range(3):
                obj._setOb(f"old-{n}", Item(f"old-{n}"))
        tm = transaction.TransactionManager()
        conn = self.db.open(transaction_manager=tm)
        conn.root()["obj"] = obj
        tm.commit()
        conn.close()

    def both(self, change):
        """Run ``change(obj, n)`` in two concurrent transactions, commit both."""
        sessions = []
        for n in (1, 2):
            tm = transaction.TransactionManager()
            conn = self.db.open(transaction_manager=tm)
            change(conn.root()["obj"], n)
            sessions.append((tm, conn))
        try:
            for tm, _conn in sessions:
                tm.commit()
        finally:
            for tm, conn in sessions:
                tm.abort()
                conn.close()

    def read(self):
        tm = transaction.TransactionManager()
        conn = self.db.open(transaction_manager=tm)
        self.addCleanup(conn.close)
        return conn.root()["obj"]

    def test_two_items_added_to_one_section_at_once(self):
        from DateTime import DateTime

        self.store(Section("boi-canh"))
        stamps = {1: DateTime("2026/11/24 09:00:02 UTC"), 2: DateTime("2026/11/24 09:00:01 UTC")}

        def add(section, n):
            section._setOb(f"item-{n}", Item(f"item-{n}"))
            section.setModificationDate(stamps[n])  # as Plone does for the container

        self.both(add)
        section = self.read()
        self.assertEqual(section.modification_date, stamps[1])  # the later one
        self.assertEqual(sorted(section.objectIds()),
                         ["item-1", "item-2", "old-0", "old-1", "old-2"])
        self.assertEqual(len(section), 5)

    def test_other_changes_of_a_section_by_both_still_conflict(self):
        self.store(Section("boi-canh"))
        with self.assertRaises(ConflictError):
            self.both(lambda section, n: setattr(section, "title", f"Tên {n}"))

    def test_an_ordered_folder_would_conflict(self):
        # what sections did before: the order list is rewritten by each addition
        self.store(Container("ordered"))
        with self.assertRaises(ConflictError):
            self.both(lambda folder, n: folder._setOb(f"item-{n}", Item(f"item-{n}")))

    def test_two_notifications_for_one_user_at_once(self):
        self.store(UserNotifications())
        self.both(lambda notifications, n: notifications.add(f"Hồ sơ {n} chờ duyệt"))
        notifications = self.read()
        self.assertEqual(notifications.unread, 2)
        titles = [entry["title"] for entry in notifications.entries.values()]
        self.assertEqual(sorted(titles), ["Hồ sơ 1 chờ duyệt", "Hồ sơ 2 chờ duyệt"])
        self.assertEqual(notifications.last_id, max(notifications.entries.keys()))

    def test_reading_and_a_new_notification_at_once(self):
        first = UserNotifications()
        first.add("cũ")
        self.store(first)

        def change(notifications, n):
            if n == 1:
                notifications.entries[notifications.last_id]["read"] = True  # a dict: no-op write
                notifications.unread -= 1
            else:
                notifications.add("mới")

        self.both(change)
        self.assertEqual(self.read().unread, 1)  # 1 - 1 + 1

    def test_old_32_bit_entries_move_to_64_bit_keys(self):
        from BTrees.IOBTree import IOBTree

        notifications = UserNotifications()
        notifications.entries = IOBTree({1: {"id": 1, "read": True, "title": "cũ"}})
        notifications.last_id = 1
        new_id = notifications.add("mới")
        self.assertGreater(new_id, 2**31)
        self.assertEqual(list(notifications.entries.keys()), [1, new_id])


class SectionOrderUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.section = self.portal["co-quan-a"]["boi-canh"]

    def add_policy(self, title):
        from plone import api

        return api.content.create(container=self.section, type="QualityPolicy", title=title,
                                  year=2026, motto="Chất lượng", statements=["Phục vụ"])

    def test_sections_store_no_order(self):
        from plone.folder.default import DefaultOrdering
        from zope.annotation.interfaces import IAnnotations

        self.add_policy("Chính sách 1")
        self.assertNotIn(DefaultOrdering.ORDER_KEY, IAnnotations(self.section))
        self.assertIn("chinh-sach-1", self.section.objectIds())

    def test_the_organisation_keeps_the_order_of_its_departments(self):
        organisation = self.portal["co-quan-a"]["to-chuc"]
        self.assertEqual(organisation.getOrdering().__class__.__name__, "DefaultOrdering")
        self.assertEqual(self.section.getOrdering().__class__.__name__, "UnorderedOrdering")

    def test_1007_to_1008_drops_the_stored_order(self):
        from eiso.testing import PROFILE_VERSION
        from persistent.list import PersistentList
        from plone import api
        from plone.folder.default import DefaultOrdering
        from zope.annotation.interfaces import IAnnotations

        policy = self.add_policy("Chính sách cũ")
        annotations = IAnnotations(self.section)
        annotations[DefaultOrdering.ORDER_KEY] = PersistentList([policy.getId()])
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("eiso:default", "1007")

        organisation = self.portal["co-quan-a"]["to-chuc"]
        departments = list(organisation.objectIds())
        setup.upgradeProfile("eiso:default")

        self.assertEqual(list(organisation.objectIds()), departments)
        self.assertIn(DefaultOrdering.ORDER_KEY, IAnnotations(organisation))
        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertNotIn(DefaultOrdering.ORDER_KEY, annotations)
        self.assertEqual(list(self.section.objectIds()), [policy.getId()])
        self.assertEqual(list(self.section.getOrdering().idsInOrder()), [policy.getId()])
