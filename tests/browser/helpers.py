"""A headless Chromium for eiso's click-path tests, and what a user does with it.

Debian's ``chromium`` and ``chromium-driver`` packages are used as installed;
nothing is downloaded at run time: the driver's path is given to selenium's
``Service``, so selenium-manager is never asked for one.

Without them the tests are skipped, unless ``EISO_REQUIRE_BROWSER=1`` (as on CI),
where a missing browser is a failure.
"""

from eiso.testing import PASSWORD
from pathlib import Path
from plone.app.testing import PLONE_SITE_ID
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait
from zope.i18n import interpolate
from zope.i18n import translate

import os
import re
import shutil
import tempfile
import unittest


CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REQUIRE_BROWSER = os.environ.get("EISO_REQUIRE_BROWSER") == "1"
RESULTS = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT = 20  # seconds for a page or an element to turn up
WINDOW = (1366, 900)

# Without the networking flags Chromium keeps calling Google's hosts, which this
# machine's closed network refuses; a fresh profile per test keeps tests apart.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    # Bootstrap scrolls smoothly otherwise, and a click lands mid-scroll.
    "--force-prefers-reduced-motion",
    f"--window-size={WINDOW[0]},{WINDOW[1]}",
)


def missing_browser():
    """Why the browser cannot run here, or None."""
    missing = [path for path in (CHROMIUM, CHROMEDRIVER) if not os.access(path, os.X_OK)]
    if not missing:
        return None
    return (
        f"{' and '.join(missing)} not installed "
        "(apt-get install chromium chromium-driver)"
    )


def requires_browser(cls):
    """Skip a test class when Chromium is missing, unless EISO_REQUIRE_BROWSER=1."""
    reason = missing_browser()
    if reason and not REQUIRE_BROWSER:
        return unittest.skip(f"browser tests skipped: {reason}")(cls)
    return cls


def start_chromium(profile_dir):
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    # No password-manager bubbles or leak checks in the way of the login form.
    options.add_experimental_option(
        "prefs",
        {
            "credentials_enable_service": False,
            "profile.password_manager_enabled": False,
            "profile.password_manager_leak_detection": False,
        },
    )
    service = Service(
        executable_path=CHROMEDRIVER, log_output=os.path.join(profile_dir, "chromedriver.log")
    )
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(TIMEOUT)
    return driver


def vi(message):
    """The Vietnamese text of an i18n message, as the pages show it.

    Fails when the message has no Vietnamese translation: an English string on a
    page is a bug.
    """
    text = translate(message, target_language="vi")
    english = interpolate(message.default or str(message), message.mapping)
    if text == english:
        raise AssertionError(f"no Vietnamese translation for {str(message)!r} ({message.domain})")
    return text


