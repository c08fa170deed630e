"""A guide saved with a legal basis that has already expired is flagged for review and
warned about, as long as the text is listed; once per text, never twice on repeated saves."""

from eiso.browser.procedures import ExpiredBasisViewlet
from eiso.content.procedure_guide import IProcedureGuideSchema
from eiso.notifications import storage
from eiso.procedures import review
from eiso.procedures import revision
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from Products.statusmessages.interfaces import IStatusMessage
from tests.test_procedures import APPLY
from tests.test_procedures import move
from tests.test_procedures import ProcedureTestCase
from tests.test_procedures import relation
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent

import transaction


EXPIRED = "Căn cứ pháp lý 08/2014/NĐ-CP đã hết hiệu lực."


def save(guide, **changes):
    """An edit as the edit form makes it: set the fields, then ObjectModifiedEvent."""
    for name, value in changes.items():
        setattr(guide, name, value)
    notify(ObjectModifiedEvent(guide, Attributes(IProcedureGuideSchema, *changes)))


class TestExpiredBasis(ProcedureTestCase):

    def setUp(self):
        super().setUp()
        login(self.portal, "a-legal")
        api.content.transition(obj=self.decree, transition="expire")

    def messages(self):
        return [(m.message, m.type) for m in IStatusMessage(self.request).show()]

    def notices(self, guide, user_id="a-secretary"):
        """The notifications "Quy trình cần rà soát" of ``guide``."""
        urls = (guide.absolute_url(), review.stable_url(guide))
        return [entry for entry in storage.entries(user_id)
                if entry["url"] in urls and "cần rà soát" in entry["title"]]

    def next_request(self):
        """The warnings are given once per request: the next save is another request."""
        self.request.other.pop("eiso.procedures.expired_warned", None)

    def warnings(self, guide):
        viewlet = ExpiredBasisViewlet(guide, self.request, None, None)
        return [translate(text["message"], target_language="vi") for text in viewlet.texts()]

    def test_created_with_an_expired_basis_is_flagged_and_warned(self):
        self.messages()
        guide = self.create()
        self.assertTrue(review.needs_review(guide))
        self.assertEqual(review.review_reasons(guide), [self.decree])
        catalog = api.portal.get_tool("portal_catalog")
        self.assertEqual([b.UID for b in catalog(needs_review=True)], [guide.UID()])
        self.assertEqual(self.messages(), [(EXPIRED, "warning")])
        self.assertEqual(self.warnings(guide), [EXPIRED])
        notices = self.notices(guide)
        self.assertEqual(len(notices), 1)
        self.assertEqual(self.notices(guide, "a-head"), [])  # may not see a draft
        self.assertIn(EXPIRED, notices[0]["text"])
        # A draft waits for its author: no review step of its own.
        self.assertEqual(guide.responsible_users, ["a-secretary"])

        # Saving again: still warned, flagged once, told once.
        self.next_request()
        save(guide, fee=600000)
        save(guide, processing_days=12)  # the same request: warned once
        self.assertEqual(self.messages(), [(EXPIRED, "warning")])
        self.assertEqual(len(guide.needs_review), 1)
        self.assertEqual(len(self.notices(guide)), 1)

        # The text removed from the basis: no flag, no warning.
        save(guide, legal_basis=[relation(self.law)])
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(len(catalog(needs_review=True)), 0)
        self.assertEqual(self.warnings(guide), [])
        self.assertEqual(self.messages(), [])
        # Put back: flagged and told again (it is a new choice of the author).
        self.next_request()
        save(guide, legal_basis=[relation(self.law), relation(self.decree)])
        self.assertTrue(review.needs_review(guide))
        self.assertEqual(len(self.notices(guide)), 2)

    def test_in_force_basis_changes_nothing(self):
        self.messages()
        guide = self.create(legal_basis=[relation(self.law)])
        save(guide, fee=600000)
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(self.warnings(guide), [])
        self.assertEqual(self.messages(), [])
        self.assertEqual(self.notices(guide), [])

    def test_partly_expired_basis_says_so(self):
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="partly_expire")
        self.messages()
        guide = self.create(legal_basis=[relation(self.law)])
        self.assertTrue(review.needs_review(guide))
        message = "Căn cứ pháp lý 29/2013/QH13 đã hết hiệu lực một phần."
        self.assertEqual(self.messages(), [(message, "warning")])
        self.assertEqual(self.warnings(guide), [message])

    def test_confirmed_guide_keeps_the_warning_and_is_not_flagged_again(self):
        guide = self.create()
        login(self.portal, "a-head")
        review.confirm_review(guide, "Nghị định mới chưa ban hành, vẫn áp dụng")
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(self.warnings(guide), [EXPIRED])  # computed from the text's state
        login(self.portal, "a-secretary")
        save(guide, fee=700000)
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(len(self.notices(guide)), 1)
        # Approving it is allowed: the leader sees the warning on the transition form.
        move(guide, *APPLY)
        self.assertEqual(api.content.get_state(guide), "applied")
        self.assertEqual(self.warnings(guide), [EXPIRED])
        # The law expiring later is a new change: flagged, with a review step.
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="expire")
        self.assertEqual(review.review_reasons(guide), [self.law])
        self.assertIn("a-head", guide.responsible_users)

    def test_approval_clears_the_flag_not_the_warning(self):
        guide = self.create()
        move(guide, ("a-secretary", "submit"), ("a-leader", "approve"))
        self.assertFalse(review.needs_review(guide))
        self.assertEqual(guide.reviewed_texts, (self.decree.UID(),))
        self.assertEqual(self.warnings(guide), [EXPIRED])

    def test_new_version_of_a_flagged_guide(self):
        guide = self.create(legal_basis=[relation(self.law)])
        move(guide, *APPLY)
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="expire")
        self.assertEqual(review.review_reasons(guide), [self.law])
        self.assertEqual(len(self.notices(guide)), 1)
        login(self.portal, "a-secretary")
        new = revision.start_revision(guide)
        # The revision answers the flag: the new version is warned, not flagged anew.
        self.assertFalse(review.needs_review(new))
        self.assertEqual(self.notices(new), [])
        self.assertEqual(self.warnings(new), ["Căn cứ pháp lý 29/2013/QH13 đã hết hiệu lực."])
        save(new, legal_basis=[])
        self.assertEqual(self.warnings(new), [])
        self.assertEqual(new.reviewed_texts, ())

    def test_applied_guide_edited_off_its_expired_basis_leaves_the_inbox(self):
        guide = self.create(legal_basis=[relation(self.law)])
        move(guide, *APPLY)
        login(self.portal, "a-legal")
        api.content.transition(obj=self.law, transition="expire")
        self.assertTrue(guide.case_waiting())
        login(self.portal, "a-admin")
        save(guide, legal_basis=[])
        self.assertFalse(review.needs_review(guide))
        self.assertFalse(guide.case_waiting())
        self.assertEqual(guide.responsible_users, [])

    def test_superseded_guides_are_left_alone(self):
        guide = self.create(legal_basis=[relation(self.law)])
        move(guide, *APPLY, ("a-leader", "supersede"))
        login(self.portal, "a-admin")
        save(guide, legal_basis=[relation(self.decree)])
        self.assertFalse(review.needs_review(guide))


