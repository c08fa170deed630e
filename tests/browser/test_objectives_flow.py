"""Seed 002 §3 in a real browser: the ISO secretary adds the quality objectives of the
year in "Bối cảnh" (a table of objectives, rows added with the grid's own button) and
submits them; the leader approves and applies them; the secretary upgrades them to
version 2, changes a target and submits it; the leader applies version 2, which
supersedes version 1; the comparison shows the changed target; the secretary enters
the results and the agency home page draws them."""

from eiso import _
from eiso.testing import AGENCIES
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from selenium.webdriver.common.by import By
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser
from tests.browser.helpers import vi
from zope.i18n import translate

import transaction


AGENCY_A = AGENCIES["co-quan-a"][0]
TITLE = "Mục tiêu chất lượng năm 2026"
OBJECTIVES = (
    # name, target, measurement, responsible
    ("Tỷ lệ hồ sơ giải quyết đúng hạn", "98", "Thống kê phần mềm một cửa", "Văn phòng"),
    ("Mức độ hài lòng của người dân", "90", "Phiếu khảo sát", "Phòng CNTT"),
    ("Tỷ lệ văn bản được số hóa", "95", "Báo cáo quý", "Văn phòng"),
)


def version_text(number, state_title):
    """"Phiên bản 2 (Đang áp dụng)", from the translations, not typed in."""
    state = translate(state_title, domain="plone", target_language="vi")
    return vi(_("Version ${number} (${state})", mapping={"number": number, "state": state}))


