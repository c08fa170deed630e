"""Assessments in the browser and through REST: the grid entered on the page by the
agency then by the superior agency's Assessor (limits refused with the row named,
nothing half-saved, CSRF), the totals and the grade, the print page, the evidence
files, and the Assessor kept out of everything else of the agency."""

from datetime import date
from eiso.assessments.workflow import SELF
from eiso.assessments.workflow import set_scores
from eiso.content.fields import create_content
from plone.namedfile.file import NamedBlobFile
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from urllib.parse import urlencode

import transaction
import unittest


YEAR = date.today().year
CRITERIA = ["A | Xây dựng hệ thống | 40", "B | Đánh giá nội bộ | 35", "C | Cải tiến | 25"]


class AssessmentPagesTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["danh-gia"]
        api.portal.set_registry_record("eiso.assessment_criteria", CRITERIA)

    def act(self, user, item, transition):
        login(self.portal, user)
        api.portal.get_tool("portal_workflow").doActionFor(item, transition)

    def draft(self):
        login(self.portal, "a-secretary")
        item = create_content(self.section, "Assessment", year=YEAR)
        item.evidence_files = [NamedBlobFile(data=b"%PDF-1.4 quyet dinh",
                                          filename="quyet-dinh-iso.pdf")]
        return item

    def approved(self):
        item = self.draft()
        set_scores(item, {"A": {"self_score": 35}, "B": {"self_score": 30},
                          "C": {"self_score": 20}}, SELF)
        self.act("a-secretary", item, "submit")
        self.act("a-leader", item, "approve")
        return item

    def commit(self):
        logout()
        transaction.commit()

    def post(self, page, item, **cells):
        page.open(item.absolute_url())
        token = page.getControl(name="_authenticator").value
        data = {"_authenticator": token, "form.buttons.save": "Lưu điểm"}
        data.update(cells)
        page.post(item.absolute_url() + "/view", urlencode(data))

    def status(self, page):
        return page.headers["status"].split()[0]

    def assertRefused(self, page, message=None):
        self.assertTrue(
            page.headers["status"].startswith(("401", "403", "404"))
            or "insufficient-privileges" in page.url or "require_login" in page.url,
            (message, page.headers["status"], page.url))


class TestSelfAssessment(AssessmentPagesTestCase):
    def test_secretary_scores_on_the_page(self):
        item = self.draft()
        self.commit()
        page = browser(self.app, "a-secretary")
        self.post(page, item, **{"self_score.A": "35", "evidence.A": "Quyết định 12/QĐ",
                                 "self_score.B": "30,5", "self_score.C": "20"})
        self.assertEqual(self.status(page), "200")
        self.assertIn("Đã lưu điểm.", page.contents)
        self.assertIn("85,5", page.contents.split('id="eiso-assessment-self-total"')[1][:40])
        transaction.begin()
        self.assertEqual([r["self_score"] for r in item.scores], [35, 30.5, 20])
        self.assertEqual(item.scores[0]["evidence"], "Quyết định 12/QĐ")
        # The assessor's columns are not shown to the agency before publishing.
        self.assertNotIn("Điểm cấp trên chấm", page.contents)

    def test_listed_in_the_evaluation_section(self):
        self.draft()
        self.commit()
        page = browser(self.app, "a-secretary")
        page.open(self.section.absolute_url())
        self.assertIn(f"Chấm điểm kết quả áp dụng ISO năm {YEAR}", page.contents)
        page = browser(self.app, "b-leader")
        page.open(self.portal["co-quan-b"]["danh-gia"].absolute_url())
        self.assertNotIn(f"Chấm điểm kết quả áp dụng ISO năm {YEAR}", page.contents)

    def test_a_score_above_the_maximum_is_refused(self):
        item = self.draft()
        self.commit()
        page = browser(self.app, "a-secretary")
        self.post(page, item, **{"self_score.A": "10", "self_score.B": "36"})
        self.assertEqual(self.status(page), "200")
        self.assertIn("Tiêu chí B: điểm 36 vượt quá mức tối đa 35 điểm.", page.contents)
        # What was typed is shown again; nothing was saved.
        self.assertIn('value="36"', page.contents)
        transaction.begin()
        self.assertEqual([r["self_score"] for r in item.scores], [None, None, None])

    def test_csrf(self):
        item = self.draft()
        self.commit()
        page = browser(self.app, "a-secretary")
        page.post(item.absolute_url() + "/view",
                  urlencode({"form.buttons.save": "1", "self_score.A": "5"}))
        self.assertNotEqual(self.status(page), "200")
        transaction.begin()
        self.assertIsNone(item.scores[0]["self_score"])

    def test_others_cannot_score(self):
        item = self.draft()
        self.commit()
        for user in ("a-staff", "b-leader", "assessor"):
            page = browser(self.app, user)
            page.open(item.absolute_url())
            self.assertRefused(page, user)


