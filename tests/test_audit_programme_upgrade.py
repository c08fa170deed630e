"""Internal audit programmes: the 1006 upgrade brings them to a site of release 1005,
uninstalling removes the type, and the demo agency gets this year's programme."""

from eiso.audits.demo import AUDITS
from eiso.demo import DEPARTMENTS
from eiso.testing import apply_demo
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import datetime
import unittest


ADD = "eiso: Add AuditProgramme"


class TestUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1005_site(self):
        workflow = api.portal.get_tool("portal_workflow")
        workflow.setChainForPortalTypes(("AuditProgramme",), ())
        api.portal.get_tool("portal_types").manage_delObjects(["AuditProgramme"])
        section_fti = api.portal.get_tool("portal_types")["Section"]
        section_fti.allowed_content_types = tuple(
            t for t in section_fti.allowed_content_types if t != "AuditProgramme")
        self.portal.manage_permission(ADD, ["Manager"], True)
        self.setup.setLastVersionForProfile("eiso:default", "1005")

    def test_1005_site_gets_audit_programmes(self):
        self.make_it_a_1005_site()
        section = self.portal["co-quan-a"]["danh-gia"]
        login(self.portal, "a-secretary")
        self.assertFalse(api.user.has_permission(ADD, obj=section))
        login(self.portal, TEST_USER_NAME)
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("AuditProgramme", api.portal.get_tool("portal_types"))
        self.assertIn("AuditProgramme",
                      api.portal.get_tool("portal_types")["Section"].allowed_content_types)
        self.assertEqual(api.portal.get_tool("portal_workflow").getChainForPortalType(
            "AuditProgramme"), ("eiso_approval_workflow",))
        # the ISO secretary of an existing agency adds one and it goes through the workflow
        login(self.portal, "a-secretary")
        self.assertTrue(api.user.has_permission(ADD, obj=section))
        programme = api.content.create(container=section, type="AuditProgramme",
                                       title="Sau nâng cấp", year=2026,
                                       schedule=[{"department": "van-phong", "month": 2}])
        self.assertEqual(api.content.get_state(programme), "draft")
        self.assertTrue(programme.code.startswith("CT-"))
        api.content.transition(obj=programme, transition="submit")
        self.assertEqual(programme.responsible_users, ["a-leader"])

    def test_uninstall_removes_the_type(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn("AuditProgramme", api.portal.get_tool("portal_types"))


class TestDemo(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def programmes(self, **query):
        return api.content.find(portal_type="AuditProgramme", unrestricted=True, **query)

    def test_this_years_programme_applied(self):
        before = len(self.programmes())
        apply_demo()
        year = datetime.date.today().year
        self.assertEqual(len(self.programmes()), before + 1)
        brains = self.programmes(path="/".join(self.portal["so-khcn"].getPhysicalPath()))
        self.assertEqual(len(brains), 1)
        self.assertEqual(brains[0].review_state, "applied")
        self.assertEqual(brains[0].year, year)
        programme = brains[0].getObject()
        self.assertEqual(programme.Title(), f"Chương trình đánh giá nội bộ năm {year}")
        # every department audited exactly once
        audited = [row["department"] for row in programme.schedule]
        self.assertEqual(sorted(audited), sorted(d[0] for d in DEPARTMENTS))
        self.assertEqual(len(programme.schedule), len(AUDITS))
        auditors = " ".join(row["auditors"] for row in programme.schedule)
        self.assertIn("Đặng Thị Đào", auditors)
        self.assertIn("Trần Thị Thu", auditors)
        self.assertTrue(all(row["clauses"] for row in programme.schedule))
        # nobody audits their own department
        office = [row for row in programme.schedule if row["department"] == "van-phong-so"][0]
        self.assertNotIn("Trần Thị Thu", office["auditors"])
        inspection = [row for row in programme.schedule if row["department"] == "thanh-tra-so"]
        self.assertNotIn("Đặng Thị Đào", inspection[0]["auditors"])
        # the staff of the agency read it
        login(self.portal, "nhanvien")
        self.assertTrue(api.user.has_permission("View", obj=programme))
        login(self.portal, TEST_USER_NAME)
        # idempotent
        apply_demo()
        self.assertEqual(len(self.programmes()), before + 1)
