"""Agency B's accounts get nothing of agency A: over the pages, the downloads, REST,
the searches, the inbox, the dashboard and the ISO report.

One item of every type is added to agency A, with a title found nowhere else, a file
in each of its file fields and a case file when it is a case. Then B's administrator
and B's staff member open every one of our views that exists for the item — found
by name among the views eiso registers, not listed by hand — and the standard
ones (the page, @@edit, @@download, REST GET/PATCH/DELETE): each is refused and no
answer holds A's title or the file's bytes.
"""

from eiso.content.section import SECTION_TYPES
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from pathlib import Path
from plone import api
from plone.dexterity.utils import createContentInContainer
from plone.dexterity.utils import iterSchemataForType
from plone.namedfile.file import NamedBlobFile
from plone.namedfile.interfaces import INamedFileField
from zope.component import queryMultiAdapter
from zope.schema import getFieldsInOrder
from zope.schema.interfaces import ICollection

import re
import transaction
import unittest


SECRET = b"%PDF-1.4 NOI-DUNG-MAT-CUA-CO-QUAN-A"
OUTSIDERS = ("b-admin", "b-staff")
SRC = Path(__file__).resolve().parent.parent / "src" / "eiso"


def our_view_names():
    """The names of the browser pages eiso registers (in its ZCML)."""
    names = set()
    for path in SRC.rglob("*.zcml"):
        for page in re.findall(r"<browser:page\b(.*?)/>", path.read_text(encoding="utf-8"),
                               re.S):
            name = re.search(r'\bname="([^"]+)"', page)
            if name:
                names.add(name.group(1))
    return sorted(names)


def title_of(portal_type):
    return f"Mật {portal_type} của cơ quan A"


def denied_or_missing(status, url):
    return (status.startswith(("401", "403", "404"))
            or "insufficient-privileges" in url or "require_login" in url
            or "/login" in url)


