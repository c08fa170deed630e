"""``eiso.copies``: why an item is copied survives the copy's savepoint.

A revision of a controlled document or a procedure guide is a copy that its
IObjectCopiedEvent subscriber cleans up. The code starting it used to say so in a
``_v_`` attribute of the original, which a savepoint during the copy may drop (the
original becomes a ghost): the revision then looked like an ordinary copy."""

from eiso.copies import copy_info
from eiso.copies import copying
from eiso.passing import Message
from OFS.SimpleItem import SimpleItem
from ZODB.DemoStorage import DemoStorage

import threading
import transaction
import unittest
import ZODB


class Guide(SimpleItem):
    def __init__(self, id):
        self.id = id


class Copies(unittest.TestCase):
    def setUp(self):
        self.db = ZODB.DB(DemoStorage())
        self.addCleanup(self.db.close)
        self.manager = transaction.TransactionManager()
        self.connection = self.db.open(transaction_manager=self.manager)
        self.addCleanup(self.connection.close)
        self.connection.root()["guide"] = Guide("huong-dan")
        self.manager.commit()
        self.guide = self.connection.root()["guide"]

    def test_the_information_survives_a_ghosted_original(self):
        with copying(self.guide, "a-secretary"):
            self.guide._v_flag = "a-secretary"
            self.guide._p_deactivate()  # what a savepoint's cache GC does to it
            self.assertFalse(hasattr(self.guide, "_v_flag"))  # the old way lost it
            self.assertEqual(copy_info(self.guide), "a-secretary")
        self.assertIsNone(copy_info(self.guide))  # an ordinary copy afterwards

    def test_an_ordinary_copy_has_none(self):
        self.assertIsNone(copy_info(self.guide))

    def test_gone_after_an_error_too(self):
        with self.assertRaises(ValueError):
            with copying(self.guide, {"owner": "a-documents"}):
                raise ValueError("copy failed")
        self.assertIsNone(copy_info(self.guide))


class TestMessage(Copies):
    """``eiso.passing.Message``, which also carries the hand-over chosen on the
    transition form (``eiso.cases.handover.HANDOVER``) to ``after_transition``."""

    def test_the_hand_over_survives_a_ghosted_item(self):
        from eiso.cases.handover import HANDOVER

        with HANDOVER.given(self.guide, {"handlers": ["a-leader"]}):
            self.guide._p_deactivate()
            self.assertEqual(HANDOVER.get(self.guide), {"handlers": ["a-leader"]})
        self.assertIsNone(HANDOVER.get(self.guide))

    def test_a_nested_block_gives_the_outer_value_back(self):
        message = Message()
        with message.given(self.guide, "outer"):
            with message.given(self.guide, "inner"):
                self.assertEqual(message.get(self.guide), "inner")
            self.assertEqual(message.get(self.guide), "outer")
        self.assertIsNone(message.get(self.guide))

    def test_per_item_and_per_message(self):
        other = Guide("khac")
        first, second = Message(), Message()
        with first.given(self.guide, 1):
            self.assertIsNone(first.get(other))
            self.assertIsNone(second.get(self.guide))
            self.assertEqual(first.get(self.guide), 1)

    def test_another_thread_does_not_see_it(self):
        message = Message()
        seen = []
        with message.given(self.guide, "here"):
            thread = threading.Thread(target=lambda: seen.append(message.get(self.guide, "none")))
            thread.start()
            thread.join()
        self.assertEqual(seen, ["none"])
