"""The benchmark suite's corpus generator and result writers (benchmarks/).

The benchmark itself (``make bench``) is not run here: it needs minutes and a quiet
machine. The corpus generator runs at a tiny size on the integration layer.
"""

from eiso.testing import EISO_INTEGRATION_TESTING
from pathlib import Path
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from xml.etree import ElementTree

import sys
import unittest


BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import corpus  # noqa: E402
import writers  # noqa: E402


class TestCorpus(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.stock = api.content.create(container=self.portal, type="Folder", id="stock-test",
                                        title="Stock")
        self.messages = []
        self.result = corpus.Corpus(
            self.portal, self.stock, documents=4, records=3, nonconformities=6,
            progress=self.messages.append).build(2)

    def find(self, **query):
        return api.content.find(unrestricted=True, **query)

    def test_counts(self):
        counts = self.result["counts"]
        self.assertEqual(counts["agencies"], 2)
        self.assertEqual(counts["ControlledDocument"], 8)
        self.assertEqual(counts["Record"], 6)
        self.assertEqual(counts["Nonconformity"], 12)
        self.assertEqual(counts["stock_File"], 8)
        self.assertEqual(counts["stock_Document"], 6 + 12)
        for number in (1, 2):
            agency = self.portal[f"dv-{number:02d}"]
            path = "/".join(agency.getPhysicalPath())
            self.assertEqual(len(self.find(path=path, portal_type="ControlledDocument")), 4)
            self.assertEqual(len(self.find(path=path, portal_type="Record")), 3)
            self.assertEqual(len(self.find(path=path, portal_type="Nonconformity")), 6)
            self.assertEqual(len(self.find(path=path, portal_type="QualityPolicy")), 2)
            self.assertIsNotNone(api.user.get(userid=f"lanhdao{number:02d}"))
            folder = self.stock[f"dv-{number:02d}"]
            self.assertEqual(len(folder.objectIds()), 4 + 3 + 6)
        self.assertEqual(len(self.messages), 2)
        self.assertIn("agency 2/2", self.messages[-1])

    def test_workflow_states_and_files(self):
        path = "/".join(self.portal["dv-01"].getPhysicalPath())
        states = {b.review_state for b in self.find(path=path, portal_type="ControlledDocument")}
        self.assertEqual(states, {"draft", "reviewing", "pending", "effective"})
        states = {b.review_state for b in self.find(path=path, portal_type="Nonconformity")}
        self.assertEqual(states, set(corpus.NC_STATES))
        document = api.content.get(path=self.result["paths"]["dv-01"]["document"])
        self.assertEqual(api.content.get_state(document), "effective")
        self.assertTrue(document.file.filename.endswith(".docx"))
        self.assertGreater(document.file.getSize(), 1000)
        pdfs = [b.getObject() for b in self.find(path=path, portal_type="ControlledDocument")
                if b.getObject().file.filename.endswith(".pdf")]
        self.assertEqual(len(pdfs), 1)
        self.assertTrue(pdfs[0].file.data.startswith(b"%PDF-1.4"))
        stock_document = api.content.get(path=self.result["paths"]["dv-01"]["stock_document"])
        self.assertEqual(api.content.get_state(stock_document), "published")
        # realistic Vietnamese: diacritics in titles, found by a Vietnamese search
        self.assertRegex(document.Title(), "[ạảãàáâậầấẩẫăắằặẳẵđêềếểễệôồốổỗộơờớởỡợưừứửữự]")
        self.assertTrue(self.find(path=path, SearchableText="quy trình"))

    def test_an_existing_agency_is_left_alone(self):
        again = corpus.Corpus(self.portal, self.stock, documents=1, records=1,
                              nonconformities=1, progress=self.messages.append).build(2)
        self.assertEqual(again["counts"]["ControlledDocument"], 0)
        self.assertIn("dv-02 exists", self.messages[-1])


RESULT = {
    "date": "2026-11-24T20:00:00",
    "settings": {"connections": 4, "duration_s": 10},
    "environment": {"cpus": 2, "loadavg": [1.5, 1.2, 1.0], "loadavg_end": [2.0, 1.5, 1.1],
                    "plone": "6.1", "eiso": "1.0", "git_commit": "abc123"},
    "corpus": {"counts": {"agencies": 10, "accounts": 80, "ControlledDocument": 200,
                          "Record": 200, "Nonconformity": 60, "cases_policy": 30,
                          "stock_File": 200, "stock_Document": 260}, "seconds": 300},
    "pages": {
        "agency_home": {"title": "Agency home", "user": "thuky01", "baseline": "stock_document",
                        "serial_ms": 120.0, "p50_ms": 480.0, "p95_ms": 700.0,
                        "req_per_s": 8.2, "ratio_p50": 1.6},
        "document": {"title": "Document view", "user": "thuky01",
                     "baseline": "stock_document", "serial_ms": 80.0, "p50_ms": 300.0,
                     "p95_ms": 450.0, "req_per_s": 13.0, "ratio_p50": 1.0},
        "stock_document": {"title": "Stock <Document>", "user": "thuky", "stock": True,
                           "serial_ms": 75.5, "p50_ms": 300.0, "p95_ms": 420.0,
                           "req_per_s": 13.3},
    },
    "throughput": {"one_client": {"req_per_s": 10.0, "p50_ms": 400, "p95_ms": 900, "errors": 0},
                   "two_clients": {"req_per_s": 13.0, "p50_ms": 600, "p95_ms": 1400,
                                   "errors": 0},
                   "scaling": 1.3, "description": "wrk on two ports."},
    "reports": {"province_overview": {"title": "Province overview",
                                      "path": "/Plone/@@province-overview", "user": "admin",
                                      "median_ms": 2345.6, "max_ms": 2600.0,
                                      "runs": [2345.6, 2600.0, 2300.0]}},
}


class TestWriters(unittest.TestCase):

    def test_markdown(self):
        text = writers.markdown(RESULT)
        self.assertIn("| Agency home | thuky01 | 120 | 480 | 700 | 8.2 | 1.60 × | stock_document |",
                      text)
        self.assertIn("| Stock <Document> *(stock)* | thuky | 75.5 | 300 | 420 | 13.3 | — |  |",
                      text)
        self.assertIn("| 2 ZEO clients | 13.0 | 600 | 1,400 | 0 |", text)
        self.assertIn("Scaling 2 clients / 1 client: **1.30 ×**", text)
        self.assertIn("| Province overview (`/Plone/@@province-overview`) | admin | 2,346 | "
                      "2,600 | 3 |", text)
        self.assertIn("10 agencies, 80 accounts, 200 controlled documents", text)
        self.assertIn("the ratios", text)

    def test_svg(self):
        root = ElementTree.fromstring(writers.svg(RESULT))
        ns = "{http://www.w3.org/2000/svg}"
        self.assertEqual(root.tag, f"{ns}svg")
        bars = root.findall(f".//{ns}rect[@class='bar']")
        # 2 ratios, 3 medians, 2 throughputs
        self.assertEqual([float(b.get("data-value")) for b in bars],
                         [1.6, 1.0, 480.0, 300.0, 300.0, 10.0, 13.0])
        widths = [float(b.get("width")) for b in bars]
        # proportional within a chart; the ratio above the target is drawn in red
        self.assertAlmostEqual(widths[0] / widths[1], 1.6, places=2)
        self.assertAlmostEqual(widths[2] / widths[3], 1.6, places=2)
        self.assertEqual(bars[0].get("fill"), writers.WARN)
        self.assertEqual(bars[1].get("fill"), writers.EISO)
        self.assertEqual(bars[4].get("fill"), writers.STOCK)
        texts = [t.text for t in root.iter(f"{ns}text")]
        self.assertIn("Stock <Document>", texts)  # escaped in the file, parsed back
        self.assertIn("1.60 ×", texts)
        self.assertTrue(any("scaling 1.30" in (t or "") for t in texts))
        self.assertEqual(float(root.get("height")), float(root.get("viewBox").split()[3]))
