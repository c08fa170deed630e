"""The figures of the ISO implementation report (eiso.reporting.indicators): exact from
fixtures with known dates and states, the period's first and last days included and
the days around them excluded; the period's parameters and their errors."""

from datetime import date
from DateTime import DateTime
from eiso.assessments.workflow import ASSESSOR
from eiso.assessments.workflow import SELF
from eiso.assessments.workflow import set_scores
from eiso.content.fields import create_content
from eiso.reporting.indicators import agency_indicators
from eiso.reporting.indicators import months_inside
from eiso.reporting.indicators import total_indicators
from eiso.reporting.report import parse_period
from eiso.reporting.report import PeriodError
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from zope.i18n import translate

import unittest


START, END = date(2025, 1, 1), date(2025, 6, 30)
SECRET = "Bí mật nội bộ của cơ quan"
CRITERIA = ["A | Xây dựng hệ thống | 40", "B | Đánh giá nội bộ | 35", "C | Cải tiến | 25"]


def at(day):
    """Noon of ``day``: the same calendar day in every time zone the tests run in."""
    return DateTime(f"{day.isoformat()} 12:00")


def set_history(item, steps):
    """Give ``item`` the workflow history ``steps`` [(date, state)], created on the first."""
    workflow = api.portal.get_tool("portal_workflow")
    chain = workflow.getChainFor(item)[0]
    item.workflow_history[chain] = tuple(
        {"review_state": state, "action": None, "actor": "admin", "comments": "",
         "time": at(day)} for day, state in steps)
    item.creation_date = at(steps[0][0])
    workflow.getWorkflowById(chain).updateRoleMappingsFor(item)
    item.reindexObject()


def add(agency, section, portal_type, steps, **fields):
    item = create_content(agency[section], portal_type, title=SECRET, **fields)
    set_history(item, steps)
    return item


def published(agency, year, scores):
    item = create_content(agency["danh-gia"], "Assessment", year=year)
    set_scores(item, {c: {"self_score": s} for c, s in zip("ABC", scores)}, SELF)
    set_scores(item, {c: {"assessor_score": s} for c, s in zip("ABC", scores)}, ASSESSOR)
    set_history(item, [(date(year, 1, 10), "draft"), (date(year, 12, 1), "published")])
    return item


def objectives(agency, year, rows, state):
    add(agency, "boi-canh", "QualityObjectives",
        [(date(year, 1, 5), "draft"), (date(year, 1, 20), state)], year=year,
        objectives=[{"name": name, "target": target, "result": result}
                    for name, target, result in rows])


def statistics(agency, year, month, on_time, late, received=0, pending=0):
    item = create_content(agency["thu-tuc"], "ServiceStatistics", year=year, month=month,
                          rows=[{"field": "khoa-hoc-cong-nghe", "received": received,
                                 "on_time": on_time, "late": late, "pending": pending}])
    set_history(item, [(date(year, month, 28), "recorded")])
    return item


