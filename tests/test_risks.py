"""Risks and opportunities (Rủi ro và cơ hội, SPEC §7): the ISO secretary or a head of
department records them in ``boi-canh``, the leader approves, the treatment's owner
handles them; the register lists them with a heat map and exports them to Excel.
The treatment actions on the case engine: tests/test_risks_treatment.py."""

from datetime import date
from datetime import timedelta
from eiso.content.risk import create_risk
from eiso.content.risk import IRiskSchema
from eiso.content.risk import level_of
from eiso.content.risk import score_range
from eiso.interfaces import IEisoLayer
from eiso.testing import browser
from eiso.testing import denied
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import RestSession
from io import BytesIO
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from urllib.parse import urlencode
from zope.interface import alsoProvides

import transaction
import unittest


DUE = date.today() + timedelta(days=30)

# (kind, description, department, likelihood, impact, owner)
RISKS = (
    ("risk", "Hồ sơ TTHC trả kết quả trễ hạn", "van-phong", 4, 4, "a-head"),
    ("risk", "Mất dữ liệu do sự cố máy chủ", "phong-cntt", 2, 5, "a-head"),
    ("risk", "Văn bản pháp luật thay đổi chưa cập nhật", "van-phong", 3, 2, "a-legal"),
    ("opportunity", "Triển khai dịch vụ công trực tuyến toàn trình", "phong-cntt", 4, 3, "a-staff"),
    ("opportunity", "Chia sẻ dữ liệu với Trung tâm Phục vụ hành chính công", "van-phong", 1, 2, ""),
)


def add_risk(container, kind, description, department, likelihood, impact, owner="", **extra):
    fields = dict(kind=kind, description=description, department=department,
                  likelihood=likelihood, impact=impact, year=2026)
    if owner:
        fields.update(treatment="Theo dõi hằng tuần", treatment_actions=[
            action_row("Rà soát", owner), action_row("Báo cáo", owner)])
    fields.update(extra)
    return create_risk(container, **fields)


def action_row(action, owner, due=DUE, done=None, result=None):
    return {"action": action, "owner": owner, "due_date": due, "done": done, "result": result}


