"""Plone's own screens speak Vietnamese: our catalogs fill the gaps of plone.app.locales.

Each screen is read as a user reads it (testbrowser, ``Accept-Language: vi``).
While it renders, every msgid Plone looks up in the domains we ship is
recorded, and each must have a Vietnamese translation: a new English string on
these screens fails here with its msgid (see docs/translations.md).
"""

from contextlib import contextmanager
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import PASSWORD
from i18ndude.catalog import MessageCatalog
from io import BytesIO
from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.testing.zope import Browser
from pythongettext.msgfmt import Msgfmt
from unittest import mock
from zope.component import getUtility
from zope.i18n import translate
from zope.i18n.interfaces import ITranslationDomain
from zope.i18n.translationdomain import TranslationDomain

import ast
import eiso
import gettext
import html
import json
import re
import transaction
import unittest


LC_MESSAGES = Path(eiso.__file__).parent / "locales" / "vi" / "LC_MESSAGES"
# eiso.po is our own domain, maintained with the code; the others fill gaps.
CATALOGS = sorted(path for path in LC_MESSAGES.glob("*.po") if path.name != "eiso.po")
DOMAINS = {path.stem for path in CATALOGS}

# Looked up in our domains but rightly left as they are: technical names,
# and the title of the test site.
NOT_TO_TRANSLATE = {"ID", "UID", "TinyMCE", "Plone site"}

MISSING = "\0missing"
VARIABLE = re.compile(r"\$\{[^}]*\}|\$\w+")
STRUCTURE_OPTIONS = re.compile(r'data-pat-structure="([^"]*)"')


def unquote(po_text):
    """i18ndude keeps the escapes of the .po file (``\\"``); gettext does not."""
    return ast.literal_eval(f'"{po_text}"')


def english_left(looked_up):
    """The msgids (domain, msgid) no Vietnamese catalog translates."""
    return sorted(
        (domain, msgid)
        for domain, msgid in looked_up
        if domain in DOMAINS
        and msgid not in NOT_TO_TRANSLATE
        # Text that is already Vietnamese is sometimes translated again.
        and msgid.isascii()
        and translate(msgid, domain=domain, target_language="vi", default=MISSING)
        == MISSING
    )


@contextmanager
def msgids_looked_up():
    """Collect the (domain, msgid) of every lookup in a translation domain."""
    looked_up = set()
    with mock.patch.object(
        TranslationDomain,
        "translate",
        autospec=True,
        side_effect=TranslationDomain.translate,
    ) as lookup:
        yield looked_up
        looked_up.update(
            (call.args[0].domain, str(call.args[1])) for call in lookup.call_args_list
        )


class TestCatalogFiles(unittest.TestCase):
    """Every catalog compiles as Zope compiles it and translates every entry."""

    def test_there_are_catalogs(self):
        self.assertTrue({"plone", "widgets", "z3c.form", "zope"} <= DOMAINS)

    def test_catalogs_compile_with_every_entry(self):
        for path in CATALOGS:
            with path.open("rb") as po:
                compiled = gettext.GNUTranslations(BytesIO(Msgfmt(po, path.stem).get()))
            catalog = MessageCatalog(filename=str(path))
            self.assertTrue(catalog, path.name)
            for msgid, entry in catalog.items():
                self.assertEqual(
                    compiled.gettext(unquote(msgid)), unquote(entry.msgstr), (path.name, msgid)
                )

    def test_no_empty_or_fuzzy_translation(self):
        for path in CATALOGS:
            catalog = MessageCatalog(filename=str(path))
            empty = [msgid for msgid, entry in catalog.items() if not entry.msgstr.strip()]
            self.assertEqual(empty, [], path.name)
            self.assertNotIn("#, fuzzy", path.read_text(encoding="utf-8"), path.name)

    def test_variables_kept(self):
        for path in CATALOGS:
            catalog = MessageCatalog(filename=str(path))
            for msgid, entry in catalog.items():
                source = catalog.getDefault(msgid) or msgid
                with self.subTest(path.name, msgid=msgid):
                    self.assertEqual(
                        sorted(VARIABLE.findall(entry.msgstr)), sorted(VARIABLE.findall(source))
                    )


