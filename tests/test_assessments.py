"""Assessments of the application of ISO (Chấm điểm kết quả áp dụng ISO, SPEC §10, seed
001 steps 3–5): the grid made from the criteria of the ISO settings, the scores each side
enters and their limits, the totals and the grade, one assessment per year, and the
workflow role by role and state by state — the superior agency's Assessor sees the
assessment once approved, and nothing else of the agency."""

from AccessControl import Unauthorized
from datetime import date
from eiso.assessments.criteria import check_criteria
from eiso.assessments.criteria import criteria
from eiso.assessments.criteria import DEFAULT_CRITERIA
from eiso.assessments.workflow import ASSESSOR
from eiso.assessments.workflow import ScoreError
from eiso.assessments.workflow import SELF
from eiso.assessments.workflow import set_scores
from eiso.content.assessment import assessment_taken
from eiso.content.assessment import grade_of
from eiso.content.fields import create_content
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.records import TransitionRefused
from plone import api
from plone.app.testing import login as plone_login
from zope.annotation.interfaces import IAnnotations
from zope.i18n import translate
from zope.interface import Invalid

import unittest


YEAR = date.today().year
CRITERIA = ["A | Xây dựng hệ thống | 40", "B | Đánh giá nội bộ | 35", "C | Cải tiến | 25"]


def login(portal, user):
    """Log in as ``user``, forgetting the local roles cached on the request."""
    annotations = IAnnotations(portal.REQUEST)
    for key in [key for key in annotations if "checkLocalRolesAllowed" in str(key)]:
        del annotations[key]
    plone_login(portal, user)


