"""The 1007 upgrade gives a site of release 1006 the ISO implementation report's
permissions (rolemap import): the agency's leaders and ISO secretaries see its report,
the Assessor the province's, and nobody else."""

from datetime import date
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from zope.component import getMultiAdapter

import unittest


PERMISSIONS = {
    "eiso: View ISO report": {"Manager", "Site Administrator", "Leader", "IsoSecretary"},
    "eiso: View province ISO report": {"Manager", "Site Administrator", "Assessor"},
}


class TestReportingUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def roles(self, permission):
        return {r["name"] for r in self.portal.rolesOfPermission(permission) if r["selected"]}

    def make_it_a_1006_site(self):
        # A permission a site never had a setting for: Zope's default, Manager only.
        for permission in PERMISSIONS:
            self.portal.manage_permission(permission, ["Manager"], True)
        self.setup.setLastVersionForProfile("eiso:default", "1006")

    def may_view(self, user, context, permission):
        login(self.portal, user)
        return api.user.has_permission(permission, obj=context)

    def test_1006_to_1007_grants_the_report(self):
        self.make_it_a_1006_site()
        agency = self.portal["co-quan-a"]
        self.assertFalse(self.may_view("a-leader", agency, "eiso: View ISO report"))
        login(self.portal, TEST_USER_NAME)
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        for permission, roles in PERMISSIONS.items():
            self.assertEqual(self.roles(permission), roles, permission)
        # The area works on the upgraded site, for those it is meant for only.
        for user in ("a-leader", "a-secretary", "a-admin"):
            self.assertTrue(self.may_view(user, agency, "eiso: View ISO report"), user)
        for user in ("a-staff", "a-head", "b-leader", "assessor"):
            self.assertFalse(self.may_view(user, agency, "eiso: View ISO report"), user)
        self.assertTrue(self.may_view("assessor", self.portal, "eiso: View province ISO report"))
        for user in ("a-leader", "a-admin", "b-staff"):
            self.assertFalse(
                self.may_view(user, self.portal, "eiso: View province ISO report"), user)
        login(self.portal, "a-secretary")
        self.request.form.update({"from": f"{date.today().year}-01-01"})
        view = getMultiAdapter((agency, self.request), name="iso-report")
        page = view()
        self.assertIn('id="eiso-report-documents"', page)
        self.assertIn("Sở Thông tin và Truyền thông", page)

    def test_1009_to_1010_puts_the_workflow_days_on_the_brains(self):
        from eiso.content.fields import create_content
        from eiso.reporting.indicators import history

        catalog = api.portal.get_tool("portal_catalog")
        feedback = create_content(self.portal["co-quan-a"]["kiem-soat"], "CustomerFeedback",
                                  title="Góp ý", content="Thủ tục chậm",
                                  received_date=date(2026, 3, 2))
        catalog.delColumn("workflow_days")  # a 1009 site: neither column
        catalog.delColumn("received_date")
        feedback.reindexObject()
        self.setup.setLastVersionForProfile("eiso:default", "1009")
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        brain = catalog.unrestrictedSearchResults(UID=feedback.UID())[0]
        self.assertEqual(list(brain.workflow_days), history(feedback))
        self.assertEqual(brain.received_date, date(2026, 3, 2))