class TestPrecedence(unittest.TestCase):
    """plone.app.locales is consulted first; ours only where it has nothing."""

    layer = EISO_FUNCTIONAL_TESTING

    def test_our_catalog_is_consulted_last(self):
        for domain in ("plone", "widgets"):
            catalogs = getUtility(ITranslationDomain, domain).getCatalogsInfo()["vi"]
            self.assertGreater(len(catalogs), 1, domain)
            self.assertEqual(catalogs[-1], str(LC_MESSAGES / f"{domain}.mo"), domain)

    def test_empty_msgstr_falls_through_to_ours(self):
        # plone.app.locales has msgid "Save" with msgstr "".
        self.assertEqual(translate("Save", domain="plone", target_language="vi"), "Lưu")

    def test_existing_translations_unchanged(self):
        for msgid, vietnamese in (
            ("Sharing", "Chia sẻ"),
            ("Log out", "Đăng xuất"),
            ("label_schema_default", "Mặc định"),
        ):
            self.assertEqual(translate(msgid, domain="plone", target_language="vi"), vietnamese)

    def test_our_workflow_in_the_plone_domain(self):
        for msgid, vietnamese in (
            ("eiso: agency internal", "eiso: nội bộ cơ quan"),
            ("Internal", "Nội bộ"),
            ("Visible to the staff of the agency.", "Chỉ cán bộ của cơ quan được xem."),
            (
                "Agencies, their sections and departments: "
                "visible to the agency's own staff only.",
                "Cơ quan, các chuyên mục và phòng ban: chỉ cán bộ của cơ quan được xem.",
            ),
        ):
            self.assertEqual(translate(msgid, domain="plone", target_language="vi"), vietnamese)

    def test_domains_without_vi_in_plone(self):
        self.assertEqual(
            translate("Required input is missing.", domain="zope", target_language="vi"),
            "Chưa nhập thông tin bắt buộc.",
        )
        self.assertEqual(
            translate("Constraint not satisfied", domain="zope", target_language="vi"),
            "Giá trị không thỏa mãn điều kiện",
        )
        self.assertEqual(
            translate("There were some errors.", domain="z3c.form", target_language="vi"),
            "Biểu mẫu còn lỗi, vui lòng kiểm tra lại.",
        )
        self.assertEqual(
            translate(
                "The system could not process the given value.",
                domain="z3c.form",
                target_language="vi",
            ),
            "Hệ thống không xử lý được giá trị đã nhập.",
        )


