"""Quality objectives (Mục tiêu chất lượng, SPEC §7, seed 002 §3): versions of a year,
results entered all year, achievement, the chart on the agency home page."""

from eiso.content.quality_objectives import achievement
from eiso.content.quality_objectives import IObjective
from eiso.content.quality_objectives import IQualityObjectivesSchema
from eiso.content.quality_objectives import PercentOutOfRange
from eiso.content.quality_objectives import set_achievement
from eiso.content.quality_objectives import upgrade_version
from eiso.content.quality_objectives import VersionRefused
from eiso.content.quality_objectives import versions
from eiso.interfaces import IEisoLayer
from eiso.testing import apply_demo
from eiso.testing import PROFILE_VERSION
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from urllib.parse import urlencode
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.intid.interfaces import IIntIds
from zope.schema.interfaces import RequiredMissing

import datetime
import transaction
import unittest


RESULTS = "eiso: Enter objective results"

ROWS = [
    {"name": "Đảm bảo sự hài lòng của khách hàng giải quyết DVC", "target": 98.0,
     "measurement": "Phiếu khảo sát", "responsible": "Văn phòng",
     "deadline": datetime.date(2026, 12, 31), "result": 96.0, "cause": "Khách hàng chưa hiểu"},
    {"name": "Giải quyết đầy đủ kịp thời và đúng hạn TTHC", "target": 100.0,
     "measurement": "Tỷ lệ đúng hạn", "responsible": "Các phòng",
     "deadline": None, "result": 100.0, "cause": None},
    {"name": "Hoàn thành nhiệm vụ của cấp trên giao", "target": 100.0,
     "measurement": None, "responsible": None, "deadline": None, "result": None, "cause": None},
]


def objectives(container, department=None, rows=None, year=2026, **fields):
    return api.content.create(
        container=container, type="QualityObjectives",
        title=fields.pop("title", f"Mục tiêu chất lượng năm {year}"), year=year,
        department=department, objectives=[dict(r) for r in (rows or ROWS)], **fields)


def apply(item):
    for transition in ("submit", "approve", "apply"):
        api.content.transition(obj=item, transition=transition)


