"""Front page, agency home, section listings: what each user sees."""

from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.utils import format_date
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import datetime
import re
import transaction
import unittest


class TestFormatDate(unittest.TestCase):
    def test_dd_mm_yyyy(self):
        from DateTime import DateTime

        self.assertEqual(format_date(datetime.date(2026, 3, 5)), "05/03/2026")
        self.assertEqual(format_date(datetime.datetime(2026, 3, 5, 14, 7), with_time=True), "05/03/2026 14:07")
        self.assertEqual(format_date(DateTime("2026/12/31 10:00 GMT+7")), "31/12/2026")
        self.assertEqual(format_date(None), "")


class TestBatchedListing(unittest.TestCase):
    """Every listing pages its items from ?b_start= the same way."""

    def listing(self, items, **form):
        from eiso.browser.listing import BatchedListing
        from zope.publisher.browser import TestRequest

        class Listing(BatchedListing):
            page_size = 3
            asked = 0

            def __init__(self, request):
                self.request = request

            def items(self):
                self.asked += 1
                return items

        return Listing(TestRequest(form=form))

    def test_pages_from_b_start(self):
        letters = list("abcdefgh")
        self.assertEqual(list(self.listing(letters).batch()), ["a", "b", "c"])
        batch = self.listing(letters, b_start="6").batch()
        self.assertEqual((list(batch), batch.start, batch.sequence_length), (["g", "h"], 7, 8))
        self.assertEqual(list(self.listing(letters, b_start=3).batch()), ["d", "e", "f"])

    def test_a_wrong_b_start_is_the_first_page(self):
        for wrong in ("-3", "abc", "", ["3", "6"], None):
            self.assertEqual(list(self.listing(list("abcdefgh"), b_start=wrong).batch()),
                             ["a", "b", "c"], wrong)

    def test_items_are_read_once(self):
        listing = self.listing(list("abcdefgh"))
        self.assertIs(listing.batch(), listing.batch())
        self.assertEqual(listing.asked, 1)


class TestAgencyHome(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]

    def view(self, name, context):
        return api.content.get_view(name, context, self.layer["request"])

    def test_sections_with_counts(self):
        from plone.app.testing import login

        login(self.portal, "a-staff")
        sections = self.view("agency-home", self.agency).sections()
        self.assertEqual(len(sections), 10)
        counts = {s["id"]: s["count"] for s in sections}
        self.assertEqual(counts["to-chuc"], 2)
        self.assertEqual(counts["ho-so"], 0)
        self.assertEqual(sections[0]["title"], "Tổ chức")


class TestPages(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.url = self.portal.absolute_url()

    def test_front_page_lists_only_own_agency(self):
        page = browser(self.app, "a-staff")
        page.open(self.url)
        self.assertIn("Sở Thông tin và Truyền thông", page.contents)
        self.assertNotIn("Ủy ban nhân dân huyện Bố Trạch", page.contents)

    def test_front_page_for_anonymous(self):
        page = browser(self.app)
        page.open(self.url)
        self.assertIn("Hệ thống ISO điện tử", page.contents)
        self.assertIn("Đăng nhập", page.contents)
        self.assertNotIn("Sở Thông tin và Truyền thông", page.contents)

    def test_agency_home(self):
        page = browser(self.app, "a-staff")
        page.open(self.url + "/co-quan-a")
        self.assertEqual(page.headers["status"], "200 OK")
        for text in ("Sở Thông tin và Truyền thông", "Chuyên mục", "Tổ chức", "Hồ sơ",
                     "Văn bản bên ngoài", "STTTT", 'id="eiso-section-nhan-su"'):
            self.assertIn(text, page.contents)

    def test_global_navigation_never_lists_sections_or_their_items(self):
        page = browser(self.app, "a-staff")
        page.open(self.url + "/co-quan-a")
        nav = page.contents.split('id="portal-globalnav"')[1].split("</ul>")[0]
        self.assertIn("co-quan-a", nav)
        self.assertNotIn("to-chuc", nav)
        self.assertNotIn("phong-cntt", nav)

    def test_section_listing_is_paginated(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        organisation = self.portal["co-quan-a"]["to-chuc"]
        for number in range(40):
            api.content.create(
                container=organisation, type="Department",
                title=f"Tổ công tác {number:02d}", code=f"T{number:02d}",
            )
        transaction.commit()
        page = browser(self.app, "a-staff")
        page.open(organisation.absolute_url())
        self.assertIn("Tổ công tác 00", page.contents)
        self.assertNotIn("Tổ công tác 35", page.contents)
        self.assertIn("b_start:int=30", page.contents)
        today = datetime.date.today().strftime("%d/%m/%Y")
        self.assertIn(today, page.contents)
        page.open(organisation.absolute_url() + "?b_start:int=30")
        self.assertIn("Tổ công tác 35", page.contents)
        self.assertNotIn("Tổ công tác 00", page.contents)

    def test_section_listing_offers_only_allowed_types(self):
        page = browser(self.app, "a-admin")
        page.open(self.url + "/co-quan-a/to-chuc")
        self.assertIn("++add++Department", page.contents)
        page.open(self.url + "/co-quan-a/ho-so")
        core = page.contents.split('id="content-core"')[-1]
        self.assertEqual(sorted(set(re.findall(r"\+\+add\+\+(\w+)", core))),
                         ["BorrowRequest", "DisposalProposal", "Record"])
        self.assertIn("Chưa có hồ sơ.", page.contents)
