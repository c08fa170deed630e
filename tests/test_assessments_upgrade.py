"""The 1007 upgrade brings assessments (Chấm điểm kết quả áp dụng ISO) to a site of
release 1006; uninstalling removes their type, workflow and settings record."""

from eiso.assessments.criteria import DEFAULT_CRITERIA
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


TYPE = "Assessment"
WORKFLOW = "eiso_assessment_workflow"
PERMISSIONS = {"eiso: Add Assessment": "IsoSecretary",
               "eiso: View province overview": "Assessor"}
RECORD = "eiso.assessment_criteria"


class TestAssessmentsUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        self.registry = api.portal.get_tool("portal_registry")

    def make_it_a_1006_site(self):
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes((TYPE,), ())
        workflows.manage_delObjects([WORKFLOW])
        api.portal.get_tool("portal_types").manage_delObjects([TYPE])
        for permission in PERMISSIONS:
            self.portal.manage_permission(permission, ["Manager"], True)
        del self.registry.records[RECORD]
        self.setup.setLastVersionForProfile("eiso:default", "1006")

    def test_1006_to_1007_installs_assessments(self):
        self.make_it_a_1006_site()
        self.assertNotIn(RECORD, self.registry.records)
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertEqual(
            api.portal.get_tool("portal_workflow").getChainForPortalType(TYPE), (WORKFLOW,))
        for permission, role in PERMISSIONS.items():
            roles = [r["name"] for r in self.portal.rolesOfPermission(permission)
                     if r["selected"]]
            self.assertIn(role, roles)
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
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertNotIn(WORKFLOW, api.portal.get_tool("portal_workflow"))
        self.assertNotIn(RECORD, self.registry.records)