def build_fixtures(portal):
    """Agency A's items around the period 01/01/2025–30/06/2025; one of agency B's."""
    a, b = portal["co-quan-a"], portal["co-quan-b"]
    api.portal.set_registry_record("eiso.assessment_criteria", CRITERIA)
    d = date
    for state in ("effective", "effective", "draft", "obsolete"):
        add(a, "tai-lieu", "ControlledDocument", [(d(2024, 5, 1), state)])
    add(b, "tai-lieu", "ControlledDocument", [(d(2024, 5, 1), "effective")])
    # Internal audits: closed on the first and the last day count, the days around not.
    for closed in (d(2025, 1, 1), d(2025, 6, 30), d(2024, 12, 31), d(2025, 7, 1)):
        add(a, "danh-gia", "InternalAudit",
            [(d(2024, 11, 1), "draft"), (d(2024, 12, 1), "reported"), (closed, "closed")],
            start_date=d(2024, 12, 1), end_date=d(2024, 12, 2))
    add(a, "danh-gia", "InternalAudit", [(d(2025, 2, 1), "draft"), (d(2025, 3, 1), "reported")],
        start_date=d(2025, 3, 1), end_date=d(2025, 3, 2))
    # Nonconformities: reported on the first day (still open); before the period and
    # closed in it; on the last day, closed the day after (open at the end); after
    # the period; in the period and found not to be one.
    nc = "Nonconformity"
    add(a, "kiem-soat", nc, [(d(2025, 1, 1), "reported")], description=SECRET)
    add(a, "kiem-soat", nc, [(d(2024, 12, 31), "reported"), (d(2025, 3, 1), "closed")],
        description=SECRET)
    add(a, "kiem-soat", nc, [(d(2025, 6, 30), "reported"), (d(2025, 7, 1), "closed")],
        description=SECRET)
    add(a, "kiem-soat", nc, [(d(2025, 7, 1), "reported")], description=SECRET)
    add(a, "kiem-soat", nc, [(d(2025, 2, 1), "reported"), (d(2025, 2, 10), "rejected")],
        description=SECRET)
    # Feedback: received on the first day and closed on the last; received before and
    # closed in the period; received after; received in the period, answered not closed.
    fb = "CustomerFeedback"
    add(a, "kiem-soat", fb, [(d(2025, 1, 1), "received"), (d(2025, 6, 30), "closed")],
        content=SECRET, received_date=d(2025, 1, 1))
    add(a, "kiem-soat", fb, [(d(2024, 12, 31), "received"), (d(2025, 1, 15), "closed")],
        content=SECRET, received_date=d(2024, 12, 31))
    add(a, "kiem-soat", fb, [(d(2025, 7, 1), "received")], content=SECRET,
        received_date=d(2025, 7, 1))
    add(a, "kiem-soat", fb, [(d(2025, 3, 3), "received"), (d(2025, 3, 9), "responded")],
        content=SECRET, received_date=d(2025, 3, 3))
    add(b, "kiem-soat", fb, [(d(2025, 4, 1), "received")], content=SECRET,
        received_date=d(2025, 4, 1))
    # Objectives: the applied set of 2025 (one achieved, one not, one not measured);
    # the 2024 set and a draft of 2025 do not count.
    objectives(a, 2025, [("Hồ sơ đúng hạn", 100, 100), ("Hài lòng", 90, 80),
                         ("Đào tạo", 50, None)], "applied")
    objectives(a, 2024, [("Hồ sơ đúng hạn", 100, 100)], "applied")
    # TTHC: January and June are inside; December 2024 and July 2025 are not.
    statistics(a, 2025, 1, on_time=6, late=2, received=10, pending=2)
    statistics(a, 2025, 6, on_time=1, late=1, received=5)
    statistics(a, 2025, 7, on_time=100, late=0, received=100)
    statistics(a, 2024, 12, on_time=0, late=50, received=50)
    statistics(b, 2025, 3, on_time=3, late=1, received=4)
    # Assessments: 2024's (75, fair) is the latest published up to 2025; 2026's comes later.
    published(a, 2024, (30, 25, 20))
    published(a, 2026, (38, 33, 22.5))
    # Open cases: a nonconformity past its deadline on the day before the period's end
    # (overdue), one due on the last day (not overdue yet).
    late = add(a, "kiem-soat", nc, [(d(2025, 7, 2), "reported")], description=SECRET)
    late.due_date = d(2025, 6, 29)
    late.reindexObject()
    due = add(a, "kiem-soat", nc, [(d(2025, 7, 2), "reported")], description=SECRET)
    due.due_date = d(2025, 6, 30)
    due.reindexObject()


EXPECTED_A = {
    "documents": {"by_state": {"draft": 1, "reviewing": 0, "pending": 0, "approved": 0,
                               "effective": 2, "obsolete": 1}, "total": 4},
    "audits": {"done": 2},
    "nonconformities": {"opened": 3, "closed": 1, "open": 2},
    "objectives": {"total": 3, "measured": 2, "achieved": 1, "rate": 50.0},
    "feedback": {"received": 2, "handled": 2},
    "services": {"months": 2, "received": 15, "on_time": 7, "late": 3, "pending": 2,
                 "rate": 70.0},
    "assessment": {"year": 2024, "total": 75, "grade": "fair"},
}