@requires_browser
class TestObjectivesFlow(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    # -- steps -----------------------------------------------------------------

    def go_to_context_section(self):
        """Agency home → the "Bối cảnh" card."""
        self.open()
        self.click_link(AGENCY_A)
        card = self.wait_for("#eiso-section-boi-canh")
        self.click_and_wait(card.find_element(By.CSS_SELECTOR, "h3 a"))

    def grid_rows(self, form):
        """The objectives grid's filled-in rows: not its hidden template row, nor the
        empty row it appends (auto-append) to type a new objective into."""
        return [row for row in form.find_elements(
            By.CSS_SELECTOR, "#formfield-form-widgets-objectives tbody.datagridwidget-body > tr")
            if row.is_displayed() and "auto-append" not in row.get_attribute("class")]

    def grid_names(self, form):
        return [self.cell(row, "name").get_attribute("value") for row in self.grid_rows(form)]

    def cell(self, row, name):
        return row.find_element(
            By.CSS_SELECTOR, f"input[name$='.widgets.{name}'], textarea[name$='.widgets.{name}']")

    def type_into(self, field, value):
        field.clear()
        field.send_keys(value)

    def objective_row(self, name):
        return self.wait_for("#eiso-objectives table").find_element(
            By.XPATH, f".//tbody/tr[td[normalize-space()='{name}']]")

    def version_label(self):
        return self.text("#eiso-objectives-version")

    # -- the story -------------------------------------------------------------

    def test_objectives_versions_results_and_chart(self):
        applied = version_text(1, "Applied")
        self.login("a-secretary")
        self.go_to_context_section()
        add_label = f"{vi(_('Add'))} {vi(_('Quality objectives'))}"  # the type's title
        add = self.wait.until(lambda d: d.find_element(
            By.XPATH, f"//*[@id='content']//a[normalize-space()='{add_label}']"))
        self.click_and_wait(add)

        # The add form: year, then the table, one more row by the grid's "+" button each.
        form = self.wait_for("form#form")
        self.fill("form.widgets.title", TITLE, within=form)
        self.fill("form.widgets.year", "2026", within=form)
        for number, (name, target, measurement, responsible) in enumerate(OBJECTIVES):
            if number:
                # The "+" of the last objective ("Thêm dòng") inserts an empty row below it.
                add_row = self.grid_rows(form)[-1].find_element(
                    By.CSS_SELECTOR, "button.dgf--row-add")
                self.assertEqual(add_row.get_attribute("title"), "Thêm dòng")
                self.click(add_row)
                self.wait.until(lambda d: len(self.grid_rows(form)) == number + 1)
                row = self.grid_rows(form)[number]
            else:
                # The first objective goes into the empty row the grid starts with.
                row = self.wait_for("#formfield-form-widgets-objectives tr.auto-append")
            self.type_into(self.cell(row, "name"), name)
            self.type_into(self.cell(row, "target"), target)
            self.type_into(self.cell(row, "measurement"), measurement)
            self.type_into(self.cell(row, "responsible"), responsible)
        self.assertEqual(self.grid_names(form), [objective[0] for objective in OBJECTIVES])

        # A row added by mistake below the first one, taken out again with "Xóa dòng".
        self.click(self.grid_rows(form)[0].find_element(By.CSS_SELECTOR, "button.dgf--row-add"))
        self.wait.until(lambda d: len(self.grid_rows(form)) == 4)
        mistake = self.grid_rows(form)[1]
        self.type_into(self.cell(mistake, "name"), "Dòng nhập nhầm")
        self.assertEqual(self.grid_names(form)[:3],
                         [OBJECTIVES[0][0], "Dòng nhập nhầm", OBJECTIVES[1][0]])
        delete = mistake.find_element(By.CSS_SELECTOR, "button.dgf--row-delete")
        self.assertEqual(delete.get_attribute("title"), "Xóa dòng")
        self.click(delete)
        self.wait.until(lambda d: len(self.grid_rows(form)) == 3)
        self.assertEqual(self.grid_names(form), [objective[0] for objective in OBJECTIVES])

        # A target over 100 %: refused in Vietnamese, the table kept as typed.
        self.type_into(self.cell(self.grid_rows(form)[2], "target"), "120")
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        form = self.wait_for("form#form")
        self.assertIn("(đã nhập 120)", self.text("#formfield-form-widgets-objectives"))
        self.assertEqual(self.grid_names(form), [objective[0] for objective in OBJECTIVES])
        self.type_into(self.cell(self.grid_rows(form)[2], "target"), OBJECTIVES[2][1])
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))

        self.assertEqual(self.version_label(),
                         version_text(1, "Draft"))
        for name, target, measurement, responsible in OBJECTIVES:
            cells = [td.text for td in self.objective_row(name).find_elements(By.TAG_NAME, "td")]
            self.assertEqual(cells[1:5], [name, target, measurement, responsible])
        version_1 = self.driver.current_url.removesuffix("/view")
        self.hand_over("Trình duyệt", "Kính trình lãnh đạo")
        self.assertIn("Lãnh Đạo A", self.text("#eiso-timeline"))
        self.logout()

        # The leader approves and applies it.
        self.login("a-leader")
        self.open("/@@inbox")
        self.click_link(TITLE)
        self.assertEqual(self.driver.current_url.removesuffix("/view"), version_1)
        self.hand_over("Duyệt", "Đồng ý")
        self.hand_over("Áp dụng")
        self.assertEqual(self.version_label(), applied)
        self.logout()

        # The secretary upgrades it: version 2 opens with the same table.
        self.login("a-secretary")
        self.driver.get(version_1)
        self.wait_for_page()
        self.submit("#eiso-upgrade-version button")
        self.assertStatusMessage(vi(_(
            "Version ${number} was created from version ${previous}: edit it, then submit "
            "it for approval.", mapping={"number": 2, "previous": 1})))
        version_2 = self.driver.current_url.removesuffix("/view")
        self.assertNotEqual(version_2, version_1)
        self.assertEqual(self.version_label(), version_text(2, "Draft"))
        for name, target, measurement, responsible in OBJECTIVES:
            self.assertEqual(self.objective_row(name).find_elements(By.TAG_NAME, "td")[2].text,
                             target)
        # Version 1 stays applied until version 2 is.
        self.assertIn(applied, self.text("#eiso-objectives-versions"))

        # She edits the second objective's target from 90 to 92.
        self.click_and_wait(self.wait_for("#contentview-edit a", clickable=True))
        form = self.wait_for("form#form")
        rows = self.grid_rows(form)
        self.assertEqual([self.cell(r, "name").get_attribute("value") for r in rows],
                         [o[0] for o in OBJECTIVES])
        self.assertEqual(self.cell(rows[1], "target").get_attribute("value"), "90,0")
        self.type_into(self.cell(rows[1], "target"), "92")
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        self.assertEqual(
            self.objective_row(OBJECTIVES[1][0]).find_elements(By.TAG_NAME, "td")[2].text, "92")
        self.hand_over("Trình duyệt", "Kính trình phiên bản 2")
        self.logout()

        # The leader approves and applies version 2: version 1 is superseded.
        self.login("a-leader")
        self.open("/@@inbox")
        self.click_link(TITLE)
        self.assertEqual(self.driver.current_url.removesuffix("/view"), version_2)
        self.hand_over("Duyệt", "Đồng ý")
        self.hand_over("Áp dụng")
        self.assertEqual(self.version_label(), version_text(2, "Applied"))
        versions = self.text("#eiso-objectives-versions")
        self.assertIn(version_text(1, "Superseded"), versions)
        self.assertIn(version_text(2, "Applied"), versions)

        # "So sánh với phiên bản trước": only the second objective changed, 90 → 92.
        self.click_and_wait(self.wait_for("#eiso-version-diff", clickable=True))
        table = self.wait_for("#eiso-version-diff-table")
        # "Trước: Phiên bản 1 (Hết áp dụng) — Sau: Phiên bản 2 (Đang áp dụng)" above the table
        self.assertIn(version_text(1, "Superseded"), self.text("#content-core"))
        changed = table.find_elements(By.CSS_SELECTOR, "tbody tr[data-status='changed']")
        self.assertEqual(len(changed), 1)
        cells = [td.text for td in changed[0].find_elements(By.TAG_NAME, "td")]
        self.assertEqual(cells[:4], [OBJECTIVES[1][0], vi(_("Changed")), "90", "92"])
        self.assertEqual(
            len(table.find_elements(By.CSS_SELECTOR, "tbody tr[data-status='unchanged']")), 2)
        self.screenshot("objectives-version-diff")
        self.logout()

        # The head of a department sees the agency's set but may not enter its results.
        self.login("a-head")
        self.driver.get(version_2)
        self.wait_for_page()
        self.assertEqual(self.version_label(), version_text(2, "Applied"))
        self.assertFalse(self.find_all("#eiso-enter-results"))
        self.assertFalse(self.find_all("#eiso-upgrade-version"))
        self.logout()

        # The secretary enters the results; one objective falls short, with its cause.
        self.login("a-secretary")
        self.driver.get(version_2)
        self.wait_for_page()
        self.click_and_wait(self.wait_for("#eiso-enter-results", clickable=True))
        form = self.wait_for("form#eiso-results-form")
        self.fill("result.0", "98,5", within=form)
        self.fill("result.1", "abc", within=form)
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        # A wrong number: nothing saved, the row marked, the typed values kept.
        self.assertIn(vi(_("Enter the result as a number, e.g. 96,5.")),
                      self.text("form#eiso-results-form .invalid-feedback"))
        form = self.wait_for("form#eiso-results-form")
        self.assertEqual(form.find_element(By.NAME, "result.0").get_attribute("value"), "98,5")
        self.fill("result.1", "88", within=form)
        self.fill("cause.1", "Khảo sát quý IV chưa xong", within=form)
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        self.assertStatusMessage(vi(_("The results were saved.")))
        row = self.objective_row(OBJECTIVES[1][0])
        self.assertIn(vi(_("Not achieved")), row.text)
        self.assertIn("Khảo sát quý IV chưa xong", row.text)
        self.assertIn(vi(_("Achieved")), self.objective_row(OBJECTIVES[0][0]).text)
        self.assertIn(vi(_("Not measured yet")), self.objective_row(OBJECTIVES[2][0]).text)
        self.logout()

        # Everyone in the agency sees the achievement on its home page.
        self.login("a-staff")
        self.open()
        self.click_link(AGENCY_A)
        chart = self.wait_for("#eiso-objectives-chart")
        self.assertIn(TITLE, chart.text)
        self.assertIn(version_text(2, "Applied"), chart.text)
        bars = chart.find_elements(By.CSS_SELECTOR, ".eiso-objective-bars > div")
        self.assertEqual(len(bars), 3)
        self.assertIn("98,5 %", bars[0].text)
        self.assertIn("92 %", bars[1].text)
        self.assertIn("88 %", bars[1].text)
        self.assertIn(vi(_("not measured yet")), bars[2].text)
        result_bar = bars[1].find_elements(By.CSS_SELECTOR, ".progress-bar")[-1]
        self.assertIn("bg-warning", result_bar.get_attribute("class"))
        self.assertIn("width: 88", result_bar.get_attribute("style"))
        self.screenshot("agency-home-objectives-chart")


