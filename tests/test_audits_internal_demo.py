"""The demo internal audits of the Sở Khoa học và Công nghệ: one closed whose
nonconformity finding links its nonconformity report, one being carried out."""

from eiso.audits.demo import CLOSED_AUDIT
from eiso.audits.demo import OPEN_AUDIT
from eiso.nonconformities.demo import NONCONFORMITIES
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


def not_from_feedback():
    """The nonconformities in the site, leaving out those the demo's customer feedback
    opens (counted by the feedback's own demo test)."""
    def opened_from(nonconformity):
        relation = getattr(nonconformity, "source_item", None)
        return getattr(relation and relation.to_object, "portal_type", None)

    return len([brain for brain in api.content.find(portal_type="Nonconformity")
                if opened_from(brain.getObject()) != "CustomerFeedback"])


class TestDemoInternalAudits(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")

    def audits(self):
        return api.content.find(portal_type="InternalAudit")

    def test_a_closed_and_an_ongoing_audit(self):
        before = len(self.audits())
        ncs = not_from_feedback()
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(len(self.audits()) - before, 2)
        section = self.portal["so-khcn"]["danh-gia"]
        closed = section[CLOSED_AUDIT["id"]]
        ongoing = section[OPEN_AUDIT["id"]]
        self.assertEqual(api.content.get_state(closed), "closed")
        self.assertEqual(api.content.get_state(ongoing), "in_progress")
        programme = [b for b in api.content.find(context=section,
                                                 portal_type="AuditProgramme")][0]
        self.assertEqual(closed.programme, programme.UID)
        # danhgiavien leads both, and holds Auditor on them
        for audit in (closed, ongoing):
            self.assertEqual(audit.lead_auditor, "danhgiavien")
            self.assertIn("Auditor", audit.get_local_roles_for_userid("danhgiavien"))
        self.assertEqual(ongoing.responsible_users, ["danhgiavien"])
        self.assertIn("Auditor", ongoing.get_local_roles_for_userid("nhanvien"))
        # the closed audit's checklist is answered; the nonconformity links both ways
        self.assertTrue(closed.checklist)
        answers = [row["answer"] for row in closed.checklist]
        self.assertTrue(all(answers))
        self.assertEqual((answers.count("not_conform"), answers.count("observation"),
                          answers.count("not_applicable")), (1, 1, 1))
        # the nonconformity found is on a question the checklist answers "not conform"
        [not_conform] = [row for row in closed.checklist if row["answer"] == "not_conform"]
        self.assertEqual(not_conform["clause"], "7.5.3")
        [finding] = [f for f in closed.findings if f["kind"] == "nonconformity"]
        nc = api.content.get(UID=finding["nonconformity"])
        self.assertEqual(nc.portal_type, "Nonconformity")
        self.assertEqual(nc.source_item.to_object, closed)
        self.assertEqual(nc.source, "audit")
        # no nonconformity of its own: the demo's nonconformities stay as they are
        self.assertEqual(not_from_feedback() - ncs, len(NONCONFORMITIES))
        self.assertIn("opportunity", [f["kind"] for f in closed.findings])
        answered = [row for row in ongoing.checklist if row["answer"]]
        self.assertTrue(0 < len(answered) < len(ongoing.checklist))
        # the page links the finding to its nonconformity
        html = closed.restrictedTraverse("@@view")()
        self.assertIn(nc.absolute_url(), html)

    def test_idempotent(self):
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        count = len(self.audits())
        ncs = not_from_feedback()
        self.setup.runAllImportStepsFromProfile("profile-eiso:demo")
        self.assertEqual(len(self.audits()), count)
        self.assertEqual(not_from_feedback(), ncs)
