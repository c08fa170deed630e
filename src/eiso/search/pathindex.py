"""The ``path`` index leaves an item alone when its path has not changed.

``ExtendedPathIndex.index_object`` inserts the item into every tree of its path
again on each ``reindexObject()``: one tree per path component and level, the
parent's set, the path-to-item map. Re-inserting a key that is there changes
nothing, but a BTree calls ``readCurrent`` on every tree it walks through to do
it. An approval of one policy in ``so-khcn/boi-canh`` therefore asked that the
tree of all items under any ``boi-canh`` stay unchanged until it commits, and
any item created at the same moment that split one of its buckets made the
approval fail with a ReadConflictError (the load test, docs/loadtest.md).

When the path stored for the item is the one it has, there is nothing to index;
otherwise (a new item, a move or a rename) the stock method runs. Zope's own
``PluginIndexes.PathIndex.index_object`` makes the same test (``old_value == path``);
``ExtendedPathIndex`` overrides it without. ``path_of`` repeats the few lines with
which both compute the path, as neither offers them on their own.
"""

from Products.ExtendedPathIndex.ExtendedPathIndex import ExtendedPathIndex
from Products.PluginIndexes.util import safe_callable


def path_of(index, obj):
    """The path ``index`` stores for ``obj``, as ``index_object`` computes it;
    None when it would not index the item."""
    attrs = index.indexed_attrs
    path = getattr(obj, attrs[0] if attrs else index.id, None)
    if path is not None:
        if safe_callable(path):
            path = path()
    else:
        try:
            path = obj.getPhysicalPath()
        except AttributeError:
            return None
    if isinstance(path, (list, tuple)):
        path = "/" + "/".join(path[1:])
    return path if isinstance(path, str) else None


def index_object(self, docid, obj, threshold=100):
    """``ExtendedPathIndex.index_object``, a no-op when the path is unchanged."""
    old = self._unindex.get(docid)
    if old is not None and old == path_of(self, obj):
        return 0
    return ExtendedPathIndex._old_index_object(self, docid, obj, threshold)
