"""The 1006 upgrade brings internal audits to a site of release 1005: the type, its
workflow and permissions, the audit criteria of the ISO settings; uninstalling
removes them."""

from eiso.audits.criteria import DEFAULT_CRITERIA
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.registry.interfaces import IRegistry
from zope.component import getUtility

import datetime
import unittest


TYPE = "InternalAudit"
WORKFLOW = "eiso_audit_workflow"
RECORD = "eiso.audit_criteria"
PERMISSIONS = {"eiso: Add InternalAudit": "IsoSecretary",
               "eiso: Plan internal audit": "IsoSecretary"}


class TestInternalAuditUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def make_it_a_1005_site(self):
        workflows = api.portal.get_tool("portal_workflow")
        workflows.setChainForPortalTypes((TYPE,), ())
        workflows.manage_delObjects([WORKFLOW])
        api.portal.get_tool("portal_types").manage_delObjects([TYPE])
        for permission in PERMISSIONS:
            self.portal.manage_permission(permission, ["Manager"], True)
        del getUtility(IRegistry).records[RECORD]
        self.setup.setLastVersionForProfile("eiso:default", "1005")

    def test_1005_to_1006_installs_internal_audits(self):
        self.make_it_a_1005_site()
        self.assertIsNone(api.portal.get_registry_record(RECORD, default=None))
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertEqual(api.portal.get_tool("portal_workflow").getChainForPortalType(TYPE),
                         (WORKFLOW,))
        for permission, role in PERMISSIONS.items():
            roles = [r["name"] for r in self.portal.rolesOfPermission(permission)
                     if r["selected"]]
            self.assertIn(role, roles)
        self.assertEqual(api.portal.get_registry_record(RECORD), DEFAULT_CRITERIA)
        # the area works on the upgraded site: the secretary plans, the checklist is made
        login(self.portal, "a-secretary")
        audit = api.content.create(
            container=self.portal["co-quan-a"]["danh-gia"], type=TYPE,
            title="Đánh giá sau nâng cấp", start_date=datetime.date.today(),
            end_date=datetime.date.today(), departments=["van-phong"],
            lead_auditor="a-staff")
        self.assertEqual(len(audit.checklist), len(DEFAULT_CRITERIA))
        self.assertIn("Auditor", audit.get_local_roles_for_userid("a-staff"))
        api.content.transition(obj=audit, transition="submit")
        self.assertEqual(audit.responsible_users, ["a-leader"])

    def test_upgrade_keeps_edited_criteria(self):
        api.portal.set_registry_record(RECORD, ["4.1 | Bối cảnh?"])
        self.setup.setLastVersionForProfile("eiso:default", "1005")
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(api.portal.get_registry_record(RECORD), ["4.1 | Bối cảnh?"])

    def test_uninstall_removes_the_type_workflow_and_record(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        self.assertNotIn(TYPE, api.portal.get_tool("portal_types"))
        self.assertNotIn(WORKFLOW, api.portal.get_tool("portal_workflow"))
        self.assertIsNone(api.portal.get_registry_record(RECORD, default=None))
