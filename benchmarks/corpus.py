"""Benchmark corpus: N agencies full of realistic content, and the same in stock Plone.

    .venv/bin/python benchmarks/corpus.py --zope-conf DIR/etc/zope.conf --agencies 10
    .venv/bin/python benchmarks/corpus.py --zope-conf ... --agencies 50 --documents 40

Run it with the server stopped (FileStorage: one process at a time) or, in a ZEO
set-up, with the scripts' client configuration (``etc/scripts/zope.conf``). The eiso
site (``/Plone``) and the stock Classic UI site (``/stock``, made by
``prepare.py stock-site``) must exist. Idempotent per agency: an agency that exists is
left alone, so a run can be resumed.

Each agency ``dv-NN`` ("Sở … tỉnh …") gets, made the way users make them (plone.api,
eiso's content types, workflows and case engine, each step done by the account whose
role allows it):

- 3 departments and the accounts ``lanhdaoNN`` (Leader), ``thukyNN`` (IsoSecretary),
  ``tailieuNN`` (DocumentController), ``hosoNN`` (RecordsOfficer) and ``canboNN-K``
  staff; password ``eiso2026``;
- this year's applied context analysis and quality policy, next year's policy waiting
  for the leader (``eiso.demo.ensure_context_and_policy``);
- ``--documents`` controlled documents in ``tai-lieu``, each with a Word (DOCX) file of
  ~300 words of Vietnamese (``vntext``; every fourth a small PDF instead), a quarter
  each in draft, under review, waiting for approval and effective;
- ``--records`` records in ``ho-so`` (work, ISO and TTHC records of several years);
- ``--nonconformities`` nonconformities in ``kiem-soat`` in every state from reported
  to closed.

In ``/stock``: plone.restapi's profile (as eiso installs it), navigation depth 1
(as eiso), and per agency a published Folder ``dv-NN`` with as many published
``File`` items (the same files) as the agency has controlled documents and as many
published ``Document`` items (the same Vietnamese text) as it has records and
nonconformities. The last line printed is ``RESULT {json}`` with the counts, the
times and the paths the benchmark measures.
"""

from pathlib import Path

import argparse
import datetime
import json
import sys
import time


HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from vntext import Text  # noqa: E402


PASSWORD = "eiso2026"
DOMAIN = "bench.example.vn"
STAFF = 4  # canboNN-1 … canboNN-4
DEPARTMENTS = (
    ("van-phong", "Văn phòng", "VP"),
    ("phong-nghiep-vu", "Phòng Nghiệp vụ", "NV"),
    ("thanh-tra", "Thanh tra", "TT"),
)
PROVINCES = ("Quảng Bình", "Nghệ An", "Thừa Thiên Huế", "Đắk Lắk", "Cần Thơ", "Lào Cai",
             "Bình Định", "Hà Tĩnh", "Thanh Hóa", "Sóc Trăng")
AGENCY_NAMES = ("Sở Khoa học và Công nghệ", "Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính",
                "Sở Xây dựng", "Sở Y tế", "Sở Giáo dục và Đào tạo", "Sở Công Thương",
                "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch")
DOCUMENT_STATES = ("draft", "reviewing", "pending", "effective")
DOCUMENT_KINDS = (("Quy trình", "quy-trinh", "QT"), ("Hướng dẫn", "huong-dan", "HD"),
                  ("Biểu mẫu", "bieu-mau", "BM"), ("Quy chế", "quy-che", "QC"))
RECORD_KINDS = (("Hồ sơ công việc", "work"), ("Hồ sơ ISO", "iso"), ("Hồ sơ TTHC", "procedure"))
NC_STATES = ("reported", "analysed", "approved", "implementing", "verified", "closed")
NC_SOURCES = ("audit", "feedback", "staff", "review")
NC_CLAUSES = ("7.5.3", "8.2.1", "7.1.5", "9.1.3", "8.5.1", "10.2")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def say(message):
    print(f"[bench] {message}", flush=True)


def agency_id(number):
    return f"dv-{number:02d}"


