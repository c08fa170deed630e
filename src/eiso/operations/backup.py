"""``eiso-backup`` and ``eiso-restore``: the database (repozo) and the blobs, together.

    eiso-backup  --instance instance --backup-dir backups [--full]
    eiso-restore --instance instance --backup-dir backups [--date 2026-11-24-10-30-00]

A backup is ``BACKUP_DIR/filestorage`` (repozo: a full ``.fsz`` the first time or with
``--full``, an incremental ``.deltafsz`` otherwise) and ``BACKUP_DIR/blobstorage``, a copy
of the blob directory that only ever grows: a blob file never changes once written, so
each run copies the new files only and every repozo point in time finds its blobs.
The backup runs while the server runs (repozo reads committed transactions only; the
blobs are copied after it, so they include every blob the new backup point references).

Restoring refuses while a server uses the database; it moves the current
``filestorage`` and ``blobstorage`` aside (``var/before-restore-<time>``), never deletes them.
"""

from eiso.operations import processes
from pathlib import Path

import argparse
import datetime
import shutil
import subprocess
import sys
import time


def say(message):
    print(f"[eiso] {message}", flush=True)


def repozo(*args):
    subprocess.run([str(processes.bin_dir() / "repozo"), *[str(a) for a in args]], check=True)


def _blob_files(root):
    """Relative paths of the committed blob files (and .layout) under ``root``."""
    root = Path(root)
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts[0] == "tmp" or not path.is_file() or path.name.endswith(".lock"):
            continue
        yield relative


def copy_new_blobs(source, target):
    """Copy the blob files of ``source`` missing (or of another size) in ``target``;
    return how many ``.blob`` files were copied."""
    source, target = Path(source), Path(target)
    target.mkdir(parents=True, exist_ok=True)
    copied = 0
    for relative in _blob_files(source):
        src, dst = source / relative, target / relative
        if dst.exists() and dst.stat().st_size == src.stat().st_size:
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        partial = dst.with_name(dst.name + ".partial")
        shutil.copy2(src, partial)
        partial.replace(dst)
        copied += relative.suffix == ".blob"  # not .layout
    return copied


def wait_for_a_new_second(fs_dir):
    """repozo names a backup after the second (UTC) it starts in. A backup made in the
    same second as the one before gets the same name with another ending, which sorts
    before the full backup, and a restore then leaves it out: wait for the next second."""
    stamps = sorted(path.name[:19] for path in fs_dir.glob("*.*fs*"))
    while stamps and time.strftime("%Y-%m-%d-%H-%M-%S", time.gmtime()) <= stamps[-1]:
        time.sleep(0.05)


def backup(var, backup_dir, full=False):
    """Back up ``var/filestorage/Data.fs`` and ``var/blobstorage`` into ``backup_dir``."""
    var, backup_dir = Path(var), Path(backup_dir)
    data_fs = var / "filestorage" / "Data.fs"
    if not data_fs.exists():
        raise FileNotFoundError(f"Không có cơ sở dữ liệu {data_fs} (no database to back up).")
    fs_dir = backup_dir / "filestorage"
    fs_dir.mkdir(parents=True, exist_ok=True)
    first = not any(fs_dir.glob("*.fs*"))
    kind = "full" if (full or first) else "incremental"
    say(f"{kind} backup of {data_fs} into {fs_dir}")
    args = ["--backup", "--gzip", "--file", data_fs, "--repository", fs_dir]
    if kind == "full":
        args.append("--full")
    wait_for_a_new_second(fs_dir)
    repozo(*args)
    copied = copy_new_blobs(var / "blobstorage", backup_dir / "blobstorage")
    say(f"{copied} new blob files copied into {backup_dir / 'blobstorage'}")
    return kind, copied


def in_use(var):
    """Why the database under ``var`` is in use (a message), or None."""
    import zc.lockfile

    var = Path(var)
    for pidfile in [var / "eiso.pid", var / "zeo" / "zeo.pid", *var.glob("client*/eiso.pid")]:
        pid = processes.running(pidfile)
        if pid:
            return f"process {pid} ({pidfile})"
    lock = var / "filestorage" / "Data.fs.lock"
    if lock.exists():
        try:
            zc.lockfile.LockFile(str(lock)).close()
        except zc.lockfile.LockError:
            return f"{lock} is locked"
    return None


def restore(var, backup_dir, date=None):
    """Restore ``backup_dir`` into ``var``; return the directory the old data moved to."""
    var, backup_dir = Path(var), Path(backup_dir)
    fs_dir = backup_dir / "filestorage"
    if not any(fs_dir.glob("*.fs*")):
        raise FileNotFoundError(f"Không có bản sao lưu trong {fs_dir} (no backup there).")
    user = in_use(var)
    if user:
        raise RuntimeError(
            "Máy chủ đang dùng cơ sở dữ liệu: hãy dừng nó (make stop hoặc make stop-zeo) rồi khôi phục "
            f"(the server is running — {user}; stop it before restoring)."
        )
    filestorage, blobstorage = var / "filestorage", var / "blobstorage"
    aside = None
    if (filestorage / "Data.fs").exists() or any(blobstorage.glob("*")):
        aside = var / ("before-restore-" + datetime.datetime.now().strftime("%Y%m%d-%H%M%S"))
        aside.mkdir(parents=True)
        for path in (filestorage, blobstorage):
            if path.exists():
                path.rename(aside / path.name)
        say(f"current data moved to {aside}")
    filestorage.mkdir(parents=True, exist_ok=True)
    args = ["--recover", "--repository", fs_dir, "--output", filestorage / "Data.fs"]
    if date:
        args += ["--date", date]
    say(f"restoring {filestorage / 'Data.fs'} from {fs_dir}" + (f" as of {date}" if date else ""))
    repozo(*args)
    blob_backup = backup_dir / "blobstorage"
    if blob_backup.exists():
        copied = copy_new_blobs(blob_backup, blobstorage)
        say(f"{copied} blob files restored into {blobstorage}")
    else:
        blobstorage.mkdir(parents=True, exist_ok=True)
    return aside


def _parser(prog, description):
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--instance", default="instance", help="instance directory (default: instance)")
    parser.add_argument("--var", default=None, help="data directory (default: INSTANCE/var)")
    parser.add_argument("--backup-dir", default="backups", help="backup directory (default: backups)")
    return parser


def backup_main(argv=None):
    parser = _parser("eiso-backup", "Back up the database (repozo) and the blobs.")
    parser.add_argument("--full", action="store_true", help="a full backup even if one exists")
    args = parser.parse_args(argv)
    var = Path(args.var or Path(args.instance) / "var")
    try:
        backup(var, args.backup_dir, full=args.full)
    except (FileNotFoundError, subprocess.CalledProcessError) as error:
        print(f"eiso-backup: {error}", file=sys.stderr)
        return 1
    say("backup done")
    return 0


def restore_main(argv=None):
    parser = _parser("eiso-restore", "Restore the database and the blobs from a backup.")
    parser.add_argument("--date", default=None,
                        help="restore the state at this time, YYYY-MM-DD[-hh[-mm[-ss]]] (UTC; default: latest)")
    args = parser.parse_args(argv)
    var = Path(args.var or Path(args.instance) / "var")
    try:
        restore(var, args.backup_dir, args.date)
    except (FileNotFoundError, RuntimeError, subprocess.CalledProcessError) as error:
        print(f"eiso-restore: {error}", file=sys.stderr)
        return 1
    say("restore done: start the server (make start or make start-zeo)")
    return 0
