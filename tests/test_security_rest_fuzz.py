"""Bad requests to our REST services and to the standard POST/PATCH of our types —
malformed JSON, a list for an object, wrong types, missing fields, huge strings —
are answered 4xx with a message, never 500, and write nothing."""

from eiso.content.section import SECTION_TYPES
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.testing import SITE_OWNER_PASSWORD
from plone.dexterity.utils import createContentInContainer

import json
import transaction
import unittest


HUGE = "x" * 2_000_000
BAD_BODIES = {
    "malformed JSON": "{not json",
    "a list": "[1, 2, 3]",
    "a string": '"title"',
    "wrong types": json.dumps({"title": 123, "year": "năm nay", "user_id": ["a"],
                               "department": {"x": 1}, "comment": 5, "records": "x",
                               "date": "hôm qua", "action": 7, "ids": "all"}),
    "huge strings": json.dumps({"title": HUGE, "user_id": HUGE, "comment": HUGE,
                                "action": HUGE, "fullname": HUGE}),
    "nulls": json.dumps({"title": None, "user_id": None, "action": None, "year": None}),
}


NOT_JSON_OBJECTS = ("malformed JSON", "a list", "a string")


class TestRestFuzz(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = self.layer["app"]
        agency = self.portal["co-quan-a"]
        with api.env.adopt_roles(["Manager"]):
            self.document = createContentInContainer(
                agency["tai-lieu"], "ControlledDocument", checkConstraints=False,
                title="Quy trình kiểm soát tài liệu")
            self.case = createContentInContainer(
                agency["kiem-soat"], "Nonconformity", checkConstraints=False,
                title="Sự không phù hợp")
            self.items = {
                portal_type: createContentInContainer(
                    agency[section], portal_type, checkConstraints=False,
                    title=f"Mục {portal_type}")
                for section, types in SECTION_TYPES.items() for portal_type in types
            }
        transaction.commit()

    def path(self, item):
        return "/" + "/".join(item.getPhysicalPath()[2:])

    def last_transaction(self):
        transaction.begin()
        return self.app._p_jar.db().lastTransaction()

    def session(self, user=None):
        session = (RestSession(self.portal, user) if user
                   else RestSession(self.portal, SITE_OWNER_NAME, SITE_OWNER_PASSWORD))
        self.addCleanup(session.close)
        return session

    def check(self, session, method, path, problems, bodies=BAD_BODIES):
        """Never 500; a body that is not a JSON object is refused; wrong types and
        huge strings are refused or ignored (a PATCH ignores the keys its type
        lacks), never written; any 4xx has a message and writes nothing."""
        for kind, body in bodies.items():
            before = self.last_transaction()
            response = getattr(session, method.lower())(path, data=body.encode("utf-8"))
            where = f"{method} {path} with {kind}"
            written = self.last_transaction() != before
            status = response.status_code
            if status >= 500:
                problems.append(f"{where}: {status} {response.text[:300]}")
            elif status < 400:
                if kind in NOT_JSON_OBJECTS:
                    problems.append(f"{where}: accepted ({status})")
                elif written and kind in ("wrong types", "huge strings"):
                    problems.append(f"{where}: accepted and written ({status})")
            elif written:
                problems.append(f"{where}: {status} but written")
            elif "message" not in response.text:
                problems.append(f"{where}: {status} without a message")

    def test_our_services(self):
        problems = []
        owner = self.session()
        document, case = self.path(self.document), self.path(self.case)
        for method, path in (
            ("POST", "/co-quan-a/@agency-members"), ("PATCH", "/co-quan-a/@agency-members"),
            ("POST", f"{document}/@revision"), ("DELETE", f"{document}/@revision"),
            ("POST", f"{document}/@document-read"), ("POST", f"{document}/@workflow/submit"),
            ("POST", "/co-quan-a/thu-tuc/@service-statistics-import"),
            ("POST", f"{case}/@workflow/assign"), ("POST", "/@reminders"),
        ):
            self.check(owner, method, path, problems)
        self.check(self.session("a-staff"), "POST", "/@notifications", problems)
        self.assertEqual(problems, [])

    def test_workflow_comment_is_text_of_a_sane_length(self):
        owner = self.session()
        for item in (self.case, self.document, self.items["Risk"]):
            path = self.path(item) + "/@workflow/submit"
            for comment in (5, ["a"], HUGE):
                with self.subTest(path=path, comment=str(comment)[:10]):
                    before = self.last_transaction()
                    response = owner.post(path, json={"comment": comment})
                    self.assertEqual(response.status_code, 400)
                    self.assertIn("comment", response.json()["error"]["message"])
                    self.assertEqual(self.last_transaction(), before)

    def test_get_services_with_bad_parameters(self):
        problems = []
        owner = self.session()
        for path in ("/@inbox", "/co-quan-a/@inbox", "/@search-facets", "/co-quan-a/@agency-dashboard",
                     "/co-quan-a/@iso-report", f"{self.path(self.case)}/@case-history",
                     "/co-quan-a/@agency-members", "/@notifications"):
            for query in ("?b_size=abc&b_start=-5", "?year=năm&scope=%00", "?b_size=99999999",
                          "?year=99999999999999999999", "?sort_on=__class__&state:list=x"):
                response = owner.get(path + query)
                if response.status_code >= 500:
                    problems.append(f"GET {path}{query}: {response.status_code} "
                                    f"{response.text[:300]}")
        self.assertEqual(problems, [])

    def test_add_and_edit_our_types(self):
        problems = []
        owner = self.session()
        for portal_type, item in sorted(self.items.items()):
            section = self.path(item.aq_parent)
            typed = {kind: body if kind in NOT_JSON_OBJECTS
                     else json.dumps(dict(json.loads(body), **{"@type": portal_type}))
                     for kind, body in BAD_BODIES.items()}
            # Adding: every bad body is refused (a type needs its fields).
            for kind, data in typed.items():
                before = self.last_transaction()
                response = owner.post(section, data=data.encode("utf-8"))
                written = self.last_transaction() != before
                if response.status_code >= 500 or response.status_code < 400 or written:
                    problems.append(f"POST {portal_type} with {kind}: {response.status_code}"
                                    f"{' written' if written else ''} {response.text[:200]}")
            self.check(owner, "PATCH", self.path(item), problems)
        self.assertEqual(problems, [])