def accounts(number):
    """(user id, full name, department, roles) of agency ``number``."""
    n = f"{number:02d}"
    rows = [
        (f"lanhdao{n}", f"Lê Văn Lãnh {n}", "van-phong", ["Leader"]),
        (f"thuky{n}", f"Trần Thị Thư {n}", "van-phong", ["IsoSecretary"]),
        (f"tailieu{n}", f"Đỗ Văn Tài {n}", "van-phong", ["DocumentController"]),
        (f"hoso{n}", f"Vũ Thị Hoa {n}", "van-phong", ["RecordsOfficer"]),
    ]
    rows += [(f"canbo{n}-{k}", f"Nguyễn Văn Cán {n}.{k}", DEPARTMENTS[k % 3][0], [])
             for k in range(1, STAFF + 1)]
    return rows


def make_pdf(title):
    """A one-page PDF showing the title in ASCII (the standard fonts have no Vietnamese
    glyphs). It is not read for search."""
    import unicodedata

    from eiso.staff.demo import one_page_pdf

    return one_page_pdf([unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()])


class Corpus:
    """Builds the corpus; ``site`` the eiso site, ``stock`` the container of the stock
    side (the stock site; in tests any folder that takes Folders)."""

    def __init__(self, site, stock=None, documents=20, records=20, nonconformities=6,
                 seed=2026, progress=say, commit=None, stock_site=None):
        self.site = site
        self.stock = stock
        # the site the stock container is in, when it is not ``site``
        self.stock_site = stock_site
        self.documents = documents
        self.records = records
        self.nonconformities = nonconformities
        self.text = Text(seed)
        self.progress = progress
        self.commit = commit or (lambda: None)
        self.counts = {"agencies": 0, "accounts": 0, "ControlledDocument": 0, "Record": 0,
                       "Nonconformity": 0, "cases_policy": 0, "stock_File": 0,
                       "stock_Document": 0}
        self.paths = {}

    # -- eiso ---------------------------------------------------------------------

    def agency(self, number):
        from eiso.demo import ensure_agency
        from eiso.demo import ensure_context_and_policy
        from plone import api

        with api.env.adopt_roles(["Manager"]):
            agency = ensure_agency(
                self.site, agency_id(number),
                {"title": f"{AGENCY_NAMES[(number - 1) % len(AGENCY_NAMES)]} tỉnh "
                          f"{PROVINCES[(number - 1) // len(AGENCY_NAMES) % len(PROVINCES)]}"
                          + (f" ({number})" if number > len(AGENCY_NAMES) * len(PROVINCES)
                             else ""),
                 "code": f"DV{number:02d}"},
                DEPARTMENTS, accounts(number), PASSWORD, DOMAIN)
        self.counts["agencies"] += 1
        self.counts["accounts"] += len(accounts(number))
        n = f"{number:02d}"
        year = datetime.date.today().year
        ensure_context_and_policy(agency, year, secretary=f"thuky{n}", leader=f"lanhdao{n}")
        self.counts["cases_policy"] += 3
        return agency

    def controlled_documents(self, agency, number):
        from eiso.content.fields import create_content
        from eiso.demo_qms import make_docx
        from plone import api
        from plone.namedfile.file import NamedBlobFile

        n = f"{number:02d}"
        controller, secretary, leader = f"tailieu{n}", f"thuky{n}", f"lanhdao{n}"
        steps = {"draft": (), "reviewing": ((controller, "submit"),),
                 "pending": ((controller, "submit"), (secretary, "endorse"))}
        steps["effective"] = steps["pending"] + ((leader, "approve"),)
        section = agency["tai-lieu"]
        files = []
        today = datetime.date.today()
        for index in range(1, self.documents + 1):
            kind, kind_id, prefix = DOCUMENT_KINDS[index % len(DOCUMENT_KINDS)]
            title = self.text.title(kind)
            paragraphs = [self.text.paragraphs(60) for _ in range(5)]
            code = f"{prefix}-{n}-{index:03d}"
            if index % 4 == 0:
                data, mime, filename = make_pdf(title), PDF, f"{code}.pdf"
            else:
                data, mime, filename = make_docx(title, *paragraphs), DOCX, f"{code}.docx"
            state = DOCUMENT_STATES[index % len(DOCUMENT_STATES)]
            fields = {"code": code, "title": title, "description": paragraphs[0][:200],
                      "level": "II", "document_kind": kind_id,
                      "department": DEPARTMENTS[index % 3][0], "iso_clauses": ["7.5"],
                      "file": NamedBlobFile(data=data, contentType=mime, filename=filename)}
            if state == "effective":
                fields["effective_date"] = today
                fields["review_date"] = today.replace(year=today.year + 1)
            with api.env.adopt_user(username=controller):
                document = create_content(section, "ControlledDocument", **fields)
            for user_id, transition in steps[state]:
                with api.env.adopt_user(username=user_id):
                    api.content.transition(obj=document, transition=transition)
            if state == "effective" and "document" not in self.paths.get(number, {}):
                self.paths.setdefault(number, {}).update(
                    document="/".join(document.getPhysicalPath()), document_title=title)
            files.append((title, data, mime, filename, paragraphs))
            self.counts["ControlledDocument"] += 1
        return files

    def records_of(self, agency, number):
        from eiso.content.fields import create_content
        from plone import api

        n = f"{number:02d}"
        section = agency["ho-so"]
        texts = []
        year = datetime.date.today().year
        with api.env.adopt_user(username=f"hoso{n}"):
            for index in range(1, self.records + 1):
                kind, kind_id = RECORD_KINDS[index % len(RECORD_KINDS)]
                title = f"{kind} {self.text.title('Hồ sơ')[7:]}"
                create_content(
                    section, "Record", code=f"HS-{n}-{index:03d}", title=title,
                    record_kind=kind_id, department=DEPARTMENTS[index % 3][0],
                    year=year - index % 5, retention_years=(5, 10, 20)[index % 3],
                    storage_location=f"Kho lưu trữ, giá {index % 9 + 1}", medium="paper",
                    iso_clauses=["7.5.3"])
                texts.append((title, self.text.paragraphs(120)))
                self.counts["Record"] += 1
        return texts

    def nonconformities_of(self, agency, number):
        from eiso.nonconformities import create_nonconformity
        from eiso.nonconformities.workflow import analysts
        from plone import api

        n = f"{number:02d}"
        section = agency["kiem-soat"]
        today = datetime.date.today()
        transitions = ("analyse", "approve", "implement", "verify", "close")
        texts = []
        for index in range(self.nonconformities):
            state = NC_STATES[index % len(NC_STATES)]
            reporter = f"canbo{n}-{index % STAFF + 1}"
            description = self.text.paragraphs(40)
            with api.env.adopt_user(username=reporter):
                item = create_nonconformity(
                    section, source=NC_SOURCES[index % len(NC_SOURCES)],
                    clause=NC_CLAUSES[index % len(NC_CLAUSES)],
                    department=DEPARTMENTS[index % 3][0], description=description,
                    correction=self.text.sentence())
            analyst = analysts(item)[0]
            actors = {"analyse": analyst, "approve": f"lanhdao{n}", "implement": reporter,
                      "verify": f"thuky{n}", "close": f"thuky{n}"}
            for transition in transitions[:NC_STATES.index(state)]:
                if transition == "analyse":
                    item.root_cause = self.text.sentence()
                    item.corrective_action = self.text.sentence()
                    item.responsible = reporter
                    item.action_due_date = today + datetime.timedelta(days=10 + index)
                if transition == "verify":
                    item.verification = self.text.sentence()
                    item.action_effective = True
                with api.env.adopt_user(username=actors[transition]):
                    api.content.transition(obj=item, transition=transition)
            item.reindexObject()
            texts.append((item.Title(), description))
            self.counts["Nonconformity"] += 1
        return texts

    # -- stock ----------------------------------------------------------------------

    def stock_folder(self, number, files, texts):
        from Products.CMFCore.indexing import processQueue
        from zope.component.hooks import setSite

        if self.stock_site is None:
            self._stock_folder(number, files, texts)
            return
        # CMF's tools, the catalog of the indexing queue among them, are the current
        # site's: the queue is processed before going back to the eiso site.
        processQueue()
        setSite(self.stock_site)
        try:
            self._stock_folder(number, files, texts)
            processQueue()
        finally:
            setSite(self.site)

    def _stock_folder(self, number, files, texts):
        from plone import api
        from plone.app.textfield.value import RichTextValue
        from plone.namedfile.file import NamedBlobFile

        with api.env.adopt_roles(["Manager"]):
            folder = api.content.create(
                container=self.stock, type="Folder", id=agency_id(number), safe_id=False,
                title=f"Đơn vị {number:02d}")
            api.content.transition(obj=folder, to_state="published")
            for index, (title, data, mime, filename, _) in enumerate(files, 1):
                item = api.content.create(
                    container=folder, type="File", id=f"tep-{index:03d}", safe_id=False,
                    title=title, file=NamedBlobFile(data=data, contentType=mime,
                                                    filename=filename))
                self.counts["stock_File"] += 1
            for index, (title, body) in enumerate(texts, 1):
                item = api.content.create(
                    container=folder, type="Document", id=f"trang-{index:03d}",
                    safe_id=False, title=title,
                    text=RichTextValue(f"<p>{body}</p>", "text/html", "text/x-html-safe"))
                api.content.transition(obj=item, to_state="published")
                self.counts["stock_Document"] += 1
                if index == 1:
                    self.paths.setdefault(number, {}).update(
                        stock_document="/".join(item.getPhysicalPath()),
                        stock_document_title=title)
            self.paths.setdefault(number, {})["stock_folder"] = "/".join(
                folder.getPhysicalPath())

    # -- all --------------------------------------------------------------------------

    def build(self, agencies):
        started = time.perf_counter()
        for number in range(1, agencies + 1):
            if agency_id(number) in self.site.objectIds():
                self.progress(f"[corpus] {agency_id(number)} exists: left alone")
                continue
            agency = self.agency(number)
            files = self.controlled_documents(agency, number)
            texts = self.records_of(agency, number)
            texts += self.nonconformities_of(agency, number)
            self.paths.setdefault(number, {})["agency"] = "/".join(agency.getPhysicalPath())
            if self.stock is not None:
                self.stock_folder(number, files, texts)
            self.commit()
            seconds = time.perf_counter() - started
            self.progress(f"[corpus] agency {number}/{agencies} "
                          f"({agency.Title()}): {self.documents} documents, "
                          f"{self.records} records, {self.nonconformities} nonconformities; "
                          f"{seconds:.0f} s")
        return {"counts": self.counts, "seconds": round(time.perf_counter() - started, 1),
                "paths": {agency_id(k): v for k, v in self.paths.items()}}


