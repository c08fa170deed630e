"""Writes that staff make at the same moment must not conflict (found by ``make load``):
two items added to one section, two notifications for one user, two items indexed,
two case numbers drawn."""

from eiso.content.section import Section
from eiso.notifications.storage import UserNotifications
from eiso.testing import EISO_INTEGRATION_TESTING
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from unittest import mock
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


    def test_two_case_numbers_drawn_at_once_conflict(self):
        # Two cases created at the same moment must not get the same code: the
        # second commit conflicts (Zope retries it), it is not merged.
        from BTrees.OOBTree import OOBTree
        from eiso.cases.handover import next_number

        sequences = OOBTree({"CS-2027": 4, "KPH-2027": 9})
        self.store(sequences)
        drawn = {}

        def draw(tree, n):
            drawn[n] = next_number(tree, "CS-2027")

        with self.assertRaises(ConflictError):
            self.both(draw)
        self.assertEqual(drawn, {1: 5, 2: 5})
        self.assertEqual(self.read()["CS-2027"], 5)  # only the first one committed

    def test_case_numbers_of_other_kinds_merge(self):
        from BTrees.OOBTree import OOBTree
        from eiso.cases.handover import next_number

        self.store(OOBTree({"CS-2027": 4, "KPH-2027": 9}))
        self.both(lambda tree, n: next_number(tree, {1: "CS-2027", 2: "KPH-2027"}[n]))
        self.assertEqual(dict(self.read()), {"CS-2027": 5, "KPH-2027": 10})

    def test_a_stored_length_counts_on(self):
        from BTrees.Length import Length
        from BTrees.OOBTree import OOBTree
        from eiso.cases.handover import next_number

        sequences = OOBTree({"CS-2027": Length(7)})
        self.assertEqual(next_number(sequences, "CS-2027"), 8)
        self.assertEqual(sequences["CS-2027"], 8)
        self.assertEqual(next_number(sequences, "CS-2028"), 1)


    def text_index(self):
        from eiso.search.ranking import PrecomputedOkapiIndex
        from Products.ZCTextIndex.Lexicon import CaseNormalizer
        from Products.ZCTextIndex.Lexicon import Lexicon
        from Products.ZCTextIndex.Lexicon import Splitter

        index = PrecomputedOkapiIndex(Lexicon(Splitter(), CaseNormalizer()))
        # enough words for _wordinfo to have several buckets, most of them rare
        for docid in range(1, 200):
            index.index_doc(docid, f"quy trình chất lượng văn bản số{docid} mã{docid % 50}")
        return index

    def test_two_items_indexed_at_once_merge(self):
        # Both share rare words (in a few items: stock ZCTextIndex keeps them as
        # dicts) and common ones, and each brings a new word of its own. (Two
        # items bringing the same new word at once do conflict, on the lexicon.)
        self.store(self.text_index())
        texts = {1000: "văn bản chất lượng số7 mã7 mới1000",
                 1001: "văn bản chất lượng số8 mã7 mới1001"}
        self.both(lambda index, n: index.index_doc(999 + n, texts[999 + n]))
        index = self.read()
        self.assertEqual(sorted(index.search("mã7").keys()), [7, 57, 107, 157, 1000, 1001])
        self.assertEqual(list(index.search("mới1001").keys()), [1001])
        self.assertEqual(index.document_count(), 201)

    def test_stock_small_word_maps_would_conflict(self):
        from Products.ZCTextIndex.OkapiIndex import OkapiIndex

        index = self.text_index()
        index.__class__ = OkapiIndex  # what the index stored before: dicts for rare words
        for docid in range(1, 200):
            index.unindex_doc(docid)
            index.index_doc(docid, f"quy trình chất lượng văn bản số{docid} mã{docid % 50}")
        self.store(index)
        with self.assertRaises(ConflictError):
            self.both(lambda index, n: index.index_doc(999 + n, f"chất lượng mã7 mới{n}"))

    def test_two_notifications_beside_older_ones(self):
        notifications = UserNotifications()
        for n in range(20):
            notifications.add(f"Cũ {n}")
        self.store(notifications)
        self.both(lambda notifications, n: notifications.add(f"Hồ sơ {n} chờ duyệt"))
        notifications = self.read()
        self.assertEqual(len(notifications.entries), 22)
        self.assertEqual(notifications.unread, 22)

    def path_index(self):
        from Products.ExtendedPathIndex.ExtendedPathIndex import ExtendedPathIndex

        index = ExtendedPathIndex("path")
        for docid in range(1, 400):  # the trees of the path have several buckets
            index.index_object(docid, Located(docid))
        return index

    def create_or_reindex(self, index, n):
        if n == 1:  # new items in the same section, at the same moment: buckets split
            for docid in range(1000, 1400):
                index.index_object(docid, Located(docid))
        else:  # an approval reindexes an item that stays where it is
            index.index_object(7, Located(7))

    def test_reindexing_an_item_that_did_not_move_beside_new_items(self):
        self.store(self.path_index())
        self.both(self.create_or_reindex)
        index = self.read()
        self.assertEqual(index._unindex[7], "/Plone/so-khcn/boi-canh/chinh-sach-7")
        self.assertEqual(len(index._index["boi-canh"][2]), 799)

    def test_stock_path_index_would_conflict(self):
        from Products.ExtendedPathIndex.ExtendedPathIndex import ExtendedPathIndex
        from ZODB.POSException import ReadConflictError

        stock = ExtendedPathIndex._old_index_object
        self.store(self.path_index())
        with mock.patch.object(ExtendedPathIndex, "index_object", stock):
            with self.assertRaises(ReadConflictError):
                self.both(self.create_or_reindex)


