"""The 1007 upgrade brings assessments (Chấm điểm kết quả áp dụng ISO) to a site of
release 1006; uninstalling removes their type, workflow and settings record."""

from eiso.assessments.criteria import DEFAULT_CRITERIA
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import UpgradeTestCase
from plone import api
from plone.app.testing import login

import unittest


TYPE = "Assessment"
WORKFLOW = "eiso_assessment_workflow"
PERMISSIONS = {"eiso: Add Assessment": "IsoSecretary",
               "eiso: View province overview": "Assessor"}
RECORD = "eiso.assessment_criteria"


class TestAssessmentsUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def make_it_a_1006_site(self):
        self.set_back_to("1006", types=[TYPE], workflows=[WORKFLOW], permissions=PERMISSIONS,
                         records=[RECORD])

    def test_1006_to_1007_installs_assessments(self):
        self.make_it_a_1006_site()
        self.assertNotIn(RECORD, self.registry.records)
        self.upgrade()
        self.assertTypeWithWorkflow(TYPE, WORKFLOW)
        for permission, role in PERMISSIONS.items():
            self.assertIn(role, self.granted(permission))
        self.assertEqual(self.registry[RECORD], DEFAULT_CRITERIA)
        # the area works on the upgraded site: added with its grid, submitted
        from eiso.assessments.workflow import SELF
        from eiso.assessments.workflow import set_scores
        from eiso.content.fields import create_content

        login(self.portal, "a-secretary")
        item = create_content(self.portal["co-quan-a"]["danh-gia"], TYPE, year=2026)
        self.assertEqual(len(item.scores), len(DEFAULT_CRITERIA))
        set_scores(item, {row["code"]: {"self_score": row["max_points"]}
                          for row in item.scores}, SELF)
        self.assertEqual(item.self_total(), 100)
        api.content.transition(obj=item, transition="submit")
        self.assertEqual(item.responsible_users, ["a-leader"])

    def test_uninstall_removes_the_type_and_the_record(self):
        self.uninstall()
        self.assertNotIn(TYPE, self.types)
        self.assertNotIn(WORKFLOW, self.workflows)
        self.assertNotIn(RECORD, self.registry.records)