def as_manager(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    login(portal, TEST_USER_NAME)


def forget_local_roles(request):
    """borg.localrole keeps computed local roles for the request: a new one would not."""
    from zope.annotation.interfaces import IAnnotations

    annotations = IAnnotations(request)
    for key in [k for k in annotations if "borg.localrole" in str(k)]:
        del annotations[key]


def vi(message):
    return translate(message, target_language="vi")


class TestAchievement(unittest.TestCase):
    def test_one_objective(self):
        reached = achievement({"target": 98.0, "result": 96.0})
        self.assertTrue(reached.measured)
        self.assertEqual(reached.ratio, 98.0)
        self.assertFalse(reached.achieved)
        self.assertTrue(achievement({"target": 100.0, "result": 100.0}).achieved)
        self.assertEqual(achievement({"target": 80.0, "result": 90.0}).ratio, 112.5)
        self.assertFalse(achievement({"target": 100.0, "result": None}).measured)
        self.assertIsNone(achievement({"target": 100.0, "result": None}).achieved)
        # A target of 0 is met by any result; no ratio can be computed.
        zero = achievement({"target": 0.0, "result": 0.0})
        self.assertTrue(zero.achieved)
        self.assertIsNone(zero.ratio)

    def test_set(self):
        summary = set_achievement(ROWS)
        self.assertEqual((summary.total, summary.measured, summary.achieved), (3, 2, 1))
        self.assertEqual(summary.rate, 50.0)
        self.assertIsNone(set_achievement([]).rate)
        self.assertIsNone(set_achievement([{"target": 50.0, "result": None}]).rate)


class TestObjectives(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["boi-canh"]

    def test_secretary_adds_objectives_in_context_section(self):
        login(self.portal, "a-secretary")
        allowed = [fti.getId() for fti in self.section.allowedContentTypes()]
        self.assertIn("QualityObjectives", allowed)
        item = objectives(self.section)
        self.assertEqual(api.content.get_state(item), "draft")
        self.assertEqual(item.version, 1)
        self.assertEqual(item.objectives[0]["target"], 98.0)
        self.assertTrue(item.code.startswith("MT"), item.code)
        for user in ("a-staff", "a-head", "a-leader", "b-admin"):
            login(self.portal, user)
            self.assertNotIn("QualityObjectives",
                             [fti.getId() for fti in self.section.allowedContentTypes()], user)

    def test_case_flow_role_by_role(self):
        login(self.portal, "a-secretary")
        item = objectives(self.section)
        for user, seen in (("a-staff", False), ("a-head", False), ("a-leader", True),
                           ("b-leader", False)):
            login(self.portal, user)
            self.assertEqual(bool(api.user.has_permission("View", obj=item)), seen, user)
        login(self.portal, "a-secretary")
        api.content.transition(obj=item, transition="submit")
        self.assertEqual(item.responsible_users, ["a-leader"])
        login(self.portal, "a-leader")
        api.content.transition(obj=item, transition="approve")
        api.content.transition(obj=item, transition="apply")
        self.assertEqual(api.content.get_state(item), "applied")
        login(self.portal, "a-staff")
        self.assertTrue(api.user.has_permission("View", obj=item))
        self.assertFalse(api.user.has_permission("Modify portal content", obj=item))

    def test_fields_are_the_contract(self):
        for name in ("year", "policy", "department", "objectives", "version", "previous"):
            self.assertIn(name, IQualityObjectivesSchema)
        for name in ("name", "target", "measurement", "responsible", "deadline", "result",
                     "cause"):
            self.assertIn(name, IObjective)

    def test_bad_percentages_are_refused_in_vietnamese(self):
        for field, value in (("target", 120.0), ("target", -1.0), ("result", -5.0),
                             ("result", 100.5)):
            with self.subTest(field=field, value=value):
                with self.assertRaises(PercentOutOfRange) as caught:
                    IObjective[field].validate(value)
                message = vi(caught.exception.doc())
                self.assertIn("từ 0 đến 100", message)
        self.assertIn("Mục tiêu đo lường (%)", vi(self._error("target", 120.0)))
        IObjective["target"].validate(0.0)
        IObjective["target"].validate(100.0)
        IObjective["result"].validate(None)
        with self.assertRaises(RequiredMissing):
            IObjective["name"].validate(None)
        with self.assertRaises(RequiredMissing):
            IObjective["target"].validate(None)

    def _error(self, field, value):
        try:
            IObjective[field].validate(value)
        except PercentOutOfRange as error:
            return error.doc()

    def test_upgrade_keeps_history_and_only_one_version_is_applied(self):
        as_manager(self.portal)
        policy = api.content.create(container=self.section, type="QualityPolicy",
                                    title="Chính sách 2026", year=2026)
        first = objectives(self.section, policy=RelationValue(getUtility(IIntIds).getId(policy)))
        apply(first)
        login(self.portal, "a-secretary")
        second = upgrade_version(first)
        self.assertEqual(second.version, 2)
        self.assertEqual(second.previous.to_object, first)
        self.assertEqual(second.policy.to_object, policy)
        self.assertEqual((second.year, second.department), (2026, None))
        self.assertEqual(second.objectives, first.objectives)
        self.assertIsNot(second.objectives, first.objectives)
        self.assertEqual(api.content.get_state(second), "draft")
        self.assertEqual(second.Creator(), "a-secretary")
        # While version 2 is open, no third version can start.
        with self.assertRaises(VersionRefused):
            upgrade_version(first)
        second.objectives[0]["target"] = 96.0
        self.assertEqual(first.objectives[0]["target"], 98.0)
        as_manager(self.portal)
        apply(second)
        self.assertEqual(api.content.get_state(first), "superseded")
        self.assertEqual(api.content.get_state(second), "applied")
        self.assertEqual(versions(second), [first, second])
        applied = api.content.find(portal_type="QualityObjectives", review_state="applied")
        self.assertEqual([b.UID for b in applied], [second.UID()])
        # A department's set and another year are other scopes: not superseded.
        department_set = objectives(self.section, department="phong-cntt")
        apply(department_set)
        next_year = objectives(self.section, year=2027)
        apply(next_year)
        self.assertEqual(api.content.get_state(second), "superseded")  # 2027 supersedes 2026
        self.assertEqual(api.content.get_state(department_set), "applied")
        self.assertEqual(versions(department_set), [department_set])
        # Version 3 of 2026 starts from version 2; its number follows the highest.
        login(self.portal, "a-secretary")
        third = upgrade_version(second)
        self.assertEqual((third.version, third.previous.to_object), (3, second))
        # Earlier versions stay readable, with a diff to the previous one.
        login(self.portal, "a-staff")
        self.assertTrue(api.user.has_permission("View", obj=first))
        diff = api.content.get_view("version-diff", second, self.request)
        self.assertEqual(diff.other(), first)
        rows = {row["name"]: row for row in diff.rows()}
        changed = rows[ROWS[0]["name"]]
        self.assertEqual(changed["status"], "changed")
        self.assertEqual(changed["cells"][0], {"old": "98", "new": "96", "changed": True})
        self.assertEqual(rows[ROWS[1]["name"]]["status"], "unchanged")

    def test_a_set_added_for_a_scope_with_versions_is_the_next_version(self):
        as_manager(self.portal)
        first = objectives(self.section)
        apply(first)
        self.assertEqual(first.version, 1)
        added = objectives(self.section)
        self.assertEqual(added.version, 2)
        self.assertEqual(objectives(self.section, department="phong-cntt").version, 1)
        self.assertEqual(objectives(self.section, year=2027).version, 1)
        apply(added)
        self.assertEqual(api.content.get_state(first), "superseded")

    def test_only_who_may_add_upgrades(self):
        as_manager(self.portal)
        first = objectives(self.section)
        apply(first)
        for user in ("a-staff", "a-head", "a-leader"):
            login(self.portal, user)
            view = api.content.get_view("view", first, self.request)
            self.assertFalse(view.can_upgrade(), user)
            with self.assertRaises(VersionRefused):
                upgrade_version(first)
        login(self.portal, "a-secretary")
        self.assertTrue(api.content.get_view("view", first, self.request).can_upgrade())

    def test_diff_shows_added_and_removed_objectives(self):
        as_manager(self.portal)
        first = objectives(self.section)
        apply(first)
        second = upgrade_version(first)
        second.objectives = [dict(ROWS[0]), {"name": "Mục tiêu mới", "target": 90.0}]
        statuses = {row["name"]: row["status"]
                    for row in api.content.get_view("version-diff", second, self.request).rows()}
        self.assertEqual(statuses, {ROWS[0]["name"]: "unchanged", "Mục tiêu mới": "added",
                                    ROWS[1]["name"]: "removed", ROWS[2]["name"]: "removed"})

    def test_results_permission_role_by_role(self):
        as_manager(self.portal)
        department_set = objectives(self.section, department="phong-cntt")
        agency_set = objectives(self.section, title="Toàn cơ quan")
        office_set = objectives(self.section, department="van-phong")
        self.assertFalse(self._may("a-secretary", department_set))  # draft: not yet
        as_manager(self.portal)
        for item in (department_set, agency_set, office_set):
            apply(item)
        expected = {
            # user: (department phong-cntt, whole agency, department van-phong)
            "a-secretary": (True, True, True),
            "a-admin": (True, True, True),
            "a-head": (True, False, False),  # head of phong-cntt only
            "a-leader": (False, False, False),
            "a-staff": (False, False, False),
            "a-records": (False, False, False),
            "b-admin": (False, False, False),
            "b-leader": (False, False, False),
        }
        for user, rights in expected.items():
            for item, right in zip((department_set, agency_set, office_set), rights):
                with self.subTest(user=user, item=item.department):
                    self.assertEqual(self._may(user, item), right)
        # The department's ``head`` also holds it, without the agency role.
        as_manager(self.portal)
        self.agency["to-chuc"]["van-phong"].head = "a-staff"
        forget_local_roles(self.request)
        self.assertTrue(self._may("a-staff", office_set))
        as_manager(self.portal)
        api.content.transition(obj=department_set, transition="supersede")
        self.assertFalse(self._may("a-head", department_set))
        self.assertFalse(self._may("a-secretary", department_set))

    def _may(self, user, item):
        login(self.portal, user)
        return bool(api.user.has_permission(RESULTS, obj=item))

    def test_agency_b_sees_nothing(self):
        as_manager(self.portal)
        item = objectives(self.section)
        apply(item)
        for user in ("b-admin", "b-leader", "b-staff"):
            login(self.portal, user)
            self.assertFalse(api.user.has_permission("View", obj=item), user)
            self.assertEqual(len(api.content.find(portal_type="QualityObjectives")), 0, user)
            chart = api.content.get_view("objectives-chart", self.portal["co-quan-b"], self.request)
            self.assertIsNone(chart.chart())
        login(self.portal, "a-staff")
        self.assertEqual(len(api.content.find(portal_type="QualityObjectives")), 1)

    def test_objectives_are_searchable(self):
        as_manager(self.portal)
        item = objectives(self.section)
        found = api.content.find(SearchableText="hài lòng khách hàng",
                                 portal_type="QualityObjectives")
        self.assertEqual([b.UID for b in found], [item.UID()])

    def test_chart_shows_the_applied_agency_set(self):
        as_manager(self.portal)
        chart = api.content.get_view("objectives-chart", self.agency, self.request)
        self.assertIsNone(chart.chart())
        agency_set = objectives(self.section)
        self.assertIsNone(chart.chart())  # a draft does not count
        apply(agency_set)
        apply(objectives(self.section, department="phong-cntt", year=2027))
        data = chart.chart()
        self.assertEqual(data["item"], agency_set)
        self.assertEqual(data["rate"], "50")
        self.assertEqual([r["result_width"] for r in data["rows"]], ["96.0", "100.0", "0.0"])


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.section = self.portal["co-quan-a"]["boi-canh"]
        self.section_url = self.section.absolute_url()

    def create(self, applied=True, **fields):
        as_manager(self.portal)
        item = objectives(self.section, **fields)
        if applied:
            apply(item)
        transaction.commit()
        return item

    def add_form(self, page, rows):
        page.open(self.section_url + "/++add++QualityObjectives")
        fields = [
            ("_authenticator", page.getControl(name="_authenticator").value),
            ("form.widgets.title", "Mục tiêu chất lượng năm 2026"),
            ("form.widgets.year", "2026"),
            ("form.buttons.save", "Lưu"),
            ("form.widgets.objectives.count", str(len(rows))),
        ]
        for number, row in enumerate(rows):
            fields.append((f"form.widgets.objectives.{number}-empty-marker", "1"))
            # A browser posts every input of the row, empty or not.
            row = dict(dict.fromkeys(("name", "target", "measurement", "responsible",
                                      "deadline", "result", "cause"), ""), **row)
            for name, value in row.items():
                fields.append((f"form.widgets.objectives.{number}.widgets.{name}", value))
        page.post(self.section_url + "/++add++QualityObjectives", urlencode(fields))

    def test_add_form_and_bad_input(self):
        page = browser(self.app, "a-secretary")
        page.open(self.section_url + "/++add++QualityObjectives")
        for label in ("Mục tiêu chất lượng", "Chính sách chất lượng", "Phòng ban",
                      "Tên mục tiêu", "Mục tiêu đo lường (%)", "Phương pháp đo lường",
                      "Kết quả đo lường (%)", "Nguyên nhân chưa đạt"):
            self.assertIn(label, page.contents)
        self.add_form(page, [{"name": "Giải quyết TTHC đúng hạn", "target": "120"}])
        self.assertIn("từ 0 đến 100", page.contents)
        self.add_form(page, [{"name": "Giải quyết TTHC đúng hạn", "target": "-3"}])
        self.assertIn("từ 0 đến 100", page.contents)
        self.add_form(page, [{"name": "Giải quyết TTHC đúng hạn", "target": "100",
                              "result": "150"}])
        self.assertIn("Kết quả đo lường (%): nhập tỷ lệ phần trăm từ 0 đến 100", page.contents)
        self.add_form(page, [{"name": "", "target": "100"}])
        self.assertIn("Chưa nhập thông tin bắt buộc.", page.contents)
        transaction.begin()
        self.assertEqual(len(api.content.find(context=self.section,
                                              portal_type="QualityObjectives",
                                              unrestricted=True)), 0)
        self.add_form(page, [{"name": "Giải quyết TTHC đúng hạn", "target": "100",
                              "measurement": "Tỷ lệ đúng hạn"}])
        self.assertEqual(page.headers["status"], "200 OK")
        transaction.begin()
        item = self.section["muc-tieu-chat-luong-nam-2026"]
        self.assertEqual(item.objectives[0]["target"], 100.0)
        self.assertEqual(item.version, 1)
        self.assertIn("Phiên bản 1 (Dự thảo)", page.contents)

    def test_view_shows_version_achievement_and_upgrade(self):
        item = self.create()
        page = browser(self.app, "a-secretary")
        page.open(item.absolute_url())
        self.assertIn("Phiên bản 1 (Đang áp dụng)", page.contents)
        self.assertIn("Khách hàng chưa hiểu", page.contents)
        self.assertIn("Chưa đạt", page.contents)
        self.assertIn("Chưa đo lường", page.contents)
        summary = page.contents.split('id="eiso-objectives-summary"')[1].split("</p>")[0]
        self.assertIn("<strong>1</strong>", summary)
        self.assertIn("<strong>2</strong>", summary)
        self.assertIn("50", summary)
        page.getControl("Nâng cấp phiên bản").click()
        self.assertIn("Phiên bản 2 (Dự thảo)", page.contents)
        self.assertIn("Phiên bản 1 (Đang áp dụng)", page.contents)
        transaction.begin()
        new = [o for o in versions(item, unrestricted=True) if o.version == 2][0]
        self.assertEqual(page.url, new.absolute_url())
        self.assertNotIn("Nâng cấp phiên bản", page.contents)  # version 2 still open
        page.open(new.absolute_url() + "/@@version-diff")
        self.assertIn("So sánh phiên bản", page.contents)
        # Staff see the applied version without the secretary's actions.
        staff = browser(self.app, "a-staff")
        staff.open(item.absolute_url())
        self.assertIn("Phiên bản 1 (Đang áp dụng)", staff.contents)
        self.assertNotIn("Nâng cấp phiên bản", staff.contents)
        self.assertNotIn("@@objective-results", staff.contents)

    def test_upgrade_needs_post_and_token(self):
        item = self.create()
        page = browser(self.app, "a-secretary")
        page.handleErrors = True
        page.raiseHttpErrors = False
        page.open(item.absolute_url() + "/@@upgrade-version")
        self.assertNotEqual(page.headers["status"], "302 Found")
        page.post(item.absolute_url() + "/@@upgrade-version", "")
        transaction.begin()
        self.assertEqual(len(versions(item, unrestricted=True)), 1)

    def results_page(self, user, item):
        page = browser(self.app, user)
        page.open(item.absolute_url() + "/@@objective-results")
        return page

    def test_results_form(self):
        item = self.create(department="phong-cntt")
        page = self.results_page("a-head", item)
        self.assertIn("Cập nhật kết quả", page.contents)
        page.getControl(name="result.2").value = "101"
        page.getControl(name="cause.2").value = "Chưa xong"
        page.getControl(name="result.0").value = "97,5"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Kết quả đo lường (%): nhập tỷ lệ phần trăm từ 0 đến 100", page.contents)
        self.assertIn("Chưa lưu kết quả", page.contents)
        self.assertEqual(page.getControl(name="result.2").value, "101")
        page.getControl(name="result.2").value = "abc"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Nhập kết quả là một số, ví dụ 96,5.", page.contents)
        transaction.begin()
        self.assertEqual(item.objectives[0]["result"], 96.0)  # nothing half-done
        page.getControl(name="result.2").value = "85"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Đã lưu kết quả.", page.contents)
        transaction.begin()
        self.assertEqual([r["result"] for r in item.objectives], [97.5, 100.0, 85.0])
        self.assertEqual(item.objectives[2]["cause"], "Chưa xong")
        self.assertEqual(item.objectives[2]["target"], 100.0)
        self.assertEqual(api.content.get_state(item), "applied")
        self.assertEqual(item.version, 1)
        self.assertIn("85", page.contents)

    def test_results_form_refused_to_others(self):
        item = self.create(department="phong-cntt")
        for user in ("a-staff", "a-leader", "b-admin"):
            with self.subTest(user=user):
                page = browser(self.app, user)
                page.raiseHttpErrors = False
                page.open(item.absolute_url() + "/@@objective-results")
                self.assertNotIn('id="eiso-results-form"', page.contents)
        page = self.results_page("a-secretary", item)
        self.assertIn('id="eiso-results-form"', page.contents)

    def test_home_page_chart_shows_numbers(self):
        agency_url = self.portal["co-quan-a"].absolute_url()
        page = browser(self.app, "a-staff")
        page.open(agency_url)
        self.assertNotIn('id="eiso-objectives-chart"', page.contents)
        self.create()
        page.open(agency_url)
        chart = page.contents.split('id="eiso-objectives-chart"')[1].split("</section>")[0]
        self.assertIn("Mục tiêu chất lượng năm 2026", chart)
        self.assertIn("Phiên bản 1 (Đang áp dụng)", chart)
        self.assertIn("98 %", chart)
        self.assertIn("96 %", chart)
        self.assertIn("width: 96.0%", chart)
        self.assertIn("(50 %)", chart)
        self.assertIn("chưa đo lường", chart)
        page = browser(self.app, "b-staff")
        page.open(self.portal["co-quan-b"].absolute_url())
        self.assertNotIn('id="eiso-objectives-chart"', page.contents)


class TestRest(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def test_get_returns_the_table(self):
        from eiso.testing import RestSession

        portal = self.layer["portal"]
        as_manager(portal)
        item = objectives(portal["co-quan-a"]["boi-canh"])
        transaction.commit()
        session = RestSession(portal, "a-secretary")
        self.addCleanup(session.close)
        data = session.get(f"/co-quan-a/boi-canh/{item.getId()}").json()
        self.assertEqual(data["@type"], "QualityObjectives")
        self.assertEqual(data["year"], 2026)
        self.assertEqual(data["version"], 1)
        self.assertEqual(data["objectives"][0]["name"], ROWS[0]["name"])
        self.assertEqual(data["objectives"][0]["target"], 98.0)
        self.assertEqual(data["objectives"][0]["deadline"], "2026-12-31")
        response = session.post("/co-quan-a/boi-canh", json={
            "@type": "QualityObjectives", "title": "Qua REST", "year": 2026,
            "objectives": [{"name": "Mục tiêu", "target": 90, "deadline": "2026-06-30"}]})
        self.assertEqual(response.status_code, 201, response.text)
        # The version number is not the client's to choose.
        response = session.patch(f"/co-quan-a/boi-canh/{item.getId()}", json={"version": 7})
        self.assertLess(response.status_code, 300, response.text)
        transaction.begin()
        self.assertEqual(item.version, 1)
        response = session.post("/co-quan-a/boi-canh", json={
            "@type": "QualityObjectives", "title": "Sai", "year": 2026,
            "objectives": [{"name": "Mục tiêu", "target": 190}]})
        self.assertEqual(response.status_code, 400, response.text)
        other = RestSession(portal, "b-admin")
        self.addCleanup(other.close)
        self.assertIn(other.get(f"/co-quan-a/boi-canh/{item.getId()}").status_code, (401, 403))


class TestUpgrade1004(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_1003_site_gets_quality_objectives(self):
        portal = self.layer["portal"]
        setRoles(portal, TEST_USER_ID, ["Manager"])
        workflow_tool = api.portal.get_tool("portal_workflow")
        workflow_tool.setChainForPortalTypes(("QualityObjectives",), ())
        api.portal.get_tool("portal_types").manage_delObjects(["QualityObjectives"])
        workflow = workflow_tool["eiso_approval_workflow"]
        workflow.permissions = tuple(p for p in workflow.permissions if p != RESULTS)
        for state in workflow.states.objectValues():
            if state.permission_roles and RESULTS in state.permission_roles:
                del state.permission_roles[RESULTS]
        portal.__ac_roles__ = tuple(r for r in portal.__ac_roles__ if r != "ResultsReporter")
        setup = api.portal.get_tool("portal_setup")
        setup.setLastVersionForProfile("eiso:default", "1003")
        setup.upgradeProfile("eiso:default")
        self.assertEqual(setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))
        self.assertIn("QualityObjectives", api.portal.get_tool("portal_types"))
        self.assertEqual(workflow_tool.getChainForPortalType("QualityObjectives"),
                         ("eiso_approval_workflow",))
        self.assertIn(RESULTS, workflow_tool["eiso_approval_workflow"].permissions)
        self.assertIn("ResultsReporter", portal.validRoles())
        item = objectives(portal["co-quan-a"]["boi-canh"], department="phong-cntt")
        apply(item)
        login(portal, "a-head")
        self.assertTrue(api.user.has_permission(RESULTS, obj=item))


class TestDemo(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_demo_objectives_of_seed_002(self):
        portal = self.layer["portal"]
        apply_demo()
        as_manager(portal)
        agency = portal["so-khcn"]
        year = datetime.date.today().year
        found = sorted(
            (b.getObject() for b in api.content.find(context=agency,
                                                     portal_type="QualityObjectives")),
            key=lambda o: o.version)
        self.assertEqual([o.version for o in found], [1, 2])
        first, second = found
        self.assertEqual([api.content.get_state(o) for o in found], ["superseded", "applied"])
        self.assertEqual(len(second.objectives), 4)
        self.assertEqual([r["target"] for r in first.objectives], [98.0, 100.0, 100.0, 100.0])
        self.assertEqual([r["target"] for r in second.objectives], [96.0, 100.0, 100.0, 100.0])
        self.assertEqual(second.objectives[0]["cause"], "Khách hàng chưa hiểu")
        self.assertEqual(second.previous.to_object, first)
        self.assertEqual(second.policy.to_object.year, year)
        self.assertEqual(set_achievement(second.objectives).rate, 100.0)
        # Idempotent.
        apply_demo()
        self.assertEqual(len(api.content.find(context=agency, portal_type="QualityObjectives")), 2)
