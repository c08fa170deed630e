"""Every eiso page that changes something on POST refuses a POST without the CSRF
authenticator (403) and writes nothing; the same POST with it is not refused for that
reason. The forms (add, edit, the ISO settings) are guarded by plone.protect.

The list of views below is checked against the code: every class of eiso that calls
``CheckAuthenticator`` must be in it, so a new one cannot be forgotten.
"""

from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.dexterity.utils import createContentInContainer
from urllib.parse import urlencode

import re
import transaction
import unittest


SRC = Path(__file__).resolve().parent.parent / "src" / "eiso"

# class → (view name, the context: an item type or a path, the form posted)
POST_VIEWS = {
    "AgencyMembersView": ("agency-members", "co-quan-a",
                          {"action": "disable", "user_id": "a-staff"}),
    "AcknowledgeView": ("document-read", "ControlledDocument", {}),
    "CaseTransitionView": ("case-transition", "Nonconformity", {"transition": "assign"}),
    "PlanFeedView": ("improvement-plan-feed", "ImprovementPlan", {}),
    "PlanResultsForm": ("improvement-plan-results", "ImprovementPlan",
                        {"form.buttons.save": "1"}),
    "ConcludeReportForm": ("conclude-report", "ReviewReport", {"form.buttons.save": "1"}),
    "ReviseView": ("revise-document", "ControlledDocument", {}),
    "CancelRevisionView": ("cancel-revision", "WorkingCopy", {}),
    "ReviseProcedureView": ("revise-procedure", "ProcedureGuide", {}),
    "ConfirmReviewView": ("confirm-procedure-review", "ProcedureGuide", {}),
    "DisposalDueView": ("disposal-due", "co-quan-a/ho-so", {"form.create": "1"}),
    "UpgradeVersionView": ("upgrade-version", "QualityObjectives", {}),
    "ResultsForm": ("objective-results", "QualityObjectives", {"form.buttons.save": "1"}),
    "ChecklistForm": ("audit-checklist", "InternalAudit", {"form.buttons.save": "1"}),
    "ChecklistGenerateView": ("audit-checklist-generate", "InternalAudit", {}),
    "OpenNonconformity": ("open-nonconformity", "CustomerFeedback", {}),
    "NotificationsView": ("notifications", "", {"action": "mark-all-read"}),
    "AssessmentView": ("view", "Assessment", {"form.buttons.save": "1"}),
    "FileImportView": ("import-legal-documents", "co-quan-a/van-ban", {}),
}
# Not a POST view: a link in the notifications list carries the authenticator; without
# it the notification opens but is not marked read (tests/test_notifications.py).
GET_WITH_TOKEN = {"NotificationOpenView"}

SECTION_OF = {
    "ControlledDocument": "tai-lieu", "Nonconformity": "kiem-soat",
    "CustomerFeedback": "kiem-soat", "ImprovementPlan": "cai-tien",
    "ProcedureGuide": "thu-tuc", "QualityObjectives": "boi-canh",
    "InternalAudit": "danh-gia", "Assessment": "danh-gia", "ManagementReview": "danh-gia",
}


def classes_checking_the_authenticator():
    found = set()
    for path in SRC.rglob("*.py"):
        current = None
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"class (\w+)", line)
            if match:
                current = match.group(1)
            if "CheckAuthenticator(" in line and "import" not in line and current:
                found.add(current)
    return found