class Located:
    """An item at ``/Plone/so-khcn/boi-canh/chinh-sach-N``."""

    def __init__(self, n):
        self.n = n

    def getPhysicalPath(self):
        return ("", "Plone", "so-khcn", "boi-canh", f"chinh-sach-{self.n}")


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

    def test_1008_to_1009_gives_small_word_maps_and_notifications_their_form(self):
        from eiso.notifications import storage
        from eiso.testing import PROFILE_VERSION
        from plone import api

        policy = self.add_policy("Chính sách độcnhất")
        catalog = api.portal.get_tool("portal_catalog")
        index = catalog._catalog.getIndex("SearchableText").index
        wid = index._lexicon._wids["độcnhất"] if "độcnhất" in index._lexicon._wids else (
            index._lexicon.termToWordIds("độcnhất")[0])
        index._wordinfo[wid] = dict(index._wordinfo[wid])  # as stored before 1009
        storage.add("a-staff", "Có hồ sơ mới")
        users = storage._users()
        key = users["a-staff"].entries.maxKey()
        users["a-staff"].entries[key] = dict(users["a-staff"].entries[key])

        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("eiso:default", "1008")
        setup.upgradeProfile("eiso:default")

        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertEqual(type(index._wordinfo[wid]).__name__, "IIBTree")
        self.assertFalse([v for v in index._wordinfo.values() if isinstance(v, dict)])
        self.assertIs(type(users["a-staff"].entries[key]), storage.Entry)
        self.assertEqual(storage.entries("a-staff")[0]["title"], "Có hồ sơ mới")
        found = [brain.getObject() for brain in catalog(SearchableText="độcnhất")]
        self.assertEqual(found, [policy])


class PathIndexInPlone(unittest.TestCase):
    """The path index still follows items that move or are renamed."""

    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        from plone.app.testing import setRoles
        from plone.app.testing import TEST_USER_ID

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.first = api_create(self.portal, "Folder", "thu-muc-a")
        self.second = api_create(self.portal, "Folder", "thu-muc-b")

    def paths(self, **query):
        from plone import api

        return sorted(b.getPath() for b in api.content.find(unrestricted=True, **query))

    def test_unchanged_renamed_and_moved(self):
        from plone import api

        item = api_create(self.first, "Document", "ghi-chu")
        base = "/plone/thu-muc-a"
        item.reindexObject()
        self.assertEqual(self.paths(path={"query": base, "depth": 1}, portal_type="Document"),
                         [f"{base}/ghi-chu"])
        api.content.rename(obj=item, new_id="ghi-chu-moi")
        self.assertEqual(self.paths(path={"query": base, "depth": 1}, portal_type="Document"),
                         [f"{base}/ghi-chu-moi"])
        api.content.move(source=self.first["ghi-chu-moi"], target=self.second)
        self.assertEqual(self.paths(path={"query": base, "depth": 1}, portal_type="Document"), [])
        self.assertEqual(
            self.paths(path={"query": "/plone/thu-muc-b", "depth": 1},
                       portal_type="Document"),
            ["/plone/thu-muc-b/ghi-chu-moi"])


def api_create(container, type_, id_):
    from plone import api

    return api.content.create(container=container, type=type_, id=id_, title=id_)