class TestScreens(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal_url = self.layer["portal"].absolute_url()

    def browser(self, user=None, password=PASSWORD):
        browser = Browser(self.layer["app"])
        browser.handleErrors = False
        browser.addHeader("Accept-Language", "vi")
        if user:
            browser.addHeader("Authorization", f"Basic {user}:{password}")
        return browser

    def manager(self):
        return self.browser(SITE_OWNER_NAME, SITE_OWNER_PASSWORD)

    def assertShows(self, browser, *texts):
        missing = [text for text in texts if text not in browser.contents]
        if missing:
            self.fail(f"{missing} not on {browser.url}")

    def assertAllVietnamese(self, looked_up):
        self.assertTrue(looked_up, "no msgid recorded: is the recording broken?")
        self.assertEqual(english_left(looked_up), [])

    def test_login_form(self):
        browser = self.browser()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/login")
            self.assertShows(browser, "Tên đăng nhập", "Mật khẩu", "Không đăng nhập được?")
            browser.getControl(name="__ac_name").value = "a-staff"
            browser.getControl(name="__ac_password").value = "wrong"
            browser.getControl(name="buttons.login").click()
            self.assertShows(browser, "Lỗi:", "Đăng nhập không thành công")
            browser.open(self.portal_url + "/@@login-help")
            self.assertShows(browser, "Đặt lại mật khẩu", "Nhận tên đăng nhập")
        self.assertAllVietnamese(looked_up)

    def test_edit_form_buttons_and_messages(self):
        browser = self.manager()
        url = self.portal_url + "/co-quan-a/to-chuc/van-phong/edit"
        with msgids_looked_up() as looked_up:
            browser.open(url)
            self.assertEqual(browser.getControl(name="form.buttons.save").value, "Lưu")
            self.assertEqual(browser.getControl(name="form.buttons.cancel").value, "Hủy bỏ")
            self.assertShows(browser, "Thiết lập", "Tên rút gọn")
            browser.getControl(name="form.buttons.cancel").click()
            self.assertShows(browser, "Đã hủy chỉnh sửa")
            browser.open(url)
            browser.getControl(name="form.buttons.save").click()
            self.assertShows(browser, "Đã lưu các thay đổi")
        self.assertAllVietnamese(looked_up)

    def test_add_form_fieldsets_and_item_created(self):
        browser = self.manager()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/++add++Document")
            self.assertShows(
                browser, "Tóm tắt", "Thiết lập", "Phân loại", "Thời hạn", "Quyền sở hữu",
                "Ghi chú thay đổi",
            )
            browser.getControl(name="form.widgets.IDublinCore.title").value = "Quy chế"
            browser.getControl(name="form.buttons.save").click()
            self.assertShows(browser, "Đã tạo mục mới")
        self.assertAllVietnamese(looked_up)

    def test_required_field_error_on_add_form(self):
        browser = self.manager()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/co-quan-a/to-chuc/++add++Department")
            browser.getControl(name="form.buttons.save").click()
            self.assertShows(
                browser, "Chưa nhập thông tin bắt buộc.", "Biểu mẫu còn lỗi, vui lòng kiểm tra lại"
            )
            self.assertNotIn("Required input is missing.", browser.contents)
        self.assertAllVietnamese(looked_up)

    def test_sharing_page(self):
        browser = self.manager()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/co-quan-a/@@sharing")
            self.assertShows(
                browser, "Chia sẻ", "Theo mặc định, mục này thừa kế các quyền", "Lưu", "Hủy bỏ"
            )
        self.assertAllVietnamese(looked_up)

    def test_search_page(self):
        browser = self.manager()
        with msgids_looked_up() as looked_up:
            # eiso's search page (eiso.browser.search) replaces Plone's.
            browser.open(self.portal_url + "/@@search?SearchableText=van")
            self.assertShows(
                browser, "Tìm thấy", "kết quả", "Lọc kết quả", "Loại", "Sắp xếp theo",
                "Mức độ phù hợp", "Mới cập nhật trước", "Tiêu đề A–Z", "Từ cần tìm, có dấu",
            )
        self.assertAllVietnamese(looked_up)

    def test_toolbar_and_workflow_menu(self):
        with api.env.adopt_user(username=SITE_OWNER_NAME):
            api.content.create(
                container=api.portal.get(), type="Document", id="quy-che", title="Quy chế"
            )
        transaction.commit()
        browser = self.manager()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/co-quan-a/to-chuc/van-phong")
            self.assertShows(
                browser, "Trạng thái:", "Nội bộ", "Thao tác", "Quản lý địa chỉ URL",
                "Đăng xuất", "Tùy chọn cá nhân", "Cài đặt hệ thống", 'aria-label="Ghim"',
            )
            browser.open(self.portal_url + "/quy-che")
            self.assertShows(browser, "Phát hành", "Gửi đi để phát hành", "Nâng cao...")
            browser.open(self.portal_url + "/co-quan-a")
            self.assertShows(browser, "Thành viên và vai trò", "Tạo thêm...", "Hiển thị")
            self.assertShows(browser, "Trang cơ quan")  # the Display menu
            browser.open(self.portal_url + "/co-quan-a/to-chuc")
            self.assertShows(browser, "Danh sách chuyên mục")
        self.assertAllVietnamese(looked_up)

    def test_footer_and_logged_out_page(self):
        browser = self.browser()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url)
            self.assertShows(browser, "Xây dựng trên nền Plone", "thuộc về")
            browser.open(self.portal_url + "/login")
            browser.getControl(name="__ac_name").value = "a-staff"
            browser.getControl(name="__ac_password").value = PASSWORD
            browser.getControl(name="buttons.login").click()
            self.assertShows(browser, "Chào mừng! Bạn đã đăng nhập.")
            browser.open(self.portal_url + "/logout")
            self.assertShows(browser, "Bạn đã đăng xuất.")
        self.assertAllVietnamese(looked_up)

    def test_personal_preferences_and_password(self):
        browser = self.browser("a-staff")
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/@@personal-information")
            self.assertShows(browser, "Thông tin cá nhân")
            browser.open(self.portal_url + "/@@personal-preferences")
            self.assertShows(browser, "Trình soạn thảo", "Múi giờ")
            browser.open(self.portal_url + "/@@change-password")
            browser.getControl(name="form.buttons.reset_passwd").click()
            self.assertShows(browser, "Chưa nhập thông tin bắt buộc.", "Mật khẩu phải có ít nhất")
        self.assertAllVietnamese(looked_up)

    def test_folder_contents(self):
        browser = self.manager()
        with msgids_looked_up() as looked_up:
            browser.open(self.portal_url + "/co-quan-a/folder_contents")
            # Columns and buttons reach the structure pattern as JSON options.
            options = json.loads(html.unescape(STRUCTURE_OPTIONS.search(browser.contents)[1]))
            self.assertEqual(options["availableColumns"]["CreationDate"], "Ngày tạo")
            self.assertEqual(options["availableColumns"]["ModificationDate"], "Cập nhật lần cuối")
            buttons = {button["id"]: button for button in options["buttons"]}
            self.assertEqual(buttons["delete"]["form"]["title"], "Xóa các mục đã chọn")
            browser.open(self.portal_url + "/co-quan-a/@@fc-contextInfo")
        self.assertAllVietnamese(looked_up)

    def test_folder_contents_javascript_catalogs(self):
        # The structure pattern loads the widgets domain, and translates the
        # review_state column in the plone domain.
        browser = self.manager()
        browser.open(self.portal_url + "/plonejsi18n?domain=widgets&language=vi")
        widgets = json.loads(browser.contents)
        self.assertEqual(widgets["Cancel selection"], "Bỏ chọn")
        self.assertEqual(widgets["Upload files"], "Tải tập tin lên")
        self.assertEqual(widgets["Actions"], "Hành động")  # plone.app.locales' own
        browser.open(self.portal_url + "/plonejsi18n?domain=plone&language=vi")
        plone = json.loads(browser.contents)
        self.assertEqual(plone["internal"], "Nội bộ")
        self.assertEqual(plone["Save"], "Lưu")
        self.assertEqual(plone["Sharing"], "Chia sẻ")