class TestCrossAgency(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.items = {}
        with api.env.adopt_roles(["Manager"]):
            for section_id, types in SECTION_TYPES.items():
                for portal_type in types:
                    self.items[portal_type] = self.add(self.agency[section_id], portal_type)
            self.items["ReviewReport"] = self.add(self.items["ManagementReview"],
                                                  "ReviewReport")
        transaction.commit()

    def add(self, container, portal_type):
        item = createContentInContainer(container, portal_type, checkConstraints=False,
                                        title=title_of(portal_type),
                                        description=f"Mô tả mật {portal_type}")
        for schema in iterSchemataForType(portal_type):
            for name, field in getFieldsInOrder(schema):
                blob = NamedBlobFile(data=SECRET, filename="mat.pdf",
                                     contentType="application/pdf")
                if INamedFileField.providedBy(field):
                    setattr(item, name, blob)
                elif ICollection.providedBy(field) and INamedFileField.providedBy(
                        getattr(field, "value_type", None)):
                    setattr(item, name, [blob])
        item.reindexObject()
        return item

    def assertNothingLeaks(self, text, where):
        if isinstance(text, bytes):
            self.assertNotIn(SECRET, text, where)
            text = text.decode("utf-8", "replace")
        self.assertNotIn("của cơ quan A", text, where)
        self.assertNotIn("Mô tả mật", text, where)

    def views_of(self, item):
        request = self.layer["request"]
        from zope.interface import alsoProvides
        from eiso.interfaces import IEisoLayer

        alsoProvides(request, IEisoLayer)
        names = [name for name in our_view_names()
                 if queryMultiAdapter((item, request), name=name) is not None]
        return names + ["view", "edit", "@@edit", "@@history", "@@sharing",
                        "@@folder_contents", "@@download/file", "@@download/minutes",
                        "@@images/file", "content_status_history"]

    def test_b_opens_nothing_of_a(self):
        opened = 0
        for user_id in OUTSIDERS:
            page = browser(self.app, user_id)
            for portal_type, item in self.items.items():
                url = item.absolute_url()
                # B's administrator: every view; B's staff: the page and the downloads
                names = self.views_of(item)
                if user_id != "b-admin":
                    names = [name for name in names if name in ("view", "edit") or "file" in name
                             or "form" in name or "download" in name]
                for name in names:
                    # downloads take the file's position
                    for suffix in ("", "/0") if "file" in name or "form" in name else ("",):
                        address = f"{url}/{name}{suffix}"
                        with self.subTest(user=user_id, address=address):
                            page.open(address)
                            self.assertTrue(
                                denied_or_missing(page.headers["status"], page.url),
                                f"{page.headers['status']} {page.url}")
                            self.assertNothingLeaks(page.contents, address)
                            opened += 1
        self.assertGreater(opened, 200)

    def test_b_gets_nothing_over_rest(self):
        for user_id in OUTSIDERS:
            session = RestSession(self.portal, user_id)
            self.addCleanup(session.close)
            for portal_type, item in self.items.items():
                path = "/" + "/".join(item.getPhysicalPath()[2:])
                with self.subTest(user=user_id, portal_type=portal_type):
                    response = session.get(path)
                    self.assertIn(response.status_code, (401, 403, 404), path)
                    self.assertNothingLeaks(response.text, path)
                    for extra in ("/@workflow", "/@history", "/@sharing", "/@case-history",
                                  "/@revision", "/@document-read"):
                        response = session.get(path + extra)
                        self.assertIn(response.status_code, (401, 403, 404), path + extra)
                        self.assertNothingLeaks(response.text, path + extra)
                    response = session.patch(path, json={"title": "Sửa bởi B"})
                    self.assertIn(response.status_code, (401, 403, 404), path)
                    response = session.delete(path)
                    self.assertIn(response.status_code, (401, 403, 404), path)
                    response = session.post(path + "/@workflow/submit", json={})
                    self.assertIn(response.status_code, (401, 403, 404), path)
        transaction.begin()
        for portal_type, item in self.items.items():
            self.assertEqual(item.title, title_of(portal_type))
            self.assertIn(item.getId(), item.aq_parent.objectIds())

    def test_searches_and_overviews_show_nothing_of_a(self):
        word = "quan"  # in every title of A ("… của cơ quan A")
        addresses = [
            f"/@search?SearchableText={word}&fullobjects=1",
            f"/co-quan-b/@search?SearchableText={word}",
            f"/@search-facets?SearchableText={word}",
            f"/co-quan-b/@search-facets?SearchableText={word}",
            "/@inbox", "/co-quan-b/@inbox", "/@inbox?scope=all",
            "/co-quan-b/@agency-dashboard", "/co-quan-a/@agency-dashboard",
            "/co-quan-b/@iso-report", "/co-quan-a/@iso-report",
            "/co-quan-a/@agency-members", "/@notifications",
        ]
        pages = [
            f"/@@search?SearchableText={word}", f"/co-quan-b/@@search?SearchableText={word}",
            "/@@inbox", "/co-quan-b/@@inbox", "/co-quan-b/@@agency-dashboard",
            "/co-quan-b/@@iso-report", "/co-quan-a/@@iso-report",
            "/co-quan-a/@@iso-report.xlsx", "/co-quan-a/@@iso-report.pdf",
            "/co-quan-a/@@audit-trail.csv", "/co-quan-a/ho-so/@@risk-register.xlsx",
            "/co-quan-a/boi-canh/@@risk-register.xlsx", "/co-quan-a/nhan-su/@@staff-profiles.xlsx",
            "/@@province-overview", "/@@cong-bo-iso", "/@@overdue-cases",
            f"/@@cong-bo-iso-file/{self.items['ConformityDeclaration'].UID()}/0",
        ]
        for user_id in OUTSIDERS + (None,):  # None: an anonymous visitor
            session = RestSession(self.portal, user_id)
            self.addCleanup(session.close)
            for address in addresses:
                with self.subTest(user=user_id, address=address):
                    response = session.get(address)
                    self.assertLess(response.status_code, 500, response.text[:500])
                    self.assertNothingLeaks(response.text, address)
            page = browser(self.app, user_id)
            for address in pages:
                with self.subTest(user=user_id, address=address):
                    page.open(self.portal.absolute_url() + address)
                    self.assertFalse(page.headers["status"].startswith("5"), address)
                    self.assertNothingLeaks(page.contents, address)
        # The check can fail: A's own staff finds A's items with the same search.
        session = RestSession(self.portal, "a-staff")
        self.addCleanup(session.close)
        response = session.get(f"/@search?SearchableText={word}")
        self.assertIn(title_of("Record"), [row["title"] for row in response.json()["items"]])