def prepare_stock(stock):
    """As eiso configures its own site: plone.restapi's profile and navigation depth 1
    (otherwise the global navigation lists every agency Folder's items)."""
    from plone import api
    from plone.base.utils import get_installer
    from zope.component.hooks import setSite

    setSite(stock)
    installer = get_installer(stock)
    if not installer.is_product_installed("plone.restapi"):
        installer.install_product("plone.restapi")
    api.portal.set_registry_record("plone.navigation_depth", 1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zope-conf", required=True, help="zope.conf of the instance")
    parser.add_argument("--agencies", type=int, default=10, help="agencies (default 10)")
    parser.add_argument("--documents", type=int, default=20,
                        help="controlled documents per agency (default 20)")
    parser.add_argument("--records", type=int, default=20, help="records per agency (default 20)")
    parser.add_argument("--nonconformities", type=int, default=6,
                        help="nonconformities per agency (default 6)")
    parser.add_argument("--no-stock", action="store_true", help="leave /stock alone")
    args = parser.parse_args(argv)

    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from zope.component.hooks import setSite

    import transaction

    app = open_app(args.zope_conf)
    try:
        stock = None
        if not args.no_stock:
            stock = app["stock"]
            prepare_stock(stock)
            transaction.commit()
        site = app["Plone"]
        setSite(site)

        def commit():
            transaction.commit()
            app._p_jar.cacheGC()

        say(f"[corpus] {args.agencies} agencies, each {args.documents} documents, "
            f"{args.records} records, {args.nonconformities} nonconformities …")
        result = Corpus(site, stock, args.documents, args.records, args.nonconformities,
                        commit=commit, stock_site=stock).build(args.agencies)
        commit()
    finally:
        close(app)
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
