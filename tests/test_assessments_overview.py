"""``@@province-overview``: the superior agency's Assessor (and the portal's
administrators) see every agency's counts and published assessment results, exact from
the fixtures; the agencies' staff are refused it; no title of an agency's item appears,
and the Assessor is still refused on every agency page."""

from datetime import date
from datetime import timedelta
from eiso.assessments.overview import agency_indicators
from eiso.assessments.workflow import ASSESSOR
from eiso.assessments.workflow import SELF
from eiso.assessments.workflow import set_scores
from eiso.content.fields import create_content
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME

import transaction
import unittest


YEAR = date.today().year
CRITERIA = ["A | Xây dựng hệ thống | 40", "B | Đánh giá nội bộ | 35", "C | Cải tiến | 25"]
SECRET = "Bí mật nội bộ của cơ quan A"


def put_in_state(item, state):
    """A fixture in ``state`` (its workflow's history is not what is tested here)."""
    workflow = api.portal.get_tool("portal_workflow")
    chain = workflow.getChainFor(item)[0]
    status = dict(workflow.getStatusOf(chain, item) or {})
    status.update(review_state=state, action=None, actor="admin", comments="",
                  time=api.portal.get_tool("portal_catalog").ZopeTime())
    workflow.setStatusOf(chain, item, status)
    item.reindexObject()


def text(page):
    contents = page.contents
    return contents.decode("utf-8", "replace") if isinstance(contents, bytes) else contents


