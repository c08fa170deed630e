"""At run time, real accounts on real items have what the workflows' specifications say.

``test_workflow_specifications`` compares each definition.xml with its
specification.md. Here, for every workflow, an item of a type bound to it is added
to agency A and put in each state in turn; then, for each account of A (one per
role), the administrator of agency B and an anonymous visitor, the permissions
the specification's table of that state lists and the transitions the user is
offered are compared with what the table and the transition table say. The
expected matrix is read from the specification files, never copied here.
"""

from eiso.testing import AGENCIES
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.specification import parse
from eiso.workflows.specification import parse_transitions
from eiso.workflows.specification import specification_files
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.dexterity.utils import createContentInContainer

import unittest


# Where an item of each type is added in an agency (a review report: in a review).
def _section_of(portal_type):
    from eiso.content.section import SECTION_TYPES

    for section_id, types in SECTION_TYPES.items():
        if portal_type in types:
            return section_id
    return None


# Roles everyone has besides those of the agency (none on A for B's accounts).
BASE_ROLES = {"Authenticated", "Member"}
OUTSIDERS = ("b-admin", None)  # None: anonymous


def expected_roles(user_id):
    """The roles an account holds on agency A's items, from the test accounts' table."""
    if user_id is None:
        return {"Anonymous"}
    for agency_id, (_t, _c, _d, accounts) in AGENCIES.items():
        for account, _name, _department, roles in accounts:
            if account == user_id:
                if agency_id != "co-quan-a":
                    return set(BASE_ROLES)
                return BASE_ROLES | {"Staff"} | set(roles)
    raise KeyError(user_id)


def accounts_of_a():
    return [account[0] for account in AGENCIES["co-quan-a"][3]]


class TestRuntimeMatrix(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.workflows = api.portal.get_tool("portal_workflow")
        setRoles(self.portal, TEST_USER_ID, ["Manager"])

    def item_for(self, workflow_id):
        """A new item in agency A of the first type bound to ``workflow_id``."""
        chains = dict(self.workflows.listChainOverrides())
        types = sorted(t for t, chain in chains.items() if workflow_id in chain)
        self.assertTrue(types, f"no type uses {workflow_id}")
        portal_type = types[0]
        if portal_type == "Agency":
            return self.agency
        if portal_type == "ReviewReport":
            container = createContentInContainer(
                self.agency["danh-gia"], "ManagementReview", checkConstraints=False,
                title="Xem xét của lãnh đạo")
        else:
            container = self.agency[_section_of(portal_type)]
        return createContentInContainer(container, portal_type, checkConstraints=False,
                                        title=f"Mục {portal_type}")

    def put_in_state(self, workflow, item, state):
        status = dict(self.workflows.getStatusOf(workflow.getId(), item) or {})
        status.update(review_state=state, action=None, actor="test")
        self.workflows.setStatusOf(workflow.getId(), item, status)
        workflow.updateRoleMappingsFor(item)
        item.reindexObjectSecurity()

    def login_as(self, user_id):
        if user_id is None:
            logout()
        else:
            login(self.portal, user_id)

    def roles_on(self, user_id, item):
        if user_id is None:
            return {"Anonymous"}
        return set(api.user.get_roles(username=user_id, obj=item))

    def check_workflow(self, workflow_id, path):
        text = path.read_text(encoding="utf-8")
        matrix = parse(text)
        transitions = parse_transitions(text)
        workflow = self.workflows[workflow_id]
        item = self.item_for(workflow_id)
        problems = []
        users = accounts_of_a() + list(OUTSIDERS)
        for state, permissions in matrix.items():
            login(self.portal, TEST_USER_NAME)
            self.put_in_state(workflow, item, state)
            for user_id in users:
                roles = self.roles_on(user_id, item)
                # The agency's roles, and those given on the item itself (the
                # handler of a new case is its CaseHandler).
                expected = expected_roles(user_id)
                if user_id is not None:
                    expected |= set(item.get_local_roles_for_userid(user_id))
                if roles != expected:
                    problems.append(f"{state}: {user_id} has roles {sorted(roles)}, "
                                    f"expected {sorted(expected)}")
                    continue
                self.login_as(user_id)
                granted = {}
                for permission, cells in permissions.items():
                    expected = any(cells.get(role) for role in roles)
                    actual = bool(api.user.has_permission(permission, obj=item))
                    granted[permission] = actual
                    if actual != expected:
                        problems.append(f"{state}: {user_id or 'anonymous'} "
                                        f"{'has' if actual else 'lacks'} {permission!r}")
                offered = {t["id"] for t in self.workflows.getTransitionsFor(item)}
                allowed = set()
                for transition_id, guard in transitions.items():
                    if state not in guard["from"]:
                        continue
                    if guard["roles"] and not roles & guard["roles"]:
                        continue
                    if guard["permissions"] and not any(
                        granted[p] if p in granted
                        else api.user.has_permission(p, obj=item)
                        for p in guard["permissions"]
                    ):
                        continue
                    allowed.add(transition_id)
                if offered != allowed:
                    problems.append(f"{state}: {user_id or 'anonymous'} is offered "
                                    f"{sorted(offered)}, specified {sorted(allowed)}")
        return problems

    def test_every_workflow_at_run_time(self):
        checked = 0
        for workflow_id, path in specification_files():
            with self.subTest(workflow=workflow_id):
                self.assertEqual(self.check_workflow(workflow_id, path), [])
                checked += 1
        self.assertGreaterEqual(checked, 18)

    def test_a_wrong_cell_is_found(self):
        """The check can fail: an item whose permissions were changed by hand."""
        workflow_id, path = [(w, p) for w, p in specification_files()
                             if w == "eiso_record_workflow"][0]
        original = parse

        def tampered(text):
            matrix = original(text)
            matrix["active"]["Modify portal content"]["Staff"] = True
            return matrix

        import tests.test_security_matrix as module

        module.parse = tampered
        try:
            problems = self.check_workflow(workflow_id, path)
        finally:
            module.parse = original
        self.assertIn("active: a-staff lacks 'Modify portal content'", problems)
