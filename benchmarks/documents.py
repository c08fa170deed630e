"""Bulk creation rate of controlled documents with attachments against stock Plone Files.

    .venv/bin/python benchmarks/documents.py                 # 1,000 of each
    .venv/bin/python benchmarks/documents.py --items 200

Steps:

1. a fresh instance in benchmarks/var/documents-<timestamp>/ with the eiso site
   ``/Plone`` (demo data) and the stock Classic UI site ``/stock`` (run.py's helpers);
2. in one process (``fill``): ITEMS stock ``File`` items, each with its own Word
   file (DOCX, ~300 words of Vietnamese from ``vntext``), created with plone.api in
   ``/stock/tep`` by a Manager; then ITEMS ``ControlledDocument`` items with the same
   files in ``/Plone/so-khcn/tai-lieu``, created by the demo document controller
   ``tailieu`` (so the case engine gives each its code, step 1, handler, audit entry,
   and the Vietnamese indexer reads its file); commit every 100 items, both sides;
3. items/s for each and the ratio eiso / stock (higher is better for eiso).

Stock Plone has no DOCX → text transform, so its Files are indexed without
their text; eiso reads every file (``eiso_docx_to_text``) and runs the case
engine: the ratio is conservative for eiso.
"""

from pathlib import Path

import argparse
import datetime
import json
import sys
import time


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import create_sites  # noqa: E402
from run import make_instance  # noqa: E402
from run import result_of  # noqa: E402
from run import run_logged  # noqa: E402
from run import say  # noqa: E402


COMMIT_EVERY = 100
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fill(zope_conf, items):
    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from eiso.demo_qms import make_docx
    from plone import api
    from plone.namedfile.file import NamedBlobFile
    from vntext import Text
    from zope.component.hooks import setSite

    import transaction

    app = open_app(str(zope_conf))
    text = Text(2026)
    files = []
    for index in range(items):
        title = text.title("Quy trình")
        files.append((title, make_docx(title, *(text.paragraphs(60) for _ in range(5)))))
    result = {"items": items, "docx_bytes_avg": sum(len(f) for _, f in files) // items}
    try:
        # stock: Files in a folder of the stock site
        stock = app["stock"]
        setSite(stock)
        with api.env.adopt_roles(["Manager"]):
            if "tep" not in stock:
                api.content.create(container=stock, type="Folder", id="tep", title="Tệp")
            folder = stock["tep"]
            transaction.commit()
            started = time.perf_counter()
            for index, (title, data) in enumerate(files, 1):
                api.content.create(
                    container=folder, type="File", title=title,
                    file=NamedBlobFile(data=data, contentType=DOCX, filename=f"tep-{index}.docx"))
                if index % COMMIT_EVERY == 0:
                    transaction.commit()
            transaction.commit()
            result["stock_s"] = round(time.perf_counter() - started, 2)
        # eiso: controlled documents of the demo agency, as its document controller
        site = app["Plone"]
        setSite(site)
        section = site["so-khcn"]["tai-lieu"]
        today = datetime.date.today()
        with api.env.adopt_user(username="tailieu"):
            started = time.perf_counter()
            for index, (title, data) in enumerate(files, 1):
                api.content.create(
                    container=section, type="ControlledDocument", title=title,
                    code=f"QT-BM-{index:05d}", level="II", document_kind="quy-trinh",
                    department="van-phong-so", effective_date=today,
                    file=NamedBlobFile(data=data, contentType=DOCX, filename=f"qt-{index}.docx"))
                if index % COMMIT_EVERY == 0:
                    transaction.commit()
            transaction.commit()
            result["eiso_s"] = round(time.perf_counter() - started, 2)
        catalog = api.portal.get_tool("portal_catalog")
        result["eiso_found_in_files"] = len(catalog.unrestrictedSearchResults(
            portal_type="ControlledDocument", SearchableText="quy trinh"))
    finally:
        close(app)
    result["stock_items_per_s"] = round(items / result["stock_s"], 1)
    result["eiso_items_per_s"] = round(items / result["eiso_s"], 1)
    result["ratio"] = round(result["eiso_items_per_s"] / result["stock_items_per_s"], 2)
    print("RESULT " + json.dumps(result))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--fill", help=argparse.SUPPRESS)  # zope.conf, in the child process
    args = parser.parse_args(argv)
    if args.fill:
        fill(args.fill, args.items)
        return 0
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    instance = HERE / "var" / f"documents-{stamp}"
    logs = instance / "logs"
    zope_conf = make_instance(instance, 18091)
    logs.mkdir(parents=True, exist_ok=True)
    create_sites(zope_conf, logs)
    say(f"creating {args.items} stock Files and {args.items} controlled documents …")
    _, output = run_logged(
        [sys.executable, str(HERE / "documents.py"), "--items", str(args.items),
         "--fill", str(zope_conf)], logs / "fill.log")
    result = result_of(output)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"\nstock File with a DOCX:        {result['stock_items_per_s']:7.1f} items/s")
    print(f"eiso ControlledDocument + DOCX: {result['eiso_items_per_s']:7.1f} items/s "
          f"(ratio {result['ratio']:.2f}; higher is better)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