class BrowserTestCase(unittest.TestCase):
    """One fresh Chromium per test, against the functional layer's HTTP server.

    Subclasses set ``layer`` to a layer with ``WSGI_SERVER_FIXTURE`` and are
    decorated with :func:`requires_browser`.
    """

    def setUp(self):
        reason = missing_browser()
        if reason:  # only when EISO_REQUIRE_BROWSER=1; otherwise the class is skipped
            self.fail(f"EISO_REQUIRE_BROWSER=1 but {reason}")
        self.portal_url = f"http://{self.layer['host']}:{self.layer['port']}/{PLONE_SITE_ID}"
        self.profile_dir = tempfile.mkdtemp(prefix="eiso-chromium-")
        try:
            self.driver = start_chromium(self.profile_dir)
        except Exception:
            shutil.rmtree(self.profile_dir, ignore_errors=True)
            raise
        self.wait = WebDriverWait(self.driver, TIMEOUT)

    def tearDown(self):
        try:
            if not self._passed():
                self.save_failure()
        finally:
            try:
                self.driver.quit()
            finally:
                shutil.rmtree(self.profile_dir, ignore_errors=True)

    def _passed(self):
        # unittest resets its success flag for tearDown, so ask the result.
        result = getattr(getattr(self, "_outcome", None), "result", None)
        failed = getattr(result, "failures", []) + getattr(result, "errors", [])
        return not any(test is self for test, traceback in failed)

    def save_failure(self):
        """Keep a screenshot and the HTML of the page a failing test ended on."""
        folder = RESULTS / "failures"
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", self.id())
        try:
            self.driver.save_screenshot(str(folder / f"{name}.png"))
            (folder / f"{name}.html").write_text(
                f"<!-- {self.driver.current_url} -->\n{self.driver.page_source}", encoding="utf-8"
            )
        except Exception:  # a dead browser must not hide the test's own failure
            pass

    # -- going places ---------------------------------------------------------

    def url(self, path=""):
        return f"{self.portal_url}{path}"

    def open(self, path=""):
        self.driver.get(self.url(path))
        self.wait_for_page()

    def wait_for_page(self):
        self.wait.until(lambda d: d.execute_script("return document.readyState") == "complete")

    def click(self, element):
        """Click an element as a user would: scrolled to the middle of the window first."""
        self.driver.execute_script(
            "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element
        )
        self.wait.until(EC.element_to_be_clickable(element)).click()

    def click_and_wait(self, element):
        """Click something that loads a new page, and wait until it has loaded."""
        page = self.driver.find_element(By.TAG_NAME, "html")
        self.click(element)
        self.wait.until(EC.staleness_of(page))
        self.wait_for_page()

    def click_link(self, text, within="content"):
        """Click the link reading ``text`` inside the element with id ``within``."""
        link = self.wait.until(
            EC.element_to_be_clickable(
                (By.XPATH, f"//*[@id='{within}']//a[normalize-space()='{text}']")
            )
        )
        self.click_and_wait(link)

    def submit(self, css):
        self.click_and_wait(self.wait_for(css, clickable=True))

    # -- reading the page -----------------------------------------------------

    def wait_for(self, css, clickable=False):
        condition = EC.element_to_be_clickable if clickable else EC.visibility_of_element_located
        try:
            return self.wait.until(condition((By.CSS_SELECTOR, css)))
        except TimeoutException:
            raise AssertionError(
                f"{css!r} not shown within {TIMEOUT}s on {self.driver.current_url}"
            ) from None

    def find_all(self, css, within=None):
        return (within or self.driver).find_elements(By.CSS_SELECTOR, css)

    def text(self, css="body"):
        return self.wait_for(css).text

    def status_messages(self):
        return [m.text for m in self.find_all(".portalMessage") if m.is_displayed()]

    def assertStatusMessage(self, text):
        """Plone shows ``text`` in a status message (after its "Info:" label)."""
        messages = self.status_messages()
        if not any(text in message for message in messages):
            raise AssertionError(f"no status message {text!r}, only {messages}")

    def fill(self, name, value, within=None):
        field = (within or self.driver).find_element(By.NAME, name)
        field.clear()
        field.send_keys(value)
        return field

    # -- the case engine's transition form ------------------------------------

    def hand_over(self, action_label, comment=""):
        """Xử lý → choose the action → Lưu, from the case's own page."""
        self.submit("#eiso-case-act")
        self.choose_action_and_save(action_label, comment)

    def choose_action_and_save(self, action_label, comment=""):
        """On the transition form ("Chuyển hồ sơ"): pick ``action_label``, comment, Lưu."""
        form = self.wait_for("form#eiso-case-transition")
        radio = form.find_element(
            By.XPATH, f".//label[normalize-space()='{action_label}']/preceding-sibling::input")
        self.click(radio)
        if comment:
            self.fill("comment", comment, within=form)
        self.click_and_wait(form.find_element(By.NAME, "form.save"))
        self.assertStatusMessage("Đã chuyển hồ sơ.")

    # -- who is at the keyboard -----------------------------------------------

    def submit_login_form(self, user_id, password):
        """Fill in and send Plone's login form; opens it unless it is shown already."""
        if not self.find_all("input[name='__ac_name']"):
            self.open("/login")
        form = self.wait_for("input[name='__ac_name']").find_element(By.XPATH, "ancestor::form")
        self.fill("__ac_name", user_id, within=form)
        self.fill("__ac_password", password, within=form)
        self.click_and_wait(form.find_element(By.CSS_SELECTOR, "button[name='buttons.login']"))

    def login(self, user_id, password=PASSWORD):
        self.submit_login_form(user_id, password)
        if self.driver.get_cookie("__ac") is None:
            raise AssertionError(
                f"{user_id} could not log in: {self.status_messages() or self.driver.current_url}"
            )

    def assertLoginRefused(self, user_id, password):
        self.submit_login_form(user_id, password)
        self.assertIsNone(self.driver.get_cookie("__ac"), f"{user_id} could log in")
        self.wait_for("input[name='__ac_name']")  # the form again, with Plone's error
        self.assertTrue(self.find_all(".portalMessage.statusmessage-error"))

    def logout(self):
        self.open("/logout")
        self.assertIsNone(self.driver.get_cookie("__ac"), "still logged in after /logout")

    # -- for humans -----------------------------------------------------------

    def screenshot(self, name):
        """Save a full-page PNG of the current page as test-results/<name>.png."""
        RESULTS.mkdir(parents=True, exist_ok=True)
        # Grow the window to the page's height, so fixed parts (the toolbar)
        # are drawn as on a tall screen; a page may grow once it is wider.
        for attempt in range(3):
            inner, height = self.driver.execute_script(
                "return [window.innerHeight, document.documentElement.scrollHeight]"
            )
            if inner >= height:
                break
            window = self.driver.get_window_size()
            self.driver.set_window_size(WINDOW[0], min(window["height"] + height - inner, 16000))
        path = RESULTS / f"{name}.png"
        try:
            self.driver.save_screenshot(str(path))
        finally:
            self.driver.set_window_size(*WINDOW)
        return path
