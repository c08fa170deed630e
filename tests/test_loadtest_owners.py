"""``python -m loadtest.owners``: which object holds an oid named in a ConflictError."""

from loadtest import owners

import io
import shutil
import tempfile
import unittest


class Owners(unittest.TestCase):
    def setUp(self):
        from BTrees.IIBTree import IIBTree
        from BTrees.OOBTree import OOBTree
        from OFS.SimpleItem import SimpleItem
        from ZODB.FileStorage import FileStorage

        import transaction
        import ZODB

        self.dir = tempfile.mkdtemp(prefix="eiso-owners-")
        self.addCleanup(shutil.rmtree, self.dir)
        self.path = f"{self.dir}/Data.fs"
        db = ZODB.DB(FileStorage(self.path))
        connection = db.open()
        folder = SimpleItem()
        folder.id = "boi-canh"
        folder.sets = OOBTree({"pending": IIBTree({1: 2})})
        connection.root()["folder"] = folder
        transaction.commit()
        self.oid = folder.sets["pending"]._p_oid
        connection.close()
        db.close()

    def test_the_chain_up_to_an_object_with_an_id(self):
        from ZODB.utils import u64

        records, referrers = owners.load_index(self.path)
        out = io.StringIO()
        owners.chain(self.oid, records, referrers, out=out)
        text = out.getvalue()
        self.assertIn(f"{hex(u64(self.oid))} BTrees.IIBTree.IIBTree", text)
        self.assertIn("via key 'pending'", text)
        self.assertIn("BTrees.OOBTree.OOBTree", text)
        self.assertIn("via sets", text)
        self.assertIn("OFS.SimpleItem.SimpleItem id='boi-canh'", text)

    def test_an_unknown_oid(self):
        out = io.StringIO()
        import contextlib

        with contextlib.redirect_stdout(out):
            self.assertEqual(owners.main([self.path, "0x7777"]), 0)
        self.assertIn("0x7777: not in this file", out.getvalue())
