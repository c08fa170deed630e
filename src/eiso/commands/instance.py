"""``eiso-instance``: write instance/etc/zope.conf and zope.ini from their templates.

The templates (``instance/etc/*.in``) are committed; the written files hold
absolute paths of this checkout and are not.
"""

from pathlib import Path

import argparse
import sys


def write_instance(instance, host="127.0.0.1", port=8080, force=False):
    instance = Path(instance).resolve()
    etc = instance / "etc"
    var = instance / "var"
    for sub in ("filestorage", "blobstorage", "log", "cache"):
        (var / sub).mkdir(parents=True, exist_ok=True)
    values = {"instance": str(instance), "var": str(var), "host": host, "port": port}
    written = []
    for name in ("zope.conf", "zope.ini"):
        template = etc / f"{name}.in"
        target = etc / name
        text = template.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{%s}" % key, str(value))
        if force or not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
            written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="eiso-instance",
        description="Write the Zope instance configuration (zope.conf, zope.ini).",
    )
    parser.add_argument("--instance", default="instance", help="instance directory (default: instance)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default: 8080)")
    args = parser.parse_args(argv)
    if not (Path(args.instance) / "etc" / "zope.conf.in").exists():
        print(f"Không tìm thấy {args.instance}/etc/zope.conf.in (no instance templates here).", file=sys.stderr)
        return 2
    for path in write_instance(args.instance, args.host, args.port):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
