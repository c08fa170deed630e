"""Profile the creation of controlled documents with a DOCX, in-process.

Server stopped (FileStorage allows one process at a time); an instance built by
``documents.py`` (in ``benchmarks/var/documents-*``) or ``run.py --keep``::

    .venv/bin/python benchmarks/profile_create.py benchmarks/var/DIR/etc/zope.conf \\
        [--items 20] [--profile out.prof] [--stock]

Creates ITEMS ``ControlledDocument`` items in ``/Plone/so-khcn/tai-lieu`` as
``tailieu`` (with ``--stock``: stock ``File`` items in ``/stock/tep`` as a
Manager), as ``documents.py`` does, and prints per creation: the time, how many
times the catalog (re)indexed an object (``catalog_object``, with the indexes
asked for; and the ``reindexObject`` requests queued before), how many times a
file's text was extracted (``eiso_docx_to_text``), how many savepoints were
taken and how many objects they pickled; with --profile, the functions with the
most cumulative time. Aborts at the end: nothing is kept.
"""

from collections import Counter
from pathlib import Path

import argparse
import cProfile
import datetime
import io
import pstats
import sys
import time


HERE = Path(__file__).resolve().parent
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Counting:
    """Wrap ``owner.name`` to count its calls (and what ``describe`` says about each)."""

    def __init__(self, owner, name, describe=None):
        self.owner, self.name, self.original = owner, name, getattr(owner, name)
        self.calls = Counter()
        counter = self

        def wrapper(*args, **kwargs):
            counter.calls[describe(*args, **kwargs) if describe else "call"] += 1
            return counter.original(*args, **kwargs)

        setattr(owner, name, wrapper)

    def total(self):
        return sum(self.calls.values())

    def restore(self):
        setattr(self.owner, self.name, self.original)


def _indexes(self, obj, uid=None, idxs=None, update_metadata=1, pghandler=None):
    return "all indexes" if not idxs else ", ".join(sorted(idxs))


def _asked(self, idxs=[], update_metadata=1, uid=None):
    return "all indexes" if not idxs else ", ".join(sorted(idxs))


def _document(site, index, title, data):
    from plone import api
    from plone.namedfile.file import NamedBlobFile

    api.content.create(
        container=site["so-khcn"]["tai-lieu"], type="ControlledDocument", title=title,
        code=f"QT-PROFILE-{index:05d}", level="II", document_kind="quy-trinh",
        department="van-phong-so", effective_date=datetime.date.today(),
        file=NamedBlobFile(data=data, contentType=DOCX, filename=f"qt-{index}.docx"))


def _stock_file(site, index, title, data):
    from plone import api
    from plone.namedfile.file import NamedBlobFile

    if "tep" not in site:
        api.content.create(container=site, type="Folder", id="tep", title="Tệp")
    api.content.create(
        container=site["tep"], type="File", title=title,
        file=NamedBlobFile(data=data, contentType=DOCX, filename=f"tep-{index}.docx"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zope_conf")
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--profile", help="write the cProfile data to this file")
    parser.add_argument("--stock", action="store_true",
                        help="stock Files in /stock/tep instead, for comparison")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(HERE))
    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from eiso.demo_qms import make_docx
    from eiso.search.transforms import DocxToText
    from plone import api
    from Products.CMFCore.CMFCatalogAware import CMFCatalogAware
    from Products.CMFPlone.CatalogTool import CatalogTool
    from vntext import Text
    from ZODB.serialize import ObjectWriter
    from zope.component.hooks import setSite

    import transaction

    app = open_app(args.zope_conf)
    text = Text(2026)
    files = []
    for _index in range(args.items):
        title = text.title("Quy trình")
        files.append((title, make_docx(title, *(text.paragraphs(60) for _ in range(5)))))
    catalog_object = Counting(CatalogTool, "catalog_object", _indexes)
    extractions = Counting(DocxToText, "extract")
    savepoints = Counting(transaction.Transaction, "savepoint")
    reindex = Counting(CMFCatalogAware, "reindexObject", _asked)
    reindex_security = Counting(CMFCatalogAware, "reindexObjectSecurity")
    pickled = Counting(ObjectWriter, "serialize")
    counters = (catalog_object, extractions, savepoints, reindex, reindex_security, pickled)
    profiler = cProfile.Profile() if args.profile else None
    try:
        if args.stock:
            # stock Files in /stock/tep by a Manager, as documents.py makes them
            site = app["stock"]
            setSite(site)
            context = api.env.adopt_roles(["Manager"])
        else:
            site = app["Plone"]
            setSite(site)
            context = api.env.adopt_user(username="tailieu")
        times, cpu_times = [], []
        with context:
            create = _stock_file if args.stock else _document
            # one creation first, not counted: the first call fills caches
            create(site, 0, "Khởi động", files[0][1])
            for counter in counters:
                counter.calls.clear()
            if profiler:
                profiler.enable()
            for index, (title, data) in enumerate(files, 1):
                started, cpu_started = time.perf_counter(), time.process_time()
                create(site, index, title, data)
                times.append(time.perf_counter() - started)
                cpu_times.append(time.process_time() - cpu_started)
            if profiler:
                profiler.disable()
    finally:
        for counter in counters:
            counter.restore()
        transaction.abort()
        close(app)

    n = args.items
    print(f"{n} creations, {sum(times) / n * 1000:.1f} ms each (median "
          f"{sorted(times)[n // 2] * 1000:.1f} ms; CPU time of this process "
          f"{sum(cpu_times) / n * 1000:.1f} ms: less disturbed by other work on the machine)")
    print(f"catalog_object calls per creation: {catalog_object.total() / n:.2f}")
    for what, count in catalog_object.calls.most_common():
        print(f"    {count / n:5.2f}  {what}")
    print(f"reindexObject requests (queued) per creation: {reindex.total() / n:.2f}")
    for what, count in reindex.calls.most_common():
        print(f"    {count / n:5.2f}  {what}")
    print(f"reindexObjectSecurity per creation: {reindex_security.total() / n:.2f}")
    print(f"DOCX text extractions per creation: {extractions.total() / n:.2f}")
    print(f"savepoints per creation: {savepoints.total() / n:.2f}")
    print(f"objects pickled (at the savepoints) per creation: {pickled.total() / n:.0f}")
    if profiler:
        profiler.dump_stats(args.profile)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(45)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