DEPARTMENT_SETS = {
    # department: title
    "phong-cntt": "Mục tiêu chất lượng năm 2026 của Phòng Công nghệ thông tin",
    "van-phong": "Mục tiêu chất lượng năm 2026 của Văn phòng",
}


@requires_browser
class TestDepartmentResults(BrowserTestCase):
    """The head of a department enters the results of his department's objectives, and of
    no other's."""

    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        section = portal["co-quan-a"]["boi-canh"]
        for department, title in DEPARTMENT_SETS.items():
            login(portal, "a-secretary")
            item = api.content.create(
                container=section, type="QualityObjectives", title=title, year=2026,
                department=department,
                objectives=[{"name": name, "target": float(target), "measurement": measurement,
                             "responsible": responsible}
                            for name, target, measurement, responsible in OBJECTIVES[:2]])
            for user_id, transition in (("a-secretary", "submit"), ("a-leader", "approve"),
                                        ("a-leader", "apply")):
                login(portal, user_id)
                api.content.transition(obj=item, transition=transition)
        logout()
        transaction.commit()
        super().setUp()

    def test_head_enters_the_results_of_his_department(self):
        self.login("a-head")  # head of phong-cntt
        self.open()
        self.click_link(AGENCY_A)
        # Department sets are not the agency's objectives: no chart on the home page.
        self.assertFalse(self.find_all("#eiso-objectives-chart"))
        self.click_and_wait(self.wait_for("#eiso-section-boi-canh h3 a", clickable=True))
        section_url = self.driver.current_url

        # Văn phòng's set: he reads it, he may not enter its results.
        self.click_link(DEPARTMENT_SETS["van-phong"])
        office_set = self.driver.current_url.removesuffix("/view")
        self.assertFalse(self.find_all("#eiso-enter-results"))
        self.driver.get(office_set + "/@@objective-results")
        self.wait_for_page()
        self.assertFalse(self.find_all("form#eiso-results-form"))
        self.assertTrue("/insufficient-privileges" in self.driver.current_url
                        or self.find_all("input[name='__ac_name']"), self.driver.current_url)

        # His department's set: "Cập nhật kết quả".
        self.driver.get(section_url)
        self.wait_for_page()
        self.click_link(DEPARTMENT_SETS["phong-cntt"])
        self.assertIn("Phòng Công nghệ thông tin", self.text(".eiso-details"))
        button = self.wait_for("#eiso-enter-results", clickable=True)
        self.assertEqual(button.text, vi(_("Enter results")))
        self.click_and_wait(button)
        form = self.wait_for("form#eiso-results-form")
        self.fill("result.0", "99", within=form)
        self.fill("result.1", "120", within=form)  # not a percentage
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        self.assertIn("120", self.text("form#eiso-results-form .invalid-feedback"))
        form = self.wait_for("form#eiso-results-form")
        self.fill("result.1", "85,5", within=form)
        self.fill("cause.1", "Chưa triển khai khảo sát trực tuyến", within=form)
        self.click_and_wait(form.find_element(By.NAME, "form.buttons.save"))
        self.assertStatusMessage(vi(_("The results were saved.")))
        self.assertIn("99", self.objective_row(OBJECTIVES[0][0]).text)
        self.assertIn(vi(_("Achieved")), self.objective_row(OBJECTIVES[0][0]).text)
        row = self.objective_row(OBJECTIVES[1][0])
        self.assertIn("85,5", row.text)
        self.assertIn(vi(_("Not achieved")), row.text)
        self.assertIn(vi(_(
            "Achieved ${achieved} of ${measured} measured objectives (${rate} %); "
            "${total} objectives in all.",
            mapping={"achieved": "1", "measured": "2", "rate": "50", "total": "2"})),
            self.text("#eiso-objectives-summary"))

    def objective_row(self, name):
        return self.wait_for("#eiso-objectives table").find_element(
            By.XPATH, f".//tbody/tr[td[normalize-space()='{name}']]")