class TestScoring(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        login(self.portal, "a-secretary")
        self.container = self.portal["co-quan-a"]["boi-canh"]

    def test_score_and_level_with_the_default_thresholds(self):
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_medium"), 5)
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_high"), 12)
        for likelihood, impact, score, level in (
            (1, 1, 1, "low"), (2, 2, 4, "low"), (1, 5, 5, "medium"), (3, 3, 9, "medium"),
            (4, 3, 12, "high"), (5, 5, 25, "high"),
        ):
            risk = add_risk(self.container, "risk", f"Rủi ro {likelihood}×{impact}",
                            "van-phong", likelihood, impact)
            self.assertEqual(risk.score(), score)
            self.assertEqual(risk.level(), level, (likelihood, impact))
            self.assertEqual(api.content.find(UID=risk.UID())[0].risk_score, score)

    def test_changed_thresholds_re_rate_every_risk(self):
        risk = add_risk(self.container, "risk", "Thiếu cán bộ tiếp nhận", "van-phong", 2, 4)
        self.assertEqual(risk.level(), "medium")
        api.portal.set_registry_record("eiso.risk_level_medium", 9)
        api.portal.set_registry_record("eiso.risk_level_high", 16)
        self.assertEqual(risk.level(), "low")
        self.assertEqual(level_of(16), "high")
        self.assertEqual(level_of(15), "medium")
        self.assertEqual(score_range("medium"), (9, 15))
        self.assertEqual(score_range("low"), (1, 8))
        self.assertEqual(score_range("high"), (16, 25))

    def test_residual_rating(self):
        risk = add_risk(self.container, "risk", "Hồ sơ trễ hạn", "van-phong", 4, 4,
                        residual_likelihood=2, residual_impact=2)
        self.assertEqual((risk.score(), risk.level()), (16, "high"))
        self.assertEqual((risk.residual_score(), risk.residual_level()), (4, "low"))
        other = add_risk(self.container, "risk", "Chưa đánh giá lại", "van-phong", 1, 1)
        self.assertEqual((other.residual_score(), other.residual_level()), (None, None))

    def test_ratings_outside_the_scale_are_refused(self):
        from eiso.content.risk import NotOnTheScale

        for name in ("likelihood", "impact", "residual_likelihood", "residual_impact"):
            IRiskSchema[name].validate(3)
            for value in (0, 6, -1):
                with self.assertRaises(NotOnTheScale):
                    IRiskSchema[name].validate(value)

    def test_title_and_id_come_from_the_description(self):
        risk = add_risk(self.container, "risk", "Hồ sơ TTHC trả kết quả trễ hạn", "van-phong", 3, 3)
        self.assertEqual(risk.Title(), "Hồ sơ TTHC trả kết quả trễ hạn")
        self.assertEqual(risk.getId(), "ho-so-tthc-tra-ket-qua-tre-han")
        self.assertTrue(risk.code.startswith("RR-2026-"))

    def test_searchable_by_its_words(self):
        risk = add_risk(self.container, "risk", "Mất dữ liệu", "phong-cntt", 2, 5,
                        cause="Máy chủ quá cũ, không sao lưu định kỳ")
        self.assertIn(risk.UID(), [b.UID for b in api.content.find(SearchableText="sao lưu")])


class TestRoles(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.container = self.portal["co-quan-a"]["boi-canh"]

    def allowed(self):
        return [fti.getId() for fti in self.container.allowedContentTypes()]

    def test_who_adds(self):
        for user_id in ("a-secretary", "a-head"):
            login(self.portal, user_id)
            self.assertIn("Risk", self.allowed(), user_id)
        for user_id in ("a-staff", "a-leader", "a-legal", "a-records"):
            login(self.portal, user_id)
            self.assertNotIn("Risk", self.allowed(), user_id)
        login(self.portal, "b-admin")
        self.assertFalse(api.user.has_permission("eiso: Add Risk", obj=self.container))

    def test_not_addable_in_other_sections(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
            add_risk(self.portal["co-quan-a"]["tai-lieu"], "risk", "X", "van-phong", 1, 1)

    def test_head_submits_leader_approves_owner_handles(self):
        login(self.portal, "a-head")
        risk = add_risk(self.container, *RISKS[3])  # owner a-staff
        self.assertEqual(risk.responsible_users, ["a-head"])
        login(self.portal, "a-staff")
        self.assertEqual(len(api.content.find(UID=risk.UID())), 0)  # a draft
        login(self.portal, "a-head")
        api.content.transition(obj=risk, transition="submit")
        self.assertEqual(risk.responsible_users, ["a-leader"])
        login(self.portal, "a-secretary")
        self.assertNotIn("approve", [t["id"] for t in
                                     api.portal.get_tool("portal_workflow").getTransitionsFor(risk)])
        login(self.portal, "a-leader")
        api.content.transition(obj=risk, transition="approve")
        # the actions' owner handles it, by their due date
        self.assertEqual(risk.responsible_users, ["a-staff"])
        self.assertEqual(risk.due_date, DUE)
        self.assertEqual(risk.responsible_department, "phong-cntt")
        login(self.portal, "a-staff")
        self.assertTrue(api.user.has_permission("View", obj=risk))
        mine = api.content.find(responsible_users="a-staff", case_open=True, portal_type="Risk")
        self.assertEqual([b.UID for b in mine], [risk.UID()])
        api.content.transition(obj=risk, transition="apply")
        self.assertEqual(api.content.get_state(risk), "applied")
        self.assertEqual(risk.responsible_users, [])

    def test_transition_form_offers_the_owner(self):
        """"Chuyển hồ sơ" proposes the treatment's owner and due date when approving."""
        from eiso.cases.handover import default_assignment

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        risk = add_risk(self.container, *RISKS[3])
        api.content.transition(obj=risk, transition="submit")
        self.assertEqual(default_assignment(risk, "approve"), (["a-staff"], "phong-cntt", DUE))
        self.assertEqual(default_assignment(risk, "send_back")[0], [risk.Creator()])

    def test_applying_a_risk_supersedes_no_other(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        first = add_risk(self.container, *RISKS[0])
        second = add_risk(self.container, *RISKS[2])
        for risk in (first, second):
            for transition in ("submit", "approve", "apply"):
                api.content.transition(obj=risk, transition=transition)
        self.assertEqual(api.content.get_state(first), "applied")
        self.assertEqual(api.content.get_state(second), "applied")

    def test_without_owner_the_secretary_applies(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        risk = add_risk(self.container, *RISKS[4])
        api.content.transition(obj=risk, transition="submit")
        api.content.transition(obj=risk, transition="approve")
        self.assertEqual(risk.responsible_users, ["a-secretary"])

    def test_past_due_date_gives_the_default_deadline(self):
        from eiso.cases.handover import default_deadline

        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        risk = add_risk(self.container, *RISKS[0])
        risk.treatment_actions = [action_row("Rà soát", "a-head", date.today() - timedelta(days=3))]
        api.content.transition(obj=risk, transition="submit")
        api.content.transition(obj=risk, transition="approve")
        self.assertEqual(risk.responsible_users, ["a-head"])
        self.assertEqual(risk.due_date, default_deadline())

    def test_agency_b_sees_nothing(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        risk = add_risk(self.container, *RISKS[0])
        for transition in ("submit", "approve", "apply"):
            api.content.transition(obj=risk, transition=transition)
        for user_id in ("b-admin", "b-leader", "b-staff"):
            login(self.portal, user_id)
            self.assertFalse(api.user.has_permission("View", obj=risk), user_id)
            self.assertEqual(len(api.content.find(portal_type="Risk")), 0, user_id)
        login(self.portal, "a-staff")
        self.assertEqual(len(api.content.find(portal_type="Risk")), 1)


class TestRegister(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.container = self.portal["co-quan-a"]["boi-canh"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.risks = [add_risk(self.container, *risk) for risk in RISKS]
        api.content.transition(obj=self.risks[0], transition="submit")

    def register(self, name="risk-register", **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = api.content.get_view(name, self.container, self.request)
        view.params = view._params()
        return view

    def titles(self, view):
        return [row["title"] for row in view.rows(view.batch())]

    def test_rows_sorted_by_score(self):
        rows = self.register().rows(self.register().batch())
        self.assertEqual([row["score"] for row in rows], [16, 12, 10, 6, 2])
        first = rows[0]
        self.assertEqual(first["number"], 1)
        self.assertEqual(first["kind"], "Rủi ro")
        self.assertEqual((first["likelihood"], first["impact"]), (4, 4))
        self.assertEqual(first["level"], "Cao")
        self.assertIn("eiso-risk-high", first["level_class"])
        self.assertEqual(first["owner"], "Trưởng Phòng A")
        self.assertEqual(first["due"], DUE.strftime("%d/%m/%Y"))
        self.assertEqual(first["state"], "Chờ duyệt")
        self.assertEqual(first["department"], "Văn phòng")
        self.assertEqual(rows[1]["kind"], "Cơ hội")
        self.assertEqual(rows[4]["level"], "Thấp")

    def test_filters(self):
        cases = (
            ({"kind": "opportunity"}, [RISKS[3][1], RISKS[4][1]]),
            ({"department": "phong-cntt"}, [RISKS[3][1], RISKS[1][1]]),
            ({"level": "high"}, [RISKS[0][1], RISKS[3][1]]),
            ({"level": "medium"}, [RISKS[1][1], RISKS[2][1]]),
            ({"level": "low"}, [RISKS[4][1]]),
            ({"review_state": "pending"}, [RISKS[0][1]]),
            ({"kind": "risk", "level": "high"}, [RISKS[0][1]]),
            ({"likelihood": "2", "impact": "5"}, [RISKS[1][1]]),
            ({"year": "2026", "kind": "risk"}, [RISKS[0][1], RISKS[1][1], RISKS[2][1]]),
            ({"level": "extreme"}, []),
            ({"kind": "threat"}, []),
            ({"likelihood": "x"}, []),
        )
        for form, expected in cases:
            self.assertEqual(sorted(self.titles(self.register(**form))), sorted(expected), form)

    def test_level_filter_follows_changed_thresholds(self):
        api.portal.set_registry_record("eiso.risk_level_high", 16)
        self.assertEqual(self.titles(self.register(level="high")), [RISKS[0][1]])
        rows = self.register().rows(self.register().batch())
        self.assertEqual(rows[1]["level"], "Trung bình")  # 12 is medium now

    def test_heat_map_counts(self):
        add_risk(self.container, "risk", "Thiếu kinh phí bảo trì", "van-phong", 4, 4)
        grid = self.register().heat_map()
        self.assertEqual([line["likelihood"] for line in grid], [5, 4, 3, 2, 1])
        counts = {(line["likelihood"], cell["impact"]): cell["count"]
                  for line in grid for cell in line["cells"]}
        self.assertEqual(sum(counts.values()), 6)
        self.assertEqual(counts[(4, 4)], 2)
        self.assertEqual(counts[(2, 5)], 1)
        self.assertEqual(counts[(5, 5)], 0)
        cell = grid[1]["cells"][3]
        self.assertIn("eiso-risk-high", cell["class"])
        self.assertIn("likelihood=4", cell["url"])
        self.assertIn("impact=4", cell["url"])
        self.assertIn("eiso-risk-low", grid[4]["cells"][0]["class"])
        # the heat map counts what the other filters select, whatever cell is chosen
        grid = self.register(kind="opportunity", likelihood="4", impact="4").heat_map()
        counts = {(line["likelihood"], cell["impact"]): cell["count"]
                  for line in grid for cell in line["cells"]}
        self.assertEqual(sum(counts.values()), 2)
        self.assertEqual(counts[(4, 3)], 1)

    def test_pagination(self):
        for number in range(20):
            add_risk(self.container, "risk", f"Rủi ro số {number}", "van-phong", 1, 1)
        view = self.register()
        self.assertEqual(len(view.rows(view.batch())), 20)
        view = self.register(b_start="20")
        rows = view.rows(view.batch())
        self.assertEqual(len(rows), 5)
        self.assertEqual(rows[0]["number"], 21)

    def test_only_in_the_context_section(self):
        from zExceptions import NotFound

        view = api.content.get_view("risk-register", self.portal["co-quan-a"]["tai-lieu"],
                                    self.request)
        with self.assertRaises(NotFound):
            view()

    def test_export_rows(self):
        from openpyxl import load_workbook

        risk = self.risks[1]
        risk.cause = "Máy chủ cũ"
        risk.residual_likelihood, risk.residual_impact = 1, 5
        risk.reindexObject()
        view = self.register("risk-register.xlsx", kind="risk")
        data = view()
        self.assertIn("spreadsheetml", self.request.response.getHeader("Content-Type"))
        sheet = load_workbook(BytesIO(data)).active
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(header[:4], ("STT", "Mã", "Rủi ro / Cơ hội", "Mô tả"))
        self.assertIn("Mức độ", header)
        self.assertIn("Người chịu trách nhiệm (biện pháp chưa hoàn thành)", header)
        self.assertEqual(len(rows), 4)  # header and the three risks
        column = {name: index for index, name in enumerate(header)}
        self.assertEqual([row[column["Mô tả"]] for row in rows[1:]],
                         [RISKS[0][1], RISKS[1][1], RISKS[2][1]])
        second = rows[2]
        self.assertEqual(second[column["Nguyên nhân"]], "Máy chủ cũ")
        self.assertEqual(second[column["Điểm"]], 10)
        self.assertEqual(second[column["Mức độ"]], "Trung bình")
        self.assertEqual(second[column["Điểm sau xử lý"]], 5)
        self.assertEqual(second[column["Mức độ sau xử lý"]], "Trung bình")
        due = DUE.strftime("%d/%m/%Y")
        self.assertEqual(second[column["Biện pháp cụ thể"]],
                         f"1. Rà soát — Trưởng Phòng A — hạn {due}\n"
                         f"2. Báo cáo — Trưởng Phòng A — hạn {due}")
        self.assertEqual(second[column["Hạn gần nhất"]], due)


class TestSettings(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_thresholds_in_order(self):
        from eiso.controlpanel import IEisoSettings
        from zope.interface import Invalid

        class Data:
            risk_level_medium = 12
            risk_level_high = 12

        with self.assertRaises(Invalid):
            IEisoSettings.validateInvariants(Data())
        Data.risk_level_high = 13
        IEisoSettings.validateInvariants(Data())

    def test_threshold_range(self):
        from eiso.controlpanel import IEisoSettings
        from eiso.controlpanel import NotAScore

        for value in (1, 26, 0):
            with self.assertRaises(NotAScore):
                IEisoSettings["risk_level_high"].validate(value)


class TestPages(unittest.TestCase):
    """What people see in their browser, and the REST API."""

    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.container = self.portal["co-quan-a"]["boi-canh"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.analysis = api.content.create(container=self.container, type="ContextAnalysis",
                                           title="Bối cảnh tổ chức năm 2026", year=2026)
        self.risks = [add_risk(self.container, *risk) for risk in RISKS]
        logout()
        transaction.commit()

    def add_form(self, user, **values):
        page = browser(self.app, user)
        page.open(self.container.absolute_url() + "/++add++Risk")
        form = page.getForm(id="form")
        fields = {
            "form.widgets.description": "Người dân phản ánh thái độ phục vụ",
            "form.widgets.likelihood": "3",
            "form.widgets.impact": "4",
        }
        fields.update(values)
        for name, value in fields.items():
            form.getControl(name=name).value = value
        form.getControl(name="form.buttons.save").click()
        return page

    def test_secretary_adds_with_the_form(self):
        page = self.add_form("a-secretary", **{"form.widgets.kind:list": ["risk"],
                                               "form.widgets.department:list": ["van-phong"]})
        self.assertIn("/boi-canh/nguoi-dan-phan-anh-thai-do-phuc-vu", page.url)
        self.assertIn("Người dân phản ánh thái độ phục vụ", page.contents)
        self.assertIn("eiso-risk-high", page.contents)  # 3 × 4 = 12
        self.assertIn("Cao", page.contents)

    def test_bad_ratings_are_refused_in_vietnamese(self):
        for values in ({"form.widgets.likelihood": "0"}, {"form.widgets.impact": "6"}):
            page = self.add_form("a-secretary", **values)
            self.assertIn("++add++Risk", page.url)
            self.assertIn("Chọn một giá trị từ 1 đến 5.", page.contents)
        page = self.add_form("a-secretary", **{"form.widgets.description": ""})
        self.assertIn("++add++Risk", page.url)
        self.assertIn("Bắt buộc", page.contents)
        page = self.add_form("a-secretary", **{"form.widgets.residual_likelihood": "2"})
        self.assertIn("Hãy nhập cả khả năng xảy ra và mức độ ảnh hưởng sau xử lý", page.contents)
        transaction.begin()
        self.assertEqual(len(api.content.find(context=self.container, portal_type="Risk",
                                              unrestricted=True)), len(RISKS))

    def test_staff_cannot_open_the_add_form(self):
        page = browser(self.app, "a-staff")
        page.open(self.container.absolute_url() + "/++add++Risk")
        self.assertTrue(denied(page), page.url)
        self.assertNotIn('name="form.buttons.save"', page.contents)

    def test_register_page(self):
        page = browser(self.app, "a-secretary")
        page.open(self.container.absolute_url())
        page.getLink(id="eiso-risk-register-link").click()
        self.assertIn("Sổ đăng ký rủi ro và cơ hội", page.contents)
        self.assertIn("Bản đồ nhiệt", page.contents)
        self.assertIn(RISKS[0][1], page.contents)
        page.open(self.container.absolute_url() + "/@@risk-register?"
                  + urlencode({"likelihood": 2, "impact": 5}))
        self.assertIn(RISKS[1][1], page.contents)
        self.assertNotIn(RISKS[0][1], page.contents)
        page.getLink(id="eiso-risk-export").click()
        self.assertIn("spreadsheetml", page.headers["Content-Type"])
        from openpyxl import load_workbook

        rows = list(load_workbook(BytesIO(page.contents)).active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 2)  # the filters are kept

    def test_agency_b_register_shows_nothing_of_a(self):
        page = browser(self.app, "b-leader")
        page.open(self.portal["co-quan-b"]["boi-canh"].absolute_url() + "/@@risk-register")
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertNotIn(RISKS[0][1], page.contents)
        page.open(self.container.absolute_url() + "/@@risk-register.xlsx")
        self.assertNotIn("spreadsheetml", page.headers["Content-Type"])

    def test_owner_finds_the_risk_in_the_inbox(self):
        page = browser(self.app, "a-secretary")
        risk = self.risks[3]
        for user, transition in (("a-secretary", "submit"), ("a-leader", "approve")):
            session = RestSession(self.portal, user)
            response = session.post(f"/co-quan-a/boi-canh/{risk.getId()}/@workflow/{transition}")
            self.assertEqual(response.status_code, 200, response.text)
            session.close()
        page = browser(self.app, "a-staff")
        page.open(self.portal.absolute_url() + "/@@inbox")
        self.assertIn(risk.Title(), page.contents)
        self.assertIn(DUE.strftime("%d/%m/%Y"), page.contents)

    def test_owner_re_rates_the_treated_risk(self):
        risk = self.risks[0]  # owner a-head
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        for transition in ("submit", "approve"):
            api.content.transition(obj=risk, transition=transition)
        logout()
        transaction.commit()
        url = risk.absolute_url()
        for user in ("a-staff", "a-secretary"):  # neither handles it now
            page = browser(self.app, user)
            page.open(url)
            self.assertNotIn("eiso-risk-reassess", page.contents)
            page.open(url + "/@@risk-reassessment")
            self.assertNotIn("form.widgets.residual_likelihood", page.contents)
        page = browser(self.app, "a-head")
        page.open(url)
        page.getLink(id="eiso-risk-reassess").click()
        page.getControl(name="form.widgets.residual_likelihood").value = "6"
        page.getControl(name="form.widgets.residual_impact").value = "2"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Chọn một giá trị từ 1 đến 5.", page.contents)
        page.getControl(name="form.widgets.residual_likelihood").value = "2"
        page.getControl(name="form.widgets.residual_impact").value = ""
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Hãy nhập cả khả năng xảy ra", page.contents)
        transaction.begin()
        self.assertIsNone(risk.residual_likelihood)
        page.getControl(name="form.widgets.residual_impact").value = "2"
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.url, url)
        self.assertIn("Đã lưu kết quả đánh giá lại sau xử lý.", page.contents)
        self.assertIn("Sau xử lý", page.contents)
        transaction.begin()
        self.assertEqual((risk.residual_score(), risk.residual_level()), (4, "low"))

    def test_rest(self):
        session = RestSession(self.portal, "a-secretary")
        response = session.post("/co-quan-a/boi-canh", json={
            "@type": "Risk", "kind": "opportunity", "description": "Ứng dụng trí tuệ nhân tạo",
            "likelihood": 3, "impact": 3, "department": "phong-cntt",
            "context_analysis": self.analysis.UID(), "treatment_actions": [
                {"action": "Thử nghiệm trợ lý ảo", "owner": "a-staff",
                 "due_date": DUE.isoformat()}],
        })
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(response.json()["likelihood"], 3)
        response = session.post("/co-quan-a/boi-canh", json={
            "@type": "Risk", "kind": "risk", "description": "X", "likelihood": 6, "impact": 3,
        })
        self.assertEqual(response.status_code, 400)
        self.assertIn("Chọn một giá trị từ 1 đến 5.", response.json()["message"])
        # the register's query through @search: high risks (score 12 and more)
        response = session.get("/co-quan-a/@search", params={
            "portal_type": "Risk", "risk_kind": "risk", "risk_score.query": "12",
            "risk_score.range": "min", "metadata_fields": ["risk_score", "treatment_owners"]})
        self.assertEqual(response.status_code, 200, response.text)
        items = response.json()["items"]
        self.assertEqual([(i["risk_score"], i["treatment_owners"]) for i in items],
                         [(16, ["a-head"])])
        session.close()
        transaction.begin()
        risk = self.container["ung-dung-tri-tue-nhan-tao"]
        self.assertEqual(risk.context_analysis.to_object, self.analysis)
        self.assertEqual(risk.score(), 9)
        self.assertEqual(risk.treatment_actions, [action_row("Thử nghiệm trợ lý ảo", "a-staff")])


class TestControlPanel(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def test_thresholds_out_of_order_are_refused(self):
        page = browser(layer_app(self), f"{SITE_OWNER_NAME}", SITE_OWNER_PASSWORD)
        page.open(self.layer["portal"].absolute_url() + "/@@eiso-settings")
        page.getControl(name="form.widgets.risk_level_medium").value = "12"
        page.getControl(name="form.widgets.risk_level_high").value = "10"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("phải nhỏ hơn", page.contents)
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_high"), 12)
        page.getControl(name="form.widgets.risk_level_medium").value = "6"
        page.getControl(name="form.widgets.risk_level_high").value = "15"
        page.getControl(name="form.buttons.save").click()
        transaction.begin()
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_medium"), 6)
        self.assertEqual(api.portal.get_registry_record("eiso.risk_level_high"), 15)


def layer_app(test):
    return test.layer["app"]