class TestCsrf(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        agency = self.portal["co-quan-a"]
        self.items = {}
        with api.env.adopt_roles(["Manager"]):
            for portal_type, section in SECTION_OF.items():
                self.items[portal_type] = createContentInContainer(
                    agency[section], portal_type, checkConstraints=False,
                    title=f"Thử {portal_type}")
            self.items["ReviewReport"] = createContentInContainer(
                self.items["ManagementReview"], "ReviewReport", checkConstraints=False,
                title="Báo cáo thử")
            # Each in the state where its page acts, so that with the authenticator
            # the POST goes through.
            for portal_type, state in (("ProcedureGuide", "applied"),
                                       ("ImprovementPlan", "applied"),
                                       ("ReviewReport", "submitted"),
                                       ("ControlledDocument", "effective")):
                self.set_state(self.items[portal_type], state)
            revised = createContentInContainer(
                agency["tai-lieu"], "ControlledDocument", checkConstraints=False,
                title="Tài liệu đang sửa đổi")
            self.set_state(revised, "effective")
            from eiso.documents.revision import start_revision

            self.items["WorkingCopy"] = start_revision(revised)
        transaction.commit()

    def set_state(self, item, state):
        workflows = api.portal.get_tool("portal_workflow")
        workflow = workflows.getWorkflowsFor(item)[0]
        status = dict(workflows.getStatusOf(workflow.getId(), item) or {})
        status.update(review_state=state, action=None, actor="test")
        workflows.setStatusOf(workflow.getId(), item, status)
        workflow.updateRoleMappingsFor(item)
        item.reindexObject()

    def last_transaction(self):
        transaction.begin()
        return self.app._p_jar.db().lastTransaction()

    def url_of(self, context):
        if context in self.items:
            return self.items[context].absolute_url()
        return "/".join(filter(None, (self.portal.absolute_url(), context)))

    def token(self):
        """The authenticator the pages give the site's owner."""
        from plone.protect.authenticator import createToken
        from plone.testing.zope import login
        from plone.testing.zope import logout

        login(self.app["acl_users"], SITE_OWNER_NAME)
        try:
            return createToken()
        finally:
            logout()

    def post(self, url, form):
        page = browser(self.app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page.post(url, urlencode(form))
        return page

    def test_every_post_view_is_listed(self):
        self.assertEqual(classes_checking_the_authenticator() - GET_WITH_TOKEN,
                         set(POST_VIEWS))

    def test_post_without_the_authenticator_is_refused_and_writes_nothing(self):
        token = self.token()
        for class_name, (view, context, form) in sorted(POST_VIEWS.items()):
            url = f"{self.url_of(context)}/@@{view}"
            with self.subTest(view=class_name, url=url):
                before = self.last_transaction()
                page = self.post(url, form)
                self.assertTrue(page.headers["status"].startswith("403"),
                                f"{page.headers['status']} {page.url}")
                self.assertEqual(self.last_transaction(), before, "something was written")
                # with the authenticator the same POST is not refused for want of it
                page = self.post(url, dict(form, _authenticator=token))
                self.assertFalse(page.headers["status"].startswith("403"),
                                 f"{page.headers['status']} {page.url}")

    def test_edit_form_without_the_authenticator_changes_nothing(self):
        """plone.protect aborts the save (rendering the form may lock the item: a
        write Plone allows, so the title is what is checked here)."""
        item = self.portal["co-quan-a"]["to-chuc"]["van-phong"]
        title = item.title
        page = browser(self.app, SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        page.open(item.absolute_url() + "/@@edit")
        form = {control.name: control.value for control in page.getForm(id="form").controls
                if getattr(control, "name", None) and isinstance(control.value, str)}
        form.pop("form.buttons.cancel", None)
        form.update({name: "Đổi tên" for name in form if name.endswith(".title")})
        form["form.buttons.save"] = "Lưu"
        token = form.pop("_authenticator")
        self.post(item.absolute_url() + "/@@edit", form)
        transaction.begin()
        self.assertEqual(item.title, title)
        page = self.post(item.absolute_url() + "/@@edit", dict(form, _authenticator=token))
        transaction.begin()
        self.assertEqual(item.title, "Đổi tên", page.url)

    def test_settings_without_the_authenticator_change_nothing(self):
        url = self.portal.absolute_url() + "/@@eiso-settings"
        before = api.portal.get_registry_record("eiso.upload_max_mb")
        self.post(url, {"form.widgets.upload_max_mb": "500", "form.buttons.save": "Lưu"})
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.upload_max_mb"), before)