class TestAssessor(AssessmentPagesTestCase):
    def test_assessor_scores_and_publishes(self):
        item = self.approved()
        self.commit()
        page = browser(self.app, "assessor")
        page.open(item.absolute_url())
        self.assertEqual(self.status(page), "200")
        self.assertIn("Điểm cấp trên chấm", page.contents)
        self.assertNotIn('name="self_score.A"', page.contents)
        self.post(page, item, **{"assessor_score.A": "36", "assessor_comment.A": "Đạt",
                                 "assessor_score.B": "28", "assessor_score.C": "26"})
        self.assertIn("Tiêu chí C: điểm 26 vượt quá mức tối đa 25 điểm.", page.contents)
        self.post(page, item, **{"assessor_score.A": "36", "assessor_comment.A": "Đạt",
                                 "assessor_score.B": "28", "assessor_score.C": "20",
                                 "self_score.A": "1"})
        self.assertIn("Đã lưu điểm.", page.contents)
        grade = page.contents.split('id="eiso-assessment-grade"')[1][:40]
        self.assertIn("Khá", grade)
        transaction.begin()
        self.assertEqual(item.assessor_total(), 84)
        self.assertEqual(item.self_total(), 85)  # the self scores are not the assessor's
        self.act("assessor", item, "score")
        self.act("assessor", item, "publish")
        self.commit()
        # Published: the agency sees the assessor's scores and the grade, read only.
        page = browser(self.app, "a-secretary")
        page.open(item.absolute_url())
        self.assertIn("Điểm cấp trên chấm", page.contents)
        self.assertIn("84", page.contents.split('id="eiso-assessment-assessor-total"')[1][:40])
        self.assertNotIn("form.buttons.save", page.contents)
        page.open(item.absolute_url() + "/@@print")
        self.assertEqual(self.status(page), "200")
        self.assertIn("Đánh giá nội bộ", page.contents)
        self.assertIn("Khá", page.contents)

    def test_assessor_reads_the_evidence_files(self):
        item = self.approved()
        self.commit()
        page = browser(self.app, "assessor")
        page.open(item.absolute_url())
        self.assertIn("quyet-dinh-iso.pdf", page.contents)
        page.open(item.absolute_url() + "/@@assessment-file/0")
        self.assertEqual(self.status(page), "200")
        self.assertEqual(page.contents, b"%PDF-1.4 quyet dinh")
        page.open(item.absolute_url() + "/@@assessment-file/5")
        self.assertEqual(self.status(page), "404")

    def test_assessor_sees_nothing_else_of_the_agency(self):
        item = self.approved()
        self.commit()
        page = browser(self.app, "assessor")
        for path in ("", "/danh-gia", "/tai-lieu", "/to-chuc/van-phong", "/@@search",
                     "/danh-gia/folder_contents"):
            page.open(self.agency.absolute_url() + path)
            self.assertRefused(page, path)
        rest = RestSession(self.portal, "assessor")
        self.addCleanup(rest.close)
        found = rest.get("/@search?portal_type=Department").json()
        self.assertEqual(found["items_total"], 0)
        agency_path = "/".join(self.agency.getPhysicalPath())
        found = rest.get("/@search?path.query=" + agency_path).json()
        self.assertEqual([i["@type"] for i in found["items"]], ["Assessment"])
        self.assertEqual(rest.get("/co-quan-a/danh-gia/" + item.getId()).status_code, 200)
        self.assertIn(rest.get("/co-quan-a").status_code, (401, 403))

    def test_not_before_approval(self):
        item = self.draft()
        set_scores(item, {"A": {"self_score": 1}, "B": {"self_score": 1},
                          "C": {"self_score": 1}}, SELF)
        self.act("a-secretary", item, "submit")
        self.commit()
        page = browser(self.app, "assessor")
        page.open(item.absolute_url())
        self.assertRefused(page)
        page.open(item.absolute_url() + "/@@assessment-file/0")
        self.assertRefused(page)

    def test_rest_cannot_write_the_grid(self):
        item = self.draft()
        self.commit()
        rest = RestSession(self.portal, "a-secretary")
        self.addCleanup(rest.close)
        path = "/co-quan-a/danh-gia/" + item.getId()
        forged = [dict(row, self_score=row["max_points"], assessor_score=row["max_points"],
                       max_points=999) for row in item.scores]
        response = rest.patch(path, json={"scores": forged, "notes": "Ghi chú"})
        self.assertIn(response.status_code, (204, 400, 401, 403), response.text)
        transaction.begin()
        self.assertEqual([r["max_points"] for r in item.scores], [40, 35, 25])
        self.assertEqual([r["assessor_score"] for r in item.scores], [None, None, None])
        # The grid is read through REST.
        scores = rest.get(path).json()["scores"]
        self.assertEqual([row["code"] for row in scores], ["A", "B", "C"])

    def test_rest_refusal_is_400(self):
        item = self.approved()
        self.commit()
        rest = RestSession(self.portal, "assessor")
        self.addCleanup(rest.close)
        path = "/co-quan-a/danh-gia/" + item.getId()
        response = rest.post(path + "/@workflow/score", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Chưa chấm: A, B, C", response.json()["error"]["message"])
