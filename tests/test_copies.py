"""``eiso.copies``: why an item is copied survives the copy's savepoint.

A revision of a controlled document or a procedure guide is a copy that its
IObjectCopiedEvent subscriber cleans up. The code starting it used to say so in a
``_v_`` attribute of the original, which a savepoint during the copy may drop (the
original becomes a ghost): the revision then looked like an ordinary copy."""

from eiso.copies import copy_info
from eiso.copies import copying
from OFS.SimpleItem import SimpleItem
from ZODB.DemoStorage import DemoStorage

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