class TestIndicators(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        build_fixtures(self.portal)
        self.a = self.portal["co-quan-a"]
        self.b = self.portal["co-quan-b"]

    def test_agency_a_exact(self):
        figures = agency_indicators(self.a, START, END)
        for area, expected in EXPECTED_A.items():
            self.assertEqual(figures[area], expected, area)

    def test_histories_come_from_the_catalog(self):
        # The province overview adds up every agency: nonconformities, feedback and
        # audits are counted from their brains' workflow_days, not loaded.
        from eiso.reporting import indicators
        from unittest import mock

        loaded = []
        object_of = indicators.AgencyReader.object_of

        def spy(reader, brain):
            loaded.append(brain.portal_type)
            return object_of(reader, brain)

        with mock.patch.object(indicators.AgencyReader, "object_of", spy):
            figures = agency_indicators(self.a, START, END, unrestricted=True)
        self.assertFalse({"Nonconformity", "CustomerFeedback", "InternalAudit"} & set(loaded))
        for area in ("audits", "nonconformities", "feedback"):
            self.assertEqual(figures[area], EXPECTED_A[area], area)

    def test_brains_without_workflow_days_read_the_items(self):
        # a catalog without the columns of upgrade 1010: the same figures, from the items
        catalog = api.portal.get_tool("portal_catalog")
        catalog.delColumn("workflow_days")
        catalog.delColumn("received_date")
        figures = agency_indicators(self.a, START, END)
        for area in ("audits", "nonconformities", "feedback"):
            self.assertEqual(figures[area], EXPECTED_A[area], area)

    def test_a_transition_updates_the_workflow_days(self):
        from eiso.reporting.indicators import history

        catalog = api.portal.get_tool("portal_catalog")
        item = create_content(self.a["kiem-soat"], "Nonconformity", title="Sai sót hồ sơ",
                              description="Thiếu chữ ký", root_cause="Chưa kiểm tra",
                              corrective_action="Bổ sung chữ ký", responsible="a-head",
                              action_due_date=date.today())
        brain = catalog.unrestrictedSearchResults(UID=item.UID())[0]
        self.assertEqual(list(brain.workflow_days), history(item))
        api.content.transition(obj=item, transition=self.first_transition(item))
        brain = catalog.unrestrictedSearchResults(UID=item.UID())[0]
        self.assertEqual(list(brain.workflow_days), history(item))
        self.assertEqual(len(brain.workflow_days), 2)

    def first_transition(self, item):
        workflow = api.portal.get_tool("portal_workflow")
        return workflow.getTransitionsFor(item)[0]["id"]

    def test_a_revision_under_way_is_not_another_document(self):
        from plone.app.iterate.interfaces import IWorkingCopy
        from zope.interface import alsoProvides

        copy = add(self.a, "tai-lieu", "ControlledDocument", [(date(2025, 2, 1), "draft")])
        alsoProvides(copy, IWorkingCopy)
        copy.reindexObject()
        figures = agency_indicators(self.a, START, END)
        self.assertEqual(figures["documents"], EXPECTED_A["documents"])

    def test_overdue_cases_on_the_last_day_of_the_period(self):
        catalog = api.portal.get_tool("portal_catalog")
        path = "/".join(self.a.getPhysicalPath())
        open_now = len(catalog.unrestrictedSearchResults(path=path, case_open=True))
        figures = agency_indicators(self.a, START, END)
        self.assertEqual(figures["cases"], {"open": open_now, "overdue": 1})
        # Seen on 29/06 the same case is not overdue yet; a period ending later sees both.
        self.assertEqual(agency_indicators(self.a, START, date(2025, 6, 29))["cases"]["overdue"], 0)
        self.assertEqual(agency_indicators(self.a, START, date(2025, 7, 1))["cases"]["overdue"], 2)
        # A period ending in the future is judged today.
        self.assertEqual(
            agency_indicators(self.a, START, END, today=date(2025, 6, 29))["cases"]["overdue"], 0)

    def test_narrower_periods(self):
        # From 02/01: the audit and the feedback of 01/01 fall out, and January's
        # statistics (the month is no longer wholly inside).
        figures = agency_indicators(self.a, date(2025, 1, 2), END)
        self.assertEqual(figures["audits"]["done"], 1)
        self.assertEqual(figures["feedback"], {"received": 1, "handled": 2})
        self.assertEqual(figures["nonconformities"], {"opened": 2, "closed": 1, "open": 2})
        self.assertEqual(figures["services"]["months"], 1)
        self.assertEqual(figures["services"]["rate"], 50.0)
        # The second half: the nonconformity of 30/06 is closed on 01/07.
        figures = agency_indicators(self.a, date(2025, 7, 1), date(2025, 12, 31))
        self.assertEqual(figures["nonconformities"], {"opened": 3, "closed": 1, "open": 4})
        self.assertEqual(figures["audits"]["done"], 1)
        self.assertEqual(figures["services"]["rate"], 100.0)
        # 2026: the assessment of 2026 is the latest; no statistics at all: no rate.
        figures = agency_indicators(self.a, date(2026, 1, 1), date(2026, 12, 31))
        self.assertEqual(figures["assessment"], {"year": 2026, "total": 93.5, "grade": "good"})
        self.assertEqual(figures["services"]["rate"], None)
        self.assertEqual(figures["objectives"]["rate"], None)

    def test_agency_b_has_only_its_own(self):
        figures = agency_indicators(self.b, START, END)
        self.assertEqual(figures["documents"]["total"], 1)
        self.assertEqual(figures["feedback"], {"received": 1, "handled": 0})
        self.assertEqual(figures["services"]["rate"], 75.0)
        self.assertEqual(figures["nonconformities"], {"opened": 0, "closed": 0, "open": 0})
        self.assertEqual(figures["assessment"], None)

    def test_total_of_the_province(self):
        total = total_indicators([agency_indicators(self.a, START, END),
                                  agency_indicators(self.b, START, END)])
        self.assertEqual(total["documents"]["total"], 5)
        self.assertEqual(total["documents"]["by_state"]["effective"], 3)
        self.assertEqual(total["feedback"], {"received": 3, "handled": 2})
        # (7 + 3) on time of (10 + 4) resolved: the rate of the sums, not the mean.
        self.assertEqual(total["services"]["on_time"], 10)
        self.assertEqual(total["services"]["rate"], round(100 * 10 / 14, 1))
        self.assertEqual(total["assessment"], None)


class TestWhoCounts(unittest.TestCase):
    """An agency's report counts what its reader may see; the province's reads all."""

    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        build_fixtures(self.portal)
        self.a = self.portal["co-quan-a"]

    def test_leader_and_secretary_see_the_agency(self):
        for user in ("a-leader", "a-secretary"):
            login(self.portal, user)
            figures = agency_indicators(self.a, START, END)
            for area, expected in EXPECTED_A.items():
                self.assertEqual(figures[area], expected, (user, area))

    def test_another_agency_counts_nothing_of_a(self):
        login(self.portal, "b-leader")
        figures = agency_indicators(self.a, START, END)
        self.assertEqual(figures["documents"]["total"], 0)
        self.assertEqual(figures["feedback"], {"received": 0, "handled": 0})
        self.assertEqual(figures["services"]["months"], 0)
        self.assertEqual(figures["assessment"], None)
        # Read for the province, the same user's call sees every figure.
        figures = agency_indicators(self.a, START, END, unrestricted=True)
        for area, expected in EXPECTED_A.items():
            self.assertEqual(figures[area], expected, area)


class TestPeriod(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_default_is_the_current_year(self):
        self.assertEqual(parse_period({}, today=date(2026, 11, 24)),
                         (date(2026, 1, 1), date(2026, 12, 31)))
        self.assertEqual(parse_period({"from": "2025-04-01"}),
                         (date(2025, 4, 1), date(2025, 12, 31)))
        self.assertEqual(parse_period({"to": "2024-03-31"}),
                         (date(2024, 1, 1), date(2024, 3, 31)))
        self.assertEqual(parse_period({"from": "2025-02-03", "to": "2025-02-03"}),
                         (date(2025, 2, 3), date(2025, 2, 3)))

    def message(self, form):
        with self.assertRaises(PeriodError) as raised:
            parse_period(form)
        return translate(raised.exception.message, target_language="vi")

    def test_bad_periods_in_vietnamese(self):
        self.assertEqual(self.message({"from": "31/01/2025"}),
                         "Ngày “31/01/2025” không hợp lệ: hãy viết theo dạng NNNN-TT-NN "
                         "(ví dụ 2026-01-31).")
        self.assertIn("không hợp lệ", self.message({"to": "2025-02-30"}))
        self.assertEqual(self.message({"from": "2025-06-01", "to": "2025-05-31"}),
                         "Ngày kết thúc kỳ báo cáo ở trước ngày bắt đầu.")
        self.assertEqual(self.message({"from": "1999-12-31"}),
                         "Năm của ngày phải từ 2000 đến 2100.")
        self.assertEqual(self.message({"from": ["2025-01-01", "2025-02-01"]}),
                         "Hãy nhập một ngày bắt đầu và một ngày kết thúc.")

    def test_months_inside(self):
        self.assertEqual(months_inside(date(2025, 1, 1), date(2025, 3, 31)),
                         {(2025, 1), (2025, 2), (2025, 3)})
        self.assertEqual(months_inside(date(2025, 1, 2), date(2025, 3, 30)), {(2025, 2)})
        self.assertEqual(months_inside(date(2024, 12, 1), date(2025, 1, 31)),
                         {(2024, 12), (2025, 1)})
        self.assertEqual(months_inside(date(2025, 2, 3), date(2025, 2, 20)), set())


class TestPdfFetchesNothing(unittest.TestCase):
    def test_no_url_is_opened(self):
        from eiso.reporting.exports import pdf
        from pypdf import PdfReader
        from unittest import mock
        from urllib.request import OpenerDirector

        import io

        html = ('<html><head><link rel="stylesheet" href="https://example.com/a.css">'
                '<style>body { font-family: "DejaVu Sans"; }</style></head><body>'
                '<img src="http://example.com/logo.png"><img src="file:///etc/hostname">'
                '<p>Tỷ lệ giải quyết đúng hạn 70,0 %</p></body></html>')
        # weasyprint's own fetcher opens every URL through urllib's OpenerDirector.
        with mock.patch.object(OpenerDirector, "open") as opened:
            data = pdf(html)
        self.assertEqual(opened.call_count, 0)
        text = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        self.assertIn("Tỷ lệ giải quyết đúng hạn 70,0 %", text)