class TestExpiredBasisPages(ProcedureTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        super().setUp()
        self.app = self.layer["app"]
        login(self.portal, "a-legal")
        api.content.transition(obj=self.decree, transition="expire")
        self.guide = self.create()
        transaction.commit()

    def test_page_edit_form_and_approval_form_warn(self):
        page = browser(self.app, "a-secretary")
        page.open(self.guide.absolute_url())
        self.assertIn(EXPIRED, page.contents)
        self.assertIn("Cần rà soát", page.contents)
        # The ISO secretaries were told; the link leads to the guide (added under a
        # temporary id, then renamed).
        (notice,) = [entry for entry in storage.entries("a-secretary")
                     if EXPIRED in entry["text"]]
        page.open(notice["url"])
        self.assertEqual(page.url, self.guide.absolute_url())
        page.open(self.guide.absolute_url() + "/edit")
        self.assertIn(EXPIRED, page.contents.split('id="eiso-procedure-expired-basis"')[1])
        page.getControl(name="form.widgets.fee").value = "600000"
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.url, self.guide.absolute_url())
        self.assertEqual(page.contents.count(EXPIRED), 2)  # status message and viewlet
        # The leader sees it on the approval form.
        transaction.begin()
        move(self.guide, ("a-secretary", "submit"))
        transaction.commit()
        leader = browser(self.app, "a-leader")
        leader.open(self.guide.absolute_url() + "/@@case-transition")
        self.assertEqual(leader.headers["status"], "200 OK")
        self.assertIn("eiso-case-transition", leader.contents)
        self.assertIn(EXPIRED, leader.contents)

    def test_removing_the_text_in_the_edit_form_clears_the_warning(self):
        page = browser(self.app, "a-secretary")
        page.open(self.guide.absolute_url() + "/edit")
        page.getControl(name="form.widgets.legal_basis").value = self.law.UID()
        page.getControl(name="form.buttons.save").click()
        self.assertNotIn(EXPIRED, page.contents)
        self.assertNotIn("eiso-procedure-expired-basis", page.contents)
        transaction.begin()
        self.assertFalse(review.needs_review(self.guide))
        self.assertEqual([text.number for text in review.expired_basis(self.guide)], [])

    def test_rest_create_and_patch(self):
        session = RestSession(self.portal, "a-secretary")
        self.addCleanup(session.close)
        data = {"@type": "ProcedureGuide", "code": "1.005140",
                "procedure_name": "Đăng ký hợp đồng chuyển giao công nghệ",
                "processing_days": 5, "legal_basis": [self.decree.UID()]}
        response = session.post("/co-quan-a/thu-tuc", json=data)
        self.assertEqual(response.status_code, 201, response.text)
        url = response.json()["@id"]
        found = session.get("/co-quan-a/@search", params={
            "portal_type": "ProcedureGuide", "needs_review": "true", "code": "1.005140"}).json()
        self.assertEqual([item["@id"] for item in found["items"]], [url])
        response = session.patch(url.replace(self.portal.absolute_url(), ""),
                                 json={"legal_basis": [self.law.UID()]})
        self.assertEqual(response.status_code, 204, response.text)
        found = session.get("/co-quan-a/@search", params={
            "portal_type": "ProcedureGuide", "needs_review": "true", "code": "1.005140"}).json()
        self.assertEqual(found["items"], [])
