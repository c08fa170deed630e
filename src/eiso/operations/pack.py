"""``eiso-pack``: remove old object revisions from the database, keeping DAYS days of undo.

    eiso-pack --instance instance [--days 7]

Every save adds a new revision of the changed objects to ``Data.fs``; old revisions are
only needed to undo recent changes. Packing drops the revisions older than ``--days``
days (and the blob files only they used), so ``Data.fs`` stops growing without bound.
Workflow histories, document revisions and every record the portal shows are kept: they
are stored in the current objects, not in old revisions.

- With ZEO running (``make start-zeo``) the ZEO server packs while the clients keep
  serving.
- With nothing running, the command opens ``Data.fs`` itself.
- With the single-process server running (``make start``) it refuses: stop it first.

FileStorage keeps the previous file as ``Data.fs.old`` (delete it once the next backup
is done). Take a full backup after a pack (``make backup FULL=1``): repozo's increments
cannot follow a packed file.
"""

from eiso.operations import processes
from eiso.operations.backup import in_use
from eiso.operations.zeo import zeo_address
from eiso.operations.zeo import Layout
from pathlib import Path

import argparse
import sys
import time


DEFAULT_DAYS = 7


def say(message):
    print(f"[eiso] {message}", flush=True)


class DatabaseInUse(RuntimeError):
    """The single-process server holds Data.fs."""


def _size(path):
    return path.stat().st_size if path.exists() else 0


def pack(instance, days=DEFAULT_DAYS):
    """Pack the database of ``instance``; return ``(how, size_before, size_after)``.

    ``how`` is ``"zeo"`` when the running ZEO server packed, ``"file"`` when the file
    was opened here.
    """
    if days < 0:
        raise ValueError("Số ngày giữ lại phải ≥ 0 (--days must be 0 or more).")
    layout = Layout(instance)
    data_fs = layout.var / "filestorage" / "Data.fs"
    if not data_fs.exists():
        raise FileNotFoundError(f"Không có cơ sở dữ liệu {data_fs} (no database to pack).")
    before = _size(data_fs)
    cutoff = time.time() - days * 86400
    if processes.running(layout.zeo_pidfile):
        from ZEO.ClientStorage import ClientStorage

        address = zeo_address(layout)
        say(f"the ZEO server at {address[0]}:{address[1]} packs {data_fs} (keeping {days} days)")
        storage = ClientStorage(address, wait_timeout=60, read_only=False)
        try:
            storage.pack(cutoff, wait=True)
        finally:
            storage.close()
        return "zeo", before, _size(data_fs)
    user = in_use(layout.var)
    if user:
        raise DatabaseInUse(
            "Máy chủ một tiến trình đang dùng cơ sở dữ liệu: hãy dừng nó (make stop) rồi nén, "
            f"hoặc chạy bằng ZEO (the single-process server is running — {user}; stop it, "
            "or run with make start-zeo, then pack)."
        )
    from ZODB.FileStorage import FileStorage
    from ZODB.serialize import referencesf

    say(f"packing {data_fs} (keeping {days} days)")
    storage = FileStorage(str(data_fs), blob_dir=str(layout.var / "blobstorage"))
    try:
        storage.pack(cutoff, referencesf)
    finally:
        storage.close()
    return "file", before, _size(data_fs)


def _mb(size):
    return f"{size / 1048576:.1f} MB"


def main(argv=None):
    parser = argparse.ArgumentParser(prog="eiso-pack", description=__doc__.split("\n\n")[0])
    parser.add_argument("--instance", default="instance", help="instance directory (default: instance)")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS,
                        help=f"keep the revisions of the last DAYS days for undo (default {DEFAULT_DAYS})")
    args = parser.parse_args(argv)
    try:
        how, before, after = pack(Path(args.instance), args.days)
    except (FileNotFoundError, ValueError, DatabaseInUse) as error:
        print(f"eiso-pack: {error}", file=sys.stderr)
        return 1
    say(f"packed ({how}): Data.fs {_mb(before)} -> {_mb(after)}; "
        "now take a full backup: make backup FULL=1")
    return 0


if __name__ == "__main__":
    sys.exit(main())