class TestProvinceOverview(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.a = self.portal["co-quan-a"]
        self.b = self.portal["co-quan-b"]
        api.portal.set_registry_record("eiso.assessment_criteria", CRITERIA)
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)

    def add(self, agency, section, portal_type, state, **fields):
        item = create_content(agency[section], portal_type, title=SECRET, **fields)
        put_in_state(item, state)
        return item

    def published(self, agency, year, scores):
        item = create_content(agency["danh-gia"], "Assessment", year=year)
        set_scores(item, {c: {"self_score": s} for c, s in zip("ABC", scores)}, SELF)
        set_scores(item, {c: {"assessor_score": s} for c, s in zip("ABC", scores)}, ASSESSOR)
        put_in_state(item, "published")
        return item

    def fixtures(self):
        for state in ("effective", "effective", "draft", "obsolete"):
            self.add(self.a, "tai-lieu", "ControlledDocument", state)
        for state in ("reported", "implementing", "closed", "rejected", "closed"):
            self.add(self.a, "kiem-soat", "Nonconformity", state)
        for state in ("received", "responded", "closed"):
            self.add(self.a, "kiem-soat", "CustomerFeedback", state)
        self.add(self.a, "danh-gia", "InternalAudit", "closed",
                 start_date=date(YEAR, 3, 2), end_date=date(YEAR, 3, 3))
        self.add(self.a, "danh-gia", "InternalAudit", "closed",
                 start_date=date(YEAR - 1, 3, 2), end_date=date(YEAR - 1, 3, 3))
        self.add(self.a, "danh-gia", "InternalAudit", "planned",
                 start_date=date(YEAR, 9, 2), end_date=date(YEAR, 9, 3))
        self.published(self.a, YEAR - 1, (30, 25, 20))  # 75 Khá
        self.published(self.a, YEAR, (38, 33, 22.5))  # 93,5 Tốt
        self.published(self.b, YEAR, (20, 20, 10))  # 50 Trung bình
        # An open case past its deadline: a self-assessment waiting for the leader.
        waiting = create_content(self.b["danh-gia"], "Assessment", year=YEAR - 1)
        put_in_state(waiting, "pending")
        waiting.due_date = date.today() - timedelta(days=2)
        waiting.reindexObject()
        logout()
        transaction.commit()

    def test_indicators_exact(self):
        self.fixtures()
        transaction.begin()
        # The ISO report's figures for the year (docs/reporting.md); the fixtures
        # entered their states today.
        a = agency_indicators(self.a, YEAR)
        self.assertEqual(a["documents_effective"], 2)
        # open: reported, implementing; closed this year: the two "closed" (a
        # rejected report is finished, not closed)
        self.assertEqual((a["nonconformities_open"], a["nonconformities_closed"]), (2, 2))
        # received this year: 3; handled = closed this year: 1 ("responded" waits
        # for the leader)
        self.assertEqual((a["feedback_received"], a["feedback_handled"]), (3, 1))
        # audits closed this year (the one of last year was closed today too)
        self.assertEqual(a["audits_done"], 2)
        self.assertEqual(a["cases_overdue"], 0)
        self.assertIsNone(a["services_rate"])  # no statistics recorded
        b = agency_indicators(self.b, YEAR)
        self.assertEqual(b["cases_overdue"], 1)
        self.assertEqual((b["documents_effective"], b["audits_done"]), (0, 0))

    def overview(self, user, password=None, year=None):
        page = browser(self.app, user, password) if password else browser(self.app, user)
        query = f"?year={year}" if year else ""
        page.open(self.portal.absolute_url() + "/@@province-overview" + query)
        return page

    def test_assessor_sees_the_counts_and_results(self):
        self.fixtures()
        page = self.overview("assessor")
        self.assertEqual(page.headers["status"].split()[0], "200")
        table = page.contents.split('id="eiso-overview-table"')[1].split("</table>")[0]
        row_a = table.split("Sở Thông tin và Truyền thông")[1].split("</tr>")[0]
        cells = [c.split(">", 1)[1].split("</td>")[0].strip() for c in row_a.split("<td")[1:]]
        self.assertEqual(cells[:5], ["2", "0", "2", "2 / 2", "0 / 0"])
        self.assertEqual(cells[6], "3 / 1")  # feedback received / handled
        self.assertIn(f"{YEAR}: 93,5 – Tốt", row_a)
        row_b = table.split("Ủy ban nhân dân huyện Bố Trạch")[1].split("</tr>")[0]
        self.assertIn(f"{YEAR}: 50 – Trung bình", row_b)
        # The chart of the year, highest first; last year's chart has agency A only.
        chart = page.contents.split('id="eiso-overview-chart"')[1]
        self.assertLess(chart.index("93,5"), chart.index("Ủy ban nhân dân huyện Bố Trạch"))
        page = self.overview("assessor", year=YEAR - 1)
        chart = page.contents.split('id="eiso-overview-chart"')[1]
        self.assertIn("75", chart)
        self.assertNotIn("Ủy ban nhân dân huyện Bố Trạch", chart)
        # Nothing of the agencies' items: no title, no link but the published assessment.
        self.assertNotIn(SECRET, page.contents)
        # The assessor reads the published assessment, and is still refused elsewhere.
        link = self.a.absolute_url() + "/danh-gia/"
        self.assertIn(link, page.contents)
        for path in ("", "/tai-lieu", "/kiem-soat", "/@@search"):
            page.open(self.a.absolute_url() + path)
            self.assertTrue(page.headers["status"].startswith(("401", "403", "404"))
                            or "require_login" in page.url
                            or "insufficient-privileges" in page.url,
                            (path, page.headers["status"], page.url))
            self.assertNotIn(SECRET, text(page))

    def test_site_administrator_sees_it(self):
        page = self.overview(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)
        self.assertEqual(page.headers["status"].split()[0], "200")
        self.assertIn("Sở Thông tin và Truyền thông", page.contents)

    def test_agency_staff_are_refused(self):
        for user in ("a-admin", "a-secretary", "a-leader", "b-staff"):
            page = self.overview(user)
            self.assertTrue(page.headers["status"].startswith(("401", "403"))
                            or "require_login" in page.url
                            or "insufficient-privileges" in page.url,
                            (user, page.headers["status"], page.url))
        page = browser(self.app)
        page.open(self.portal.absolute_url() + "/@@province-overview")
        self.assertTrue(page.headers["status"].startswith(("401", "403"))
                        or "/login" in page.url, (page.headers["status"], page.url))
