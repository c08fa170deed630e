"""Test layers of eiso: the profile installed and two agencies with a user per role.

Tests read like the user guide::

    self.login("a-secretary")   # the ISO secretary of agency A

Layers are built once; each integration test runs in a transaction that is
rolled back, each functional test in a DemoStorage stacked on the fixture.
"""

from plone.app.testing import PLONE_FIXTURE
from plone.app.testing import applyProfile
from plone.app.testing import FunctionalTesting
from plone.app.testing import IntegrationTesting
from plone.app.testing import PloneSandboxLayer
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.testing import zope as zope_testing

import os


# Compile our .po files into .mo files when Zope loads them (as zope.conf does).
os.environ.setdefault("zope_i18n_compile_mo_files", "true")

PASSWORD = "secret123"

# The profile's versions, oldest first: the last is profiles/default/metadata.xml's.
PROFILE_VERSIONS = ("1000", "1001", "1002", "1003", "1004", "1005", "1006", "1007", "1008", "1009", "1010")
PROFILE_VERSION = PROFILE_VERSIONS[-1]


def apply_demo():
    """Add the demo data as ``eiso-create-site`` and ``eiso-demo-data`` do: as Zope's
    system user, who may do anything but has no role the catalog knows of, so a
    restricted catalog search in the demo code finds nothing (as on a real site)."""
    from AccessControl.SecurityManagement import getSecurityManager
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.SecurityManagement import setSecurityManager
    from AccessControl.users import system
    from plone import api

    saved = getSecurityManager()
    newSecurityManager(None, system)
    try:
        api.portal.get_tool("portal_setup").runAllImportStepsFromProfile("profile-eiso:demo")
    finally:
        setSecurityManager(saved)


def upgrades_after(version):
    """The destinations ``listUpgrades`` lists for a site of ``version``: [("1002",), …]."""
    return [(v,) for v in PROFILE_VERSIONS[PROFILE_VERSIONS.index(version) + 1:]]

# Agency id → (title, code, departments [(id, title, code)], accounts).
# An account is (user id, full name, department id, roles besides Staff).
AGENCIES = {
    "co-quan-a": (
        "Sở Thông tin và Truyền thông",
        "STTTT",
        [("van-phong", "Văn phòng", "VP"), ("phong-cntt", "Phòng Công nghệ thông tin", "CNTT")],
        [
            ("a-admin", "Quản Trị A", "van-phong", ["Site Administrator"]),
            ("a-secretary", "Thư Ký A", "van-phong", ["IsoSecretary"]),
            ("a-leader", "Lãnh Đạo A", "van-phong", ["Leader"]),
            ("a-head", "Trưởng Phòng A", "phong-cntt", ["DepartmentHead"]),
            ("a-legal", "Văn Bản A", "van-phong", ["LegalOfficer"]),
            ("a-documents", "Tài Liệu A", "van-phong", ["DocumentController"]),
            ("a-records", "Hồ Sơ A", "van-phong", ["RecordsOfficer"]),
            ("a-hr", "Nhân Sự A", "van-phong", ["HROfficer"]),
            ("a-staff", "Nhân Viên A", "phong-cntt", []),
        ],
    ),
    "co-quan-b": (
        "Ủy ban nhân dân huyện Bố Trạch",
        "UBNDBT",
        [("van-phong", "Văn phòng HĐND và UBND", "VP")],
        [
            ("b-admin", "Quản Trị B", "van-phong", ["Site Administrator"]),
            ("b-leader", "Lãnh Đạo B", "van-phong", ["Leader"]),
            ("b-staff", "Nhân Viên B", "van-phong", []),
        ],
    ),
}


def create_agencies(portal):
    from eiso.demo import ensure_agency
    from eiso.demo import ensure_assessor

    for agency_id, (title, code, departments, accounts) in AGENCIES.items():
        ensure_agency(
            portal, agency_id, {"title": title, "code": code}, departments, accounts,
            PASSWORD, "example.vn",
        )
    ensure_assessor("assessor", "Cán Bộ Chấm Điểm", "assessor@example.vn", PASSWORD)


class EisoLayer(PloneSandboxLayer):
    defaultBases = (PLONE_FIXTURE,)

    def setUpZope(self, app, configurationContext):
        import eiso
        import plone.restapi

        self.loadZCML(package=plone.restapi)
        self.loadZCML(package=eiso)

    def setUpPloneSite(self, portal):
        # As in a site made by the classic distribution (PLONE_FIXTURE has no default chain).
        portal.portal_workflow.setDefaultChain("simple_publication_workflow")
        applyProfile(portal, "eiso:default")
        setRoles(portal, TEST_USER_ID, ["Manager"])
        create_agencies(portal)
        setRoles(portal, TEST_USER_ID, ["Member"])


