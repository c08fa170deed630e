"""Which object holds the oids named in ConflictErrors.

A ConflictError names an oid and a class (``BTrees.IOBTree.IOBucket``), rarely
enough to know which index or tree is the hot spot. Run on the Data.fs a load
test kept (``python -m loadtest.run --keep``)::

    .venv/bin/python -m loadtest.owners var/filestorage/Data.fs 0x46ec 0x2797

For every oid it prints the chain of objects that refer to it, up to the first
one with an ``id`` (a catalog index, a folder, the lexicon), with the attribute
or key through which each refers to the next. The server may run: the file is
opened read-only.
"""

from collections import defaultdict
from ZODB.FileStorage import FileStorage
from ZODB.serialize import referencesf
from ZODB.utils import p64
from ZODB.utils import u64

import argparse
import io
import pickle
import sys


MAX_DEPTH = 12


class _Reference:
    """A persistent reference met while unpickling a state, kept as its oid."""

    def __init__(self, oid):
        self.oid = oid

    def __repr__(self):
        return f"<ref {hex(u64(self.oid))}>"


class _Stub:
    """Any class of the state, without importing it."""

    def __init__(self, *args, **kwargs):
        pass

    def __setstate__(self, state):
        self.state = state


class _StateUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        return type(name, (_Stub,), {"dotted": f"{module}.{name}"})

    def persistent_load(self, pid):
        if isinstance(pid, tuple):
            return _Reference(pid[0])
        if isinstance(pid, list):  # [kind, (oid, ...)] references
            return _Reference(pid[1][0] if isinstance(pid[1], tuple) else pid[1])
        return _Reference(pid)


def class_and_state(data):
    """The class name and the unpickled state of a record (references as ``_Reference``)."""
    unpickler = _StateUnpickler(io.BytesIO(data))
    klass = unpickler.load()
    if isinstance(klass, tuple):
        klass = klass[0]
    name = getattr(klass, "dotted", None) or repr(klass)
    try:
        state = unpickler.load()
    except Exception:  # noqa: BLE001 - a state we cannot read is shown as such
        state = None
    return name, state


def where(state, oid, prefix=""):
    """The attribute names, keys or positions through which ``state`` refers to ``oid``."""
    found = []
    if isinstance(state, _Reference):
        if state.oid == oid:
            found.append(prefix or "(itself)")
    elif isinstance(state, dict):
        for key, value in state.items():
            found.extend(where(value, oid, f"{prefix}[{key!r}]" if prefix else str(key)))
    elif isinstance(state, (list, tuple)):
        for position, value in enumerate(state):
            found.extend(where(value, oid, f"{prefix}[{position}]"))
    return found[:3]


def bucket_key(state, oid):
    """In a BTree bucket's state (``((k1, v1, k2, v2, ...), next)``), or a small BTree's
    (the bucket inline, ``((((k1, v1, ...),),),)``), the key of ``oid``."""
    while isinstance(state, tuple) and state and isinstance(state[0], tuple):
        items = state[0]
        for position in range(1, len(items), 2):
            if isinstance(items[position], _Reference) and items[position].oid == oid:
                return f"key {items[position - 1]!r}"
        state = items
    return None


def identity(state):
    """The ``id`` or ``__name__`` of a state, when it has one."""
    if isinstance(state, tuple) and state and isinstance(state[0], dict):
        state = state[0]
    if isinstance(state, dict):
        for key in ("id", "__name__", "_id"):
            value = state.get(key)
            if isinstance(value, str):
                return value
    return None


def load_index(path):
    """Every object's current record and the objects referring to each oid."""
    storage = FileStorage(str(path), read_only=True)
    try:
        records = {}
        for oid in storage._index.keys():
            records[oid] = storage.load(oid)[0]
    finally:
        storage.close()
    referrers = defaultdict(set)
    for oid, data in records.items():
        for target in referencesf(data):
            referrers[target].add(oid)
    return records, referrers


def chain(oid, records, referrers, out=sys.stdout):
    """Print the objects between ``oid`` and the nearest object with an id."""
    seen = set()
    current = oid
    for depth in range(MAX_DEPTH):
        name, state = class_and_state(records[current])
        label = identity(state)
        print(f"{'  ' * depth}{hex(u64(current))} {name}" + (f" id={label!r}" if label else ""),
              file=out)
        if label and depth:
            return
        parents = [parent for parent in referrers.get(current, ()) if parent not in seen]
        if not parents:
            return
        parent = parents[0]
        seen.add(current)
        _, parent_state = class_and_state(records[parent])
        via = bucket_key(parent_state, current) or ", ".join(where(parent_state, current)) or "?"
        more = f" (and {len(parents) - 1} more)" if len(parents) > 1 else ""
        print(f"{'  ' * depth}  ↑ via {via}{more}", file=out)
        current = parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datafs", help="the Data.fs to read")
    parser.add_argument("oids", nargs="+", help="oids as printed in ConflictErrors (0x46ec)")
    args = parser.parse_args(argv)
    print(f"reading {args.datafs} …", file=sys.stderr)
    records, referrers = load_index(args.datafs)
    for text in args.oids:
        oid = p64(int(text, 16))
        print()
        if oid not in records:
            print(f"{text}: not in this file")
            continue
        chain(oid, records, referrers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
