"""The procedure guides of "Thủ tục hành chính" in a real browser: a clerk at the
one-stop desk filters them by field, finds one by typing without diacritics, opens it
and prints it from its "In" button."""

from eiso import _
from eiso.content.procedure_guide import create_procedure_guide
from eiso.testing import AGENCIES
from eiso.testing import EISO_FUNCTIONAL_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser
from tests.browser.helpers import vi

import transaction


AGENCY_A = AGENCIES["co-quan-a"][0]
ICT = "Thông tin và Truyền thông"
SCIENCE = "Khoa học và Công nghệ"
# code, name, field, working days
GUIDES = (
    ("1.003021", "Cấp giấy phép xuất bản bản tin", ICT, 20),
    ("1.004486", "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ", SCIENCE, 15),
    ("2.001234", "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp", ICT, 10),
)
STEPS = [
    {"step": "Tiếp nhận hồ sơ", "responsible": "Bộ phận một cửa", "duration": "0,5 ngày",
     "output": "Phiếu hẹn trả kết quả"},
    {"step": "Thẩm định hồ sơ", "responsible": "Phòng Thông tin – Báo chí",
     "duration": "7 ngày", "output": "Tờ trình"},
]
COMPONENTS = [
    {"document": "Đơn đề nghị cấp giấy phép (Mẫu số 23)", "originals": 1, "copies": 0},
    {"document": "Đề án hoạt động trang thông tin điện tử", "originals": 1, "copies": 1},
]


@requires_browser
class TestProcedureGuides(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        portal = self.layer["portal"]
        section = portal["co-quan-a"]["thu-tuc"]
        for code, name, field, days in GUIDES:
            login(portal, "a-secretary")
            guide = create_procedure_guide(
                section, code=code, procedure_name=name, field=field, processing_days=days,
                department="phong-cntt", steps=STEPS, dossier_components=COMPONENTS)
            for user_id, transition in (("a-secretary", "submit"), ("a-leader", "approve"),
                                        ("a-leader", "apply")):
                login(portal, user_id)
                api.content.transition(obj=guide, transition=transition)
        logout()
        transaction.commit()
        super().setUp()

    def filter(self, text=None, **choices):
        form = self.wait_for("form#eiso-procedure-filters")
        if text is not None:
            self.fill("SearchableText", text, within=form)
        for name, value in choices.items():
            Select(form.find_element(By.NAME, name)).select_by_value(value)
        self.click_and_wait(form.find_element(
            By.XPATH, f".//button[normalize-space()='{vi(_('Filter'))}']"))

    def codes(self):
        return [link.text
                for link in self.find_all(".eiso-procedure-table tbody td:nth-child(2) a")]

    def test_filter_search_without_diacritics_and_print(self):
        self.login("a-staff")
        self.open()
        self.click_link(AGENCY_A)
        self.click_and_wait(self.wait_for("#eiso-section-thu-tuc h3 a", clickable=True))
        self.assertEqual(self.codes(), [guide[0] for guide in GUIDES])  # by code

        # Field.
        self.filter(field=ICT)
        self.assertEqual(self.codes(), ["1.003021", "2.001234"])
        self.assertEqual(
            {td.text for td in self.find_all(".eiso-procedure-table tbody td:nth-child(4)")},
            {ICT})

        # Words without diacritics, within the field, then in every field.
        self.filter("giay phep thiet lap trang thong tin")
        self.assertEqual(self.codes(), ["2.001234"])
        self.filter("giay chung nhan khoa hoc")
        self.assertEqual(self.codes(), [])
        self.assertIn(vi(_("No procedure guide matches these filters.")), self.text("#content"))
        self.filter(field="")
        self.assertEqual(self.codes(), ["1.004486"])
        form = self.wait_for("form#eiso-procedure-filters")
        self.assertEqual(form.find_element(By.NAME, "SearchableText").get_attribute("value"),
                         "giay chung nhan khoa hoc")

        # "Bỏ lọc", then the guide, then "In": the print version in a new tab.
        self.click_link(vi(_("Clear filters")))
        self.assertEqual(len(self.codes()), 3)
        self.filter("thiet lap trang thong tin dien tu")
        self.click_link(GUIDES[2][1])
        self.assertIn(GUIDES[2][1], self.text("h1"))
        guide_window = self.driver.current_window_handle
        self.click(self.wait_for("#eiso-procedure-print", clickable=True))
        self.wait.until(lambda d: len(d.window_handles) == 2)
        self.driver.switch_to.window(
            next(handle for handle in self.driver.window_handles if handle != guide_window))
        self.wait_for_page()
        self.assertTrue(self.driver.current_url.endswith("/@@print"))
        page = self.text("body")
        self.assertIn(AGENCY_A.upper(), page)  # the agency's name, in capitals
        self.assertIn(vi(_("Guide for handling the administrative procedure")).upper(), page)
        self.assertIn(GUIDES[2][1], page)
        self.assertIn("2.001234", page)
        self.assertIn(vi(_("${days} working days", mapping={"days": 10})), page)
        steps = self.wait_for("#eiso-procedure-steps table")
        self.assertEqual(
            [row.find_elements(By.TAG_NAME, "td")[1].text
             for row in steps.find_elements(By.CSS_SELECTOR, "tbody tr")],
            [step["step"] for step in STEPS])
        self.assertIn(COMPONENTS[1]["document"], self.text("#eiso-procedure-components"))
        self.assertFalse(self.find_all("#portal-header, #portal-footer-wrapper, .plone-toolbar"))
        self.screenshot("procedure-guide-print")