EISO_FIXTURE = EisoLayer()
EISO_INTEGRATION_TESTING = IntegrationTesting(
    bases=(EISO_FIXTURE,), name="EisoLayer:IntegrationTesting"
)
EISO_FUNCTIONAL_TESTING = FunctionalTesting(
    bases=(EISO_FIXTURE, zope_testing.WSGI_SERVER_FIXTURE),
    name="EisoLayer:FunctionalTesting",
)


def browser(app, user=None, password=PASSWORD, language="vi"):
    """A test browser (no real HTTP) logged in by basic auth, reading Vietnamese.

    HTTP errors do not raise: check ``browser.headers["status"]``.
    """
    from plone.testing.zope import Browser

    result = Browser(app)
    result.handleErrors = True
    result.raiseHttpErrors = False
    result.addHeader("Accept-Language", language)
    if user:
        result.addHeader("Authorization", f"Basic {user}:{password}")
    return result


def denied(page):
    """The page was refused: Plone's login form (no role in the agency) or its
    "insufficient privileges" page (logged in, without the permission)."""
    return "insufficient-privileges" in page.url or "/login" in page.url


class RestSession:
    """requests against the functional layer's real WSGI server, as ``user``.

    ``session.get("/co-quan-a/@agency-members")`` — paths relative to the site.
    """

    def __init__(self, portal, user=None, password=PASSWORD):
        import requests

        self.base = portal.absolute_url()
        self.session = requests.Session()
        self.session.headers.update(
            {"Accept": "application/json", "Content-Type": "application/json",
             "Accept-Language": "vi"}
        )
        if user:
            self.session.auth = (user, password)

    def __getattr__(self, method):
        def call(path, **kwargs):
            return self.session.request(method.upper(), self.base + path, **kwargs)

        return call

    def close(self):
        self.session.close()


class UpgradeTestCase:
    """A mixin for the tests of an upgrade step: set the site back to the release before
    an area came, run the upgrade, check the area is there and works.

    ``set_back_to`` removes what the release brought: content types (with their
    workflow chains and their place among the sections' allowed types), workflows,
    catalog indexes and metadata columns, registry records; the permissions go back to
    Manager only; then the profile's version is set to ``version``. ``upgrade`` runs
    the upgrade steps and checks the profile reached ``PROFILE_VERSION``::

        class TestXUpgrade(UpgradeTestCase, unittest.TestCase):
            layer = EISO_INTEGRATION_TESTING

            def test_1006_to_1007(self):
                self.set_back_to("1006", types=["X"], workflows=["eiso_x_workflow"])
                self.upgrade()
                self.assertIn("X", self.types)

    Anything else of an area (actions, properties) is removed by the test itself.
    """

    def setUp(self):
        from plone import api

        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        self.types = api.portal.get_tool("portal_types")
        self.workflows = api.portal.get_tool("portal_workflow")
        self.catalog = api.portal.get_tool("portal_catalog")
        self.registry = api.portal.get_tool("portal_registry")

    def set_back_to(self, version, types=(), workflows=(), indexes=(), columns=(),
                    permissions=(), records=(), section_types=()):
        """Remove ``types`` (and their chains), ``workflows``, ``indexes``, ``columns``
        and ``records``; ``section_types`` leave the sections' allowed types;
        ``permissions`` are Manager's only; the profile is at ``version``."""
        if types:
            self.workflows.setChainForPortalTypes(tuple(types), ())
        if workflows:
            self.workflows.manage_delObjects(list(workflows))
        if types:
            self.types.manage_delObjects(list(types))
        for index in indexes:
            self.catalog.delIndex(index)
        for column in columns:
            self.catalog.delColumn(column)
        if section_types:
            section = self.types["Section"]
            section.allowed_content_types = tuple(
                name for name in section.allowed_content_types if name not in section_types)
        for permission in permissions:
            self.portal.manage_permission(permission, ["Manager"], True)
        for record in records:
            del self.registry.records[record]
        self.setup.setLastVersionForProfile("eiso:default", version)

    def upgrade(self):
        """Run the upgrade steps; the profile is then at ``PROFILE_VERSION``."""
        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"),
                         (PROFILE_VERSION,))

    def granted(self, permission):
        """The roles ``permission`` is given to on the site."""
        return [role["name"] for role in self.portal.rolesOfPermission(permission)
                if role["selected"]]

    def assertTypeWithWorkflow(self, portal_type, workflow):
        self.assertIn(portal_type, self.types)
        self.assertEqual(self.workflows.getChainForPortalType(portal_type), (workflow,))

    def uninstall(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
