"""The register of legal documents (``van-ban``): filters, sort and pages, from the catalog."""

from datetime import date
from eiso.content.legal_document import create_legal_document
from eiso.interfaces import IEisoLayer
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from zope.interface import alsoProvides

import unittest


TEXTS = (
    # number, kind, issuer, signed, field, summary
    ("19/2014/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", date(2014, 3, 5),
     "Hệ thống quản lý chất lượng (ISO)", "Áp dụng hệ thống quản lý chất lượng"),
    ("26/2014/TT-BKHCN", "Thông tư", "Bộ Khoa học và Công nghệ", date(2014, 10, 10),
     "Hệ thống quản lý chất lượng (ISO)", "Hướng dẫn thi hành Quyết định 19/2014"),
    ("61/2018/NĐ-CP", "Nghị định", "Chính phủ", date(2018, 4, 23),
     "Hành chính – Văn phòng", "Thực hiện cơ chế một cửa, một cửa liên thông"),
    ("107/2021/NĐ-CP", "Nghị định", "Chính phủ", date(2021, 12, 6),
     "Hành chính – Văn phòng", "Sửa đổi Nghị định 61/2018/NĐ-CP"),
)


class TestRegister(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.request = self.layer["request"]
        alsoProvides(self.request, IEisoLayer)
        self.section = self.portal["co-quan-a"]["van-ban"]
        login(self.portal, "a-legal")
        self.items = {}
        for number, kind, issuer, signed, field, summary in TEXTS:
            self.items[number] = create_legal_document(
                self.section, number=number, legal_kind=kind, issuer=issuer,
                signed_date=signed, field=field, summary=summary,
            )
        api.content.transition(obj=self.items["61/2018/NĐ-CP"], transition="partly_expire")
        # Agency B's register is not listed in A's.
        login(self.portal, "b-admin")
        create_legal_document(
            self.portal["co-quan-b"]["van-ban"], number="01/2020/QĐ-UBND",
            legal_kind="Quyết định", issuer="UBND huyện Bố Trạch", signed_date=date(2020, 1, 2),
        )
        login(self.portal, "a-staff")

    def listing(self, **form):
        self.request.form.clear()
        self.request.form.update(form)
        view = api.content.get_view("section-listing-van-ban", self.section, self.request)
        view.params = view._params()
        return view

    def numbers(self, **form):
        view = self.listing(**form)
        return [row["code"] for row in view.rows(view.batch())]

    def test_newest_first_by_default(self):
        self.assertEqual(
            self.numbers(),
            ["107/2021/NĐ-CP", "61/2018/NĐ-CP", "26/2014/TT-BKHCN", "19/2014/QĐ-TTg"],
        )
        self.assertEqual(self.numbers(sort="signed_asc")[0], "19/2014/QĐ-TTg")
        self.assertEqual(self.numbers(sort="bogus")[0], "107/2021/NĐ-CP")

    def test_rows(self):
        view = self.listing(legal_kind="Quyết định")
        (row,) = view.rows(view.batch())
        self.assertEqual(row["number"], 1)
        self.assertEqual(row["title"], "Quyết định 19/2014/QĐ-TTg")
        self.assertEqual(row["summary"], "Áp dụng hệ thống quản lý chất lượng")
        self.assertEqual(row["kind"], "Quyết định")
        self.assertEqual(row["issuer"], "Thủ tướng Chính phủ")
        self.assertEqual(row["signed"], "05/03/2014")
        self.assertEqual(row["effective"], "")
        self.assertEqual(row["state"], "In force")
        self.assertEqual(row["state_class"], "eiso-badge eiso-legal-in_force")

    def test_filters(self):
        self.assertEqual(self.numbers(legal_kind="Nghị định"), ["107/2021/NĐ-CP", "61/2018/NĐ-CP"])
        self.assertEqual(self.numbers(issuer="Thủ tướng Chính phủ"), ["19/2014/QĐ-TTg"])
        self.assertEqual(
            self.numbers(field="Hệ thống quản lý chất lượng (ISO)"),
            ["26/2014/TT-BKHCN", "19/2014/QĐ-TTg"],
        )
        self.assertEqual(self.numbers(year="2014"), ["26/2014/TT-BKHCN", "19/2014/QĐ-TTg"])
        self.assertEqual(self.numbers(year="abc"), [])
        self.assertEqual(self.numbers(review_state="partly_expired"), ["61/2018/NĐ-CP"])
        self.assertEqual(
            self.numbers(legal_kind="Nghị định", review_state="in_force"), ["107/2021/NĐ-CP"]
        )
        self.assertEqual(self.numbers(SearchableText="một cửa liên thông"), ["61/2018/NĐ-CP"])
        self.assertEqual(self.numbers(SearchableText="BKHCN"), ["26/2014/TT-BKHCN"])

    def test_options_come_from_the_register(self):
        options = self.listing().options()
        self.assertEqual(
            options["issuers"], ["Bộ Khoa học và Công nghệ", "Chính phủ", "Thủ tướng Chính phủ"]
        )
        self.assertEqual(options["years"], [2021, 2018, 2014])
        self.assertIn("Thông tư", options["kinds"])
        self.assertEqual([s["id"] for s in options["states"]],
                         ["in_force", "partly_expired", "expired"])

    def test_twenty_a_page(self):
        login(self.portal, "a-legal")
        for number in range(1, 23):
            create_legal_document(self.section, number=f"{number}/2025/CV-UBND",
                                  legal_kind="Công văn", signed_date=date(2025, 1, number))
        login(self.portal, "a-staff")
        view = self.listing()
        batch = view.batch()
        self.assertEqual(len(list(batch)), 20)
        self.assertEqual(batch.sequence_length, 26)
        view = self.listing(b_start="20")
        rows = view.rows(view.batch())
        self.assertEqual([row["number"] for row in rows], [21, 22, 23, 24, 25, 26])

    def test_section_listing_shows_the_register_in_van_ban_only(self):
        html = api.content.get_view("section-listing", self.section, self.request)()
        self.assertIn('id="eiso-legal-filters"', html)
        self.assertIn("19/2014/QĐ-TTg", html)
        self.assertNotIn("01/2020/QĐ-UBND", html)
        other = api.content.get_view("section-listing", self.portal["co-quan-a"]["boi-canh"],
                                     self.request)()
        self.assertNotIn('id="eiso-legal-filters"', other)
        from zExceptions import NotFound

        with self.assertRaises(NotFound):
            api.content.get_view(
                "section-listing-van-ban", self.portal["co-quan-a"]["boi-canh"], self.request
            )()

    def test_rows_are_read_from_the_catalog(self):
        # The listing wakes no object: every column is a brain's metadata.
        from Products.ZCatalog.CatalogBrains import AbstractCatalogBrain
        from unittest import mock

        with mock.patch.object(AbstractCatalogBrain, "getObject", side_effect=AssertionError), \
                mock.patch.object(AbstractCatalogBrain, "_unrestrictedGetObject",
                                  side_effect=AssertionError):
            view = self.listing(legal_kind="Nghị định")
            view.options()
            rows = view.rows(view.batch())
            html = view.index()
        self.assertEqual(len(rows), 2)
        self.assertIn("61/2018/NĐ-CP", html)
