"""The demo's second agency, the Sở Tư pháp: its departments and accounts, its applied
policy and objectives, documents in several states, twelve months of statistics and
last year's assessment published by ``chamdiem`` with another total than the first
agency's; made by the first agency's ``ensure_*`` functions, idempotent; the two
agencies see nothing of each other; ``@@province-overview`` shows both."""

from eiso import demo_second_agency as second
from eiso.content.service_statistics import check_rows
from eiso.demo import DEMO_PASSWORD
from eiso.members import AgencyMembers
from eiso.statistics.demo import last_twelve_months
from eiso.testing import apply_demo
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import datetime
import transaction
import unittest


YEAR = datetime.date.today().year


def history(item):
    return [(entry["action"], entry["actor"]) for entry in api.portal.get_tool(
        "portal_workflow").getInfoFor(item, "review_history")[1:]]


class TestSecondAgency(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        apply_demo()
        self.agency = self.portal[second.AGENCY_ID]
        self.first = self.portal["so-khcn"]

    def find(self, agency, **query):
        return api.content.find(context=agency, **query)

    def test_agency_departments_accounts(self):
        self.assertEqual(self.agency.Title(), "Sở Tư pháp")
        self.assertEqual(self.agency.code, "STP")
        members = AgencyMembers(self.agency)
        self.assertEqual([d.Title() for d in members.departments()],
                         [title for _id, title, _code in second.DEPARTMENTS])
        listed = {m["id"]: m for m in members.list()}
        for user_id, fullname, department, roles in second.ACCOUNTS:
            self.assertEqual(listed[user_id]["fullname"], fullname)
            self.assertEqual(listed[user_id]["department"], department)
            self.assertEqual(set(listed[user_id]["roles"]), {"Staff", *roles})
            self.assertTrue(self.portal.acl_users.authenticate(
                user_id, DEMO_PASSWORD, self.layer["request"]), user_id)
        # The accounts of one agency are not members of the other.
        self.assertFalse(set(listed) & {m["id"] for m in AgencyMembers(self.first).list()})
        organisation = self.agency["to-chuc"]
        self.assertEqual(organisation["phong-hanh-chinh-bo-tro-tu-phap"].head, "tp-truongphong")

    def test_policy_objectives_documents(self):
        policy = self.agency["boi-canh"][f"chinh-sach-chat-luong-nam-{YEAR}"]
        self.assertEqual(api.content.get_state(policy), "applied")
        self.assertEqual(policy.motto, second.POLICY_MOTTO)
        self.assertEqual(history(policy), [("submit", "tp-thuky"), ("approve", "tp-lanhdao"),
                                           ("apply", "tp-lanhdao")])
        following = self.agency["boi-canh"][f"chinh-sach-chat-luong-nam-{YEAR + 1}"]
        self.assertEqual(api.content.get_state(following), "pending")
        self.assertIn("tp-lanhdao", following.responsible_users)
        objectives = self.agency["boi-canh"][f"muc-tieu-chat-luong-nam-{YEAR}-v2"]
        self.assertEqual(api.content.get_state(objectives), "applied")
        self.assertEqual([row["name"] for row in objectives.objectives],
                         [row[0] for row in second.OBJECTIVES])
        self.assertEqual(objectives.objectives[0]["result"], 97.2)
        states = {brain.code: brain.review_state for brain in self.find(
            self.agency, portal_type="ControlledDocument")}
        self.assertEqual(states, {row[0]: row[5] for row in second.DOCUMENTS})
        effective = self.agency["tai-lieu"][self.find(
            self.agency, portal_type="ControlledDocument", code="QT-HCTP-01")[0].getId]
        self.assertEqual(history(effective)[:3], [("submit", "tp-tailieu"),
                                                  ("endorse", "tp-thuky"),
                                                  ("approve", "tp-lanhdao")])

    def test_statistics_and_assessment_differ_from_the_first_agency(self):
        items = [b.getObject() for b in self.find(self.agency, portal_type="ServiceStatistics")]
        self.assertEqual(sorted((i.year, i.month) for i in items), last_twelve_months())
        for item in items:
            self.assertEqual(check_rows(item.rows), [])
            self.assertEqual([row["field"] for row in item.rows], list(second.FIELDS))
            self.assertEqual(item.Creator(), "tp-thuky")
        firsts = {(i.year, i.month): i.totals()["received"] for i in (
            b.getObject() for b in self.find(self.first, portal_type="ServiceStatistics"))}
        for item in items:
            self.assertNotEqual(item.totals()["received"], firsts[(item.year, item.month)])
        [brain] = self.find(self.agency, portal_type="Assessment")
        assessment = brain.getObject()
        self.assertEqual(assessment.year, YEAR - 1)
        self.assertEqual(api.content.get_state(assessment), "published")
        self.assertEqual((assessment.self_total(), assessment.assessor_total()), (89, 78))
        self.assertEqual(assessment.grade()[0], "fair")
        self.assertEqual([action for action, _actor in history(assessment)],
                         ["submit", "approve", "score", "publish"])
        self.assertEqual(history(assessment)[2][1], "chamdiem")
        [first] = self.find(self.first, portal_type="Assessment")
        self.assertNotEqual(first.getObject().assessor_total(), assessment.assessor_total())

    def test_idempotent(self):
        users = len(api.user.get_users())
        counts = {section: len(self.agency[section].objectIds())
                  for section in self.agency.objectIds()}
        apply_demo()
        self.assertEqual(len(api.user.get_users()), users)
        self.assertEqual({section: len(self.agency[section].objectIds())
                          for section in self.agency.objectIds()}, counts)

    def test_isolation(self):
        for user_id, own, other in (("tp-thuky", self.agency, self.first),
                                    ("tp-nhanvien", self.agency, self.first),
                                    ("thuky", self.first, self.agency),
                                    ("nhanvien", self.first, self.agency)):
            login(self.portal, user_id)
            self.assertTrue(api.user.has_permission("View", obj=own), user_id)
            self.assertTrue(self.find(own), user_id)
            self.assertFalse(api.user.has_permission("View", obj=other), user_id)
            self.assertFalse(api.user.has_permission("View", obj=other["tai-lieu"]), user_id)
            self.assertEqual(len(self.find(other)), 0, user_id)
            login(self.portal, TEST_USER_NAME)


class TestProvinceOverviewOfTheDemo(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def test_both_agencies_with_their_scores(self):
        portal = self.layer["portal"]
        apply_demo()
        transaction.commit()
        page = browser(self.layer["app"], "chamdiem", DEMO_PASSWORD)
        page.open(portal.absolute_url() + f"/@@province-overview?year={YEAR - 1}")
        self.assertEqual(page.headers["status"].split()[0], "200")
        table = page.contents.split('id="eiso-overview-table"')[1].split("</table>")[0]
        first = table.split("Sở Khoa học và Công nghệ")[1].split("</tr>")[0]
        self.assertIn(f"{YEAR - 1}: 89 – Khá", first)
        row = table.split("Sở Tư pháp")[1].split("</tr>")[0]
        self.assertIn(f"{YEAR - 1}: 78 – Khá", row)
        cells = [c.split(">", 1)[1].split("</td>")[0].strip() for c in row.split("<td")[1:]]
        effective = sum(1 for document in second.DOCUMENTS if document[5] == "effective")
        self.assertEqual(cells[0], str(effective))
        # Last year's chart: the first agency's 89 above the second's 78.
        chart = page.contents.split('id="eiso-overview-chart"')[1]
        self.assertLess(chart.index("Sở Khoa học và Công nghệ"), chart.index("Sở Tư pháp"))
        # The assessor still cannot open the agency itself.
        page.open(portal.absolute_url() + "/" + second.AGENCY_ID + "/tai-lieu")
        self.assertTrue(page.headers["status"].startswith(("401", "403", "404"))
                        or "require_login" in page.url
                        or "insufficient-privileges" in page.url,
                        (page.headers["status"], page.url))
