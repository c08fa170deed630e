#!/usr/bin/env python3
"""Write versions.cfg (buildout pins) from constraints.txt (pip pins).

constraints.txt is the one list of pins (``make constraints``, a pip freeze of a
working install). The buildout install reads the same pins from versions.cfg,
which this script generates, so the two never drift:

    python3 .ci/versions-from-constraints.py           # rewrite versions.cfg
    python3 .ci/versions-from-constraints.py --check   # exit 1 if it is out of date
    python3 .ci/versions-from-constraints.py --bootstrap
        # print the pins of zc.buildout and its own dependencies, for
        # ``pip install`` into the virtualenv that runs bin/buildout

Pins that only buildout needs (zc.buildout, its recipes and their dependencies)
live in versions-buildout.cfg, written by hand and extended by versions.cfg.
``pip`` is left out of versions.cfg: the pip path keeps the pip of its venv,
zc.buildout 6 needs pip >= 25, pinned in versions-buildout.cfg.

Only the standard library is used; run it with any Python 3.
"""

import argparse
import difflib
import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
CONSTRAINTS = ROOT / "constraints.txt"
VERSIONS = ROOT / "versions.cfg"
BUILDOUT_VERSIONS = ROOT / "versions-buildout.cfg"

# Installers of the pip path, pinned for buildout in versions-buildout.cfg.
SKIPPED = {"pip"}
# What ``pip install zc.buildout`` brings into the bootstrap virtualenv.
BOOTSTRAP = ["zc.buildout", "pip", "setuptools", "wheel", "packaging", "platformdirs"]

HEADER = """\
# Buildout pins, generated from constraints.txt by .ci/versions-from-constraints.py.
# Do not edit: change constraints.txt (make constraints), then run
#     python3 .ci/versions-from-constraints.py
# Pins that only buildout needs are in versions-buildout.cfg (extended here).
[buildout]
extends = versions-buildout.cfg

[versions]
"""

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def read_constraints(path=CONSTRAINTS):
    """Return [(name, version)] in file order; fail on anything but name==version."""
    pins = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = PIN.match(line)
        if match is None:
            sys.exit(f"{path.name}:{number}: not a 'name==version' pin: {line}")
        pins.append((match.group(1), match.group(2)))
    return pins


def read_versions_section(path):
    """Return {canonical name: (name, version)} of the [versions] section of a .cfg."""
    pins = {}
    in_versions = False
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("#", ";")):
            continue
        if stripped.startswith("["):
            in_versions = stripped == "[versions]"
            continue
        if in_versions and "=" in stripped:
            name, version = (part.strip() for part in stripped.split("=", 1))
            pins[canonical(name)] = (name, version)
    return pins


def render(pins):
    width = max(len(name) for name, _ in pins)
    lines = [f"{name.ljust(width)} = {version}" for name, version in pins if canonical(name) not in SKIPPED]
    return HEADER + "\n".join(lines) + "\n"


def check_overlap(pins):
    """versions.cfg wins over versions-buildout.cfg: a pin in both would be silently lost."""
    ours = {canonical(name) for name, _ in pins} - SKIPPED
    both = sorted(set(read_versions_section(BUILDOUT_VERSIONS)) & ours)
    if both:
        print(
            f"{BUILDOUT_VERSIONS.name} pins what constraints.txt already pins: {', '.join(both)}"
            f" — remove them from {BUILDOUT_VERSIONS.name}",
            file=sys.stderr,
        )
        return False
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--check", action="store_true", help="exit 1 if versions.cfg is out of date")
    group.add_argument("--bootstrap", action="store_true", help="print the pip pins of zc.buildout and its dependencies")
    args = parser.parse_args(argv)

    pins = read_constraints()
    if args.bootstrap:
        every = {canonical(name): (name, version) for name, version in pins}
        every.update(read_versions_section(BUILDOUT_VERSIONS))
        missing = [name for name in BOOTSTRAP if canonical(name) not in every]
        if missing:
            sys.exit(f"no pin for {', '.join(missing)}")
        print(" ".join("{}=={}".format(*every[canonical(name)]) for name in BOOTSTRAP))
        return 0

    text = render(pins)
    overlap_ok = check_overlap(pins)
    if args.check:
        current = VERSIONS.read_text(encoding="utf-8") if VERSIONS.exists() else ""
        if current != text:
            sys.stderr.writelines(
                difflib.unified_diff(
                    current.splitlines(True), text.splitlines(True), "versions.cfg", "generated"
                )
            )
            print(
                "versions.cfg is out of date: run python3 .ci/versions-from-constraints.py",
                file=sys.stderr,
            )
            return 1
        if not overlap_ok:
            return 1
        print(f"versions.cfg matches constraints.txt ({len(pins)} pins)")
        return 0

    if VERSIONS.exists() and VERSIONS.read_text(encoding="utf-8") == text:
        print("versions.cfg is up to date")
    else:
        VERSIONS.write_text(text, encoding="utf-8")
        print(f"wrote versions.cfg ({len(pins)} pins from constraints.txt)")
    return 0 if overlap_ok else 1


if __name__ == "__main__":
    sys.exit(main())
