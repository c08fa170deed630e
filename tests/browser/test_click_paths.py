"""The main click paths of the portal, in a real browser.

Each test is one story. The functional layer gives every test a fresh copy of
the fixture, so an account created in one test does not exist in the next.
"""

from eiso import _
from eiso.content.section import SECTIONS
from eiso.testing import AGENCIES
from eiso.testing import EISO_FUNCTIONAL_TESTING
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from tests.browser.helpers import BrowserTestCase
from tests.browser.helpers import requires_browser
from tests.browser.helpers import vi


AGENCY_A = AGENCIES["co-quan-a"][0]  # Sở Thông tin và Truyền thông
AGENCY_B = AGENCIES["co-quan-b"][0]
DEPARTMENTS_A = {id: title for id, title, code in AGENCIES["co-quan-a"][2]}

NEW_USER = "nguyenvana"
NEW_FULLNAME = "Nguyễn Văn An"
NEW_PASSWORD = "matkhau2026"


@requires_browser
class TestClickPaths(BrowserTestCase):
    layer = EISO_FUNCTIONAL_TESTING

    # -- steps shared by the stories --------------------------------------

    def agencies_on_front_page(self):
        if self.driver.current_url.rstrip("/") != self.portal_url:
            self.open()
        self.wait_for("#content h1")
        return [link.text for link in self.find_all("#content .eiso-card h2 a")]

    def assertTurnedAway(self, path):
        """Opening ``path`` shows Plone's insufficient-privileges page or its login form."""
        self.open(path)
        url = self.driver.current_url
        self.assertTrue(
            "/insufficient-privileges" in url or self.find_all("input[name='__ac_name']"),
            f"{path} was shown at {url}",
        )
        self.assertNotIn(AGENCY_A, self.text("#content"))
        self.assertFalse(self.find_all("#eiso-section-to-chuc, #eiso-members"))

    def go_to_members_page(self):
        """From the front page to agency A's members page, by clicking."""
        self.open()
        self.click_link(AGENCY_A)
        self.submit("#eiso-members-link")
        self.wait_for("table#eiso-members")

    def member_row(self, user_id):
        return self.wait_for(f"#eiso-member-{user_id}")

    def member_ids(self):
        return [row.get_attribute("id") for row in self.find_all("#eiso-members tbody tr")]

    def create_account(self, user_id, fullname, email, password, department, roles):
        form = self.wait_for("form#eiso-add-member")
        details = form.find_element(By.CSS_SELECTOR, "details.eiso-add")
        if details.get_attribute("open") is None:
            self.click(form.find_element(By.CSS_SELECTOR, "summary"))
        self.fill("user_id", user_id, within=form)
        self.fill("fullname", fullname, within=form)
        self.fill("email", email, within=form)
        self.fill("password", password, within=form)
        Select(form.find_element(By.NAME, "department")).select_by_value(department)
        for role in roles:
            box = form.find_element(By.CSS_SELECTOR, f"input[name='roles:list'][value='{role}']")
            if not box.is_selected():
                self.click(box)
        self.submit("#eiso-create-account")

    # -- the stories --------------------------------------------------------

    def test_anonymous_is_asked_to_log_in(self):
        self.open()
        button = self.wait_for("#content a.btn", clickable=True)
        self.assertEqual(button.text, vi(_("Log in")))
        page = self.text()
        self.assertNotIn(AGENCY_A, page)
        self.assertNotIn(AGENCY_B, page)

        self.click_and_wait(button)
        self.wait_for("input[name='__ac_name']")
        self.wait_for("input[name='__ac_password']")

        # An agency's address leads to the login form, not to the agency.
        self.open("/co-quan-a")
        self.assertIn("/login", self.driver.current_url)
        self.wait_for("input[name='__ac_name']")
        self.assertNotIn(AGENCY_A, self.text("#content"))
        self.assertFalse(self.find_all("#eiso-section-to-chuc"))

    def test_agency_admin_manages_accounts(self):
        # The administrator logs in from the front page's button.
        self.open()
        self.click_and_wait(self.wait_for("#content a.btn", clickable=True))
        self.login("a-admin")
        self.assertEqual(self.driver.current_url.rstrip("/"), self.portal_url)  # back home
        self.assertEqual(self.agencies_on_front_page(), [AGENCY_A])

        # The agency's home page: its ten sections, in order.
        self.click_link(AGENCY_A)
        self.assertEqual(self.text("#content h1"), AGENCY_A)
        cards = self.find_all("#content li.eiso-card[id^='eiso-section-']")
        self.assertEqual(
            [card.get_attribute("id") for card in cards],
            [f"eiso-section-{section_id}" for section_id, title, description in SECTIONS],
        )
        self.assertEqual(
            [card.find_element(By.CSS_SELECTOR, "h3 a").text for card in cards],
            [vi(title) for section_id, title, description in SECTIONS],
        )
        self.screenshot("agency-home")

        # Members and roles: create an account.
        members_link = self.wait_for("#eiso-members-link", clickable=True)
        self.assertEqual(members_link.text, vi(_("Members and roles")))
        self.click_and_wait(members_link)
        self.create_account(
            NEW_USER,
            NEW_FULLNAME,
            f"{NEW_USER}@example.vn",
            NEW_PASSWORD,
            department="phong-cntt",
            roles=["IsoSecretary"],
        )
        self.assertStatusMessage(
            vi(_("Account ${user} has been created.", mapping={"user": NEW_FULLNAME}))
        )
        row = self.member_row(NEW_USER)
        self.assertIn(NEW_FULLNAME, row.text)
        department = Select(row.find_element(By.NAME, "department")).first_selected_option
        self.assertEqual(department.text, DEPARTMENTS_A["phong-cntt"])
        ticked = [
            box.get_attribute("value")
            for box in row.find_elements(By.CSS_SELECTOR, "input[name='roles:list']")
            if box.is_selected()
        ]
        self.assertEqual(ticked, ["Staff", "IsoSecretary"])
        accounts = self.member_ids()

        # The same user name again: a clear error, nothing created, input kept.
        self.create_account(
            NEW_USER,
            "Người Khác",
            "nguoikhac@example.vn",
            NEW_PASSWORD,
            department="van-phong",
            roles=["Leader"],
        )
        taken = vi(_("The user name ${user} is already taken.", mapping={"user": NEW_USER}))
        self.assertStatusMessage(taken)
        self.assertEqual(self.text("#eiso-add-member .invalid-feedback"), taken)
        self.assertEqual(
            self.wait_for("#eiso-add-member input[name='fullname']").get_attribute("value"),
            "Người Khác",
        )
        self.assertEqual(self.member_ids(), accounts)
        self.assertIn(NEW_FULLNAME, self.member_row(NEW_USER).text)
        self.assertNotIn("Người Khác", self.text("#eiso-members"))

        # The new account logs in and sees its agency only.
        self.logout()
        self.login(NEW_USER, NEW_PASSWORD)
        self.assertEqual(self.agencies_on_front_page(), [AGENCY_A])
        self.click_link(AGENCY_A)
        self.wait_for("#eiso-section-to-chuc")
        self.assertFalse(self.find_all("#eiso-members-link"))

        # The administrator disables it: the badge shows, it cannot log in.
        self.logout()
        self.login("a-admin")
        self.go_to_members_page()
        self.click_and_wait(
            self.member_row(NEW_USER).find_element(
                By.CSS_SELECTOR, "button[name='action'][value='disable']"
            )
        )
        self.assertStatusMessage(
            vi(_("Account ${user} has been disabled.", mapping={"user": NEW_FULLNAME}))
        )
        row = self.member_row(NEW_USER)
        self.assertEqual(row.find_element(By.CSS_SELECTOR, ".badge").text, vi(_("Disabled")))
        self.assertFalse(row.find_elements(By.CSS_SELECTOR, "button[value='disable']"))
        self.assertTrue(row.find_elements(By.CSS_SELECTOR, "button[value='enable']"))
        self.screenshot("agency-members")

        self.logout()
        self.assertLoginRefused(NEW_USER, NEW_PASSWORD)

    def test_staff_of_another_agency_is_kept_out(self):
        self.login("b-staff")
        self.assertEqual(self.agencies_on_front_page(), [AGENCY_B])
        self.assertTurnedAway("/co-quan-a")

    def test_admin_of_another_agency_cannot_manage_its_accounts(self):
        self.login("b-admin")
        self.assertEqual(self.agencies_on_front_page(), [AGENCY_B])
        self.assertTurnedAway("/co-quan-a/@@agency-members")