class AssessmentTestCase(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        self.request["LANGUAGE"] = "vi"
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["danh-gia"]
        api.portal.set_registry_record("eiso.assessment_criteria", CRITERIA)

    def t(self, message):
        return translate(message, target_language="vi")

    def add(self, user="a-secretary", year=YEAR, section=None):
        login(self.portal, user)
        return create_content(section or self.section, "Assessment", year=year)

    def transition(self, item, user, name):
        login(self.portal, user)
        api.portal.get_tool("portal_workflow").doActionFor(item, name)

    def self_scored(self, scores=(30, 30, 20)):
        item = self.add()
        set_scores(item, {code: {"self_score": score, "evidence": f"Minh chứng {code}"}
                          for code, score in zip("ABC", scores)}, SELF)
        return item

    def approved(self):
        item = self.self_scored()
        self.transition(item, "a-secretary", "submit")
        self.transition(item, "a-leader", "approve")
        return item

    def can(self, user, permission, item):
        login(self.portal, user)
        return api.user.has_permission(permission, obj=item)

    def transitions(self, user, item):
        login(self.portal, user)
        workflow = api.portal.get_tool("portal_workflow")
        return sorted(t["id"] for t in workflow.getTransitionsFor(item))


class TestCriteria(AssessmentTestCase):
    def test_default_criteria_total_100_points(self):
        registry = api.portal.get_tool("portal_registry")
        record = registry.records["eiso.assessment_criteria"]
        self.assertEqual(record.field.default, DEFAULT_CRITERIA)
        record.value = record.field.default
        rows = criteria()
        self.assertEqual(len(rows), len(DEFAULT_CRITERIA))
        self.assertTrue(10 <= len(rows) <= 15)
        self.assertEqual(sum(points for code, title, points in rows), 100)
        self.assertTrue(check_criteria(DEFAULT_CRITERIA))

    def test_bad_lines_are_refused_naming_the_line(self):
        for line in ("A | Không có điểm", "A | Tiêu chí | mười", "A | Tiêu chí | 0",
                     "A | Tiêu chí | 101", " | Tiêu chí | 5", "A |  | 5"):
            with self.assertRaises(Invalid) as raised:
                check_criteria(["B | Tốt | 5", line])
            self.assertIn(f"“{line}”", self.t(raised.exception.args[0]))
        with self.assertRaises(Invalid) as raised:
            check_criteria(["A | Một | 5", "A | Hai | 5"])
        self.assertIn("Mã “A” bị trùng", self.t(raised.exception.args[0]))

    def test_the_grid_is_made_from_the_criteria(self):
        item = self.add()
        self.assertEqual([(r["code"], r["criterion"], r["max_points"]) for r in item.scores],
                         [("A", "Xây dựng hệ thống", 40), ("B", "Đánh giá nội bộ", 35),
                          ("C", "Cải tiến", 25)])
        self.assertTrue(all(r["self_score"] is None and r["assessor_score"] is None
                            for r in item.scores))
        self.assertEqual(item.Title(), f"Chấm điểm kết quả áp dụng ISO năm {YEAR}")
        self.assertEqual(item.getId(), f"cham-diem-ket-qua-ap-dung-iso-nam-{YEAR}")
        self.assertEqual(item.max_total(), 100)

    def test_a_change_of_the_criteria_leaves_existing_grids_alone(self):
        item = self.add()
        api.portal.set_registry_record("eiso.assessment_criteria", ["X | Khác | 100"])
        self.assertEqual([r["code"] for r in item.scores], ["A", "B", "C"])


class TestScores(AssessmentTestCase):
    def test_totals_and_grade(self):
        item = self.self_scored((30, 27.5, 20))
        self.assertEqual(item.self_total(), 77.5)
        self.assertIsNone(item.assessor_total())
        self.assertIsNone(item.grade())
        set_scores(item, {"A": {"assessor_score": "35"}, "B": {"assessor_score": "30,5"},
                          "C": {"assessor_score": 25}}, ASSESSOR)
        self.assertEqual(item.assessor_total(), 90.5)
        self.assertEqual(item.grade()[0], "good")

    def test_grades(self):
        self.assertEqual([grade_of(v)[0] for v in (100, 90, 89.5, 70, 69, 50, 49.99, 0)],
                         ["good", "good", "fair", "fair", "average", "average", "weak",
                          "weak"])
        self.assertIsNone(grade_of(None))
        self.assertEqual(self.t(grade_of(95)[1]), "Tốt")
        self.assertEqual(self.t(grade_of(75)[1]), "Khá")
        self.assertEqual(self.t(grade_of(55)[1]), "Trung bình")
        self.assertEqual(self.t(grade_of(5)[1]), "Yếu")

    def test_scores_outside_the_limits_are_refused_naming_the_row(self):
        item = self.self_scored()
        cases = {
            "41": "Tiêu chí A: điểm 41 vượt quá mức tối đa 40 điểm.",
            "-1": "Tiêu chí A: điểm không được âm.",
            "mười": "Tiêu chí A: “mười” không phải là số.",
        }
        for value, message in cases.items():
            with self.assertRaises(ScoreError) as raised:
                set_scores(item, {"C": {"self_score": 1}, "A": {"self_score": value}}, SELF)
            self.assertEqual(self.t(raised.exception.message), message)
            # Nothing half-done: the valid cell of row C is not written either.
            self.assertEqual([r["self_score"] for r in item.scores], [30, 30, 20])
        with self.assertRaises(ScoreError):
            set_scores(item, {"B": {"assessor_score": "35.5"}}, ASSESSOR)

    def test_each_side_writes_only_its_columns(self):
        item = self.self_scored()
        set_scores(item, {"A": {"assessor_score": 10, "self_score": 1}}, ASSESSOR)
        row = item.scores[0]
        self.assertEqual((row["self_score"], row["assessor_score"]), (30, 10))

    def test_one_assessment_per_year(self):
        item = self.add()
        self.assertEqual(assessment_taken(self.section, YEAR), item.Title())
        self.assertIsNone(assessment_taken(self.section, YEAR - 1))
        self.assertIsNone(assessment_taken(item, YEAR))  # editing it: itself is no duplicate
        # Another agency's assessment of the same year is no duplicate.
        self.assertIsNone(assessment_taken(self.portal["co-quan-b"]["danh-gia"], YEAR))

    def test_the_add_form_refuses_a_duplicate_year(self):
        self.add()
        login(self.portal, "a-secretary")
        form = self.section.restrictedTraverse("++add++Assessment")
        form.request.form.update({"form.widgets.year": str(YEAR),
                                  "form.buttons.save": "Lưu"})
        form.update()
        errors = form.form_instance.widgets.errors
        self.assertTrue(any("đã có bản chấm điểm năm" in self.t(e.message) for e in errors))
        found = api.content.find(context=self.agency, portal_type="Assessment",
                                 unrestricted=True)
        self.assertEqual(len(found), 1)


class TestWorkflow(AssessmentTestCase):
    def test_who_adds(self):
        for user in ("a-secretary", "a-leader"):
            self.assertTrue(self.can(user, "eiso: Add Assessment", self.section), user)
        for user in ("a-head", "a-staff", "assessor"):
            self.assertFalse(self.can(user, "eiso: Add Assessment", self.section), user)
        login(self.portal, "a-staff")
        with self.assertRaises(Unauthorized):
            create_content(self.section, "Assessment", year=YEAR)

    def test_submit_needs_every_self_score(self):
        item = self.add()
        set_scores(item, {"A": {"self_score": 30}}, SELF)
        login(self.portal, "a-secretary")
        with self.assertRaises(TransitionRefused) as raised:
            self.transition(item, "a-secretary", "submit")
        self.assertIn("Chưa chấm: B, C", str(raised.exception))
        self.assertEqual(api.content.get_state(item), "draft")

    def test_states_role_by_role(self):
        item = self.self_scored()
        # Draft: the agency's ISO secretary; the Assessor sees nothing yet.
        self.assertTrue(self.can("a-secretary", "Modify portal content", item))
        self.assertFalse(self.can("assessor", "View", item))
        self.assertFalse(self.can("a-staff", "View", item))
        self.assertFalse(self.can("b-leader", "View", item))
        self.assertEqual(self.transitions("a-secretary", item), ["submit"])
        self.transition(item, "a-secretary", "submit")
        # Pending: the leader approves or sends back.
        self.assertEqual(self.transitions("a-leader", item), ["approve", "send_back"])
        self.assertEqual(self.transitions("a-secretary", item), [])
        self.assertFalse(self.can("assessor", "View", item))
        self.transition(item, "a-leader", "send_back")
        self.assertEqual(api.content.get_state(item), "draft")
        self.transition(item, "a-secretary", "submit")
        self.transition(item, "a-leader", "approve")
        # Submitted: the Assessor sees and scores; the agency only reads.
        self.assertEqual(api.content.get_state(item), "submitted")
        self.assertTrue(self.can("assessor", "View", item))
        self.assertTrue(self.can("assessor", "eiso: Score assessment", item))
        self.assertFalse(self.can("assessor", "Modify portal content", item))
        for user in ("a-secretary", "a-leader"):
            self.assertTrue(self.can(user, "View", item), user)
            self.assertFalse(self.can(user, "Modify portal content", item), user)
            self.assertFalse(self.can(user, "eiso: Score assessment", item), user)
            self.assertEqual(self.transitions(user, item), [], user)
        self.assertFalse(self.can("b-leader", "View", item))
        self.assertEqual(self.transitions("assessor", item), ["score", "send_back"])
        with self.assertRaises(TransitionRefused) as raised:
            self.transition(item, "assessor", "score")
        self.assertIn("Chưa chấm: A, B, C", str(raised.exception))
        set_scores(item, {"A": {"assessor_score": 36}, "B": {"assessor_score": 28},
                          "C": {"assessor_score": 20}}, ASSESSOR)
        self.transition(item, "assessor", "score")
        # Scored: the Assessor publishes or takes it back to scoring.
        self.assertEqual(self.transitions("assessor", item), ["publish", "rescore"])
        self.assertEqual(self.transitions("a-leader", item), [])
        self.transition(item, "assessor", "rescore")
        self.assertEqual(api.content.get_state(item), "submitted")
        self.transition(item, "assessor", "score")
        self.transition(item, "assessor", "publish")
        self.assertEqual(api.content.get_state(item), "published")
        self.assertTrue(self.can("assessor", "View", item))
        self.assertFalse(self.can("assessor", "eiso: Score assessment", item))
        self.assertTrue(self.can("a-secretary", "View", item))
        self.assertEqual(item.assessor_total(), 84)
        self.assertEqual(self.transitions("assessor", item), [])

    def test_the_assessor_sends_back_to_the_agency(self):
        item = self.approved()
        self.transition(item, "assessor", "send_back")
        self.assertEqual(api.content.get_state(item), "draft")
        self.assertFalse(self.can("assessor", "View", item))
        self.assertTrue(self.can("a-secretary", "Modify portal content", item))

    def test_the_assessor_sees_nothing_else_of_the_agency(self):
        self.approved()
        login(self.portal, "assessor")
        for obj in (self.agency, self.section, self.agency["tai-lieu"]):
            self.assertFalse(api.user.has_permission("View", obj=obj), obj)
        found = api.content.find(context=self.agency)
        self.assertEqual([b.portal_type for b in found], ["Assessment"])

    def test_the_case_of_the_agency(self):
        item = self.self_scored()
        self.assertTrue(item.code.startswith("CD"))
        self.transition(item, "a-secretary", "submit")
        self.assertIn("a-leader", item.responsible_users or [])
        self.transition(item, "a-leader", "approve")
        self.assertFalse(item.responsible_users)
