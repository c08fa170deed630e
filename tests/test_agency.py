"""An agency is created with its ten sections; each section allows only its own types."""

from eiso.content.section import SECTION_IDS
from eiso.content.section import SECTION_TYPES
from eiso.testing import EISO_INTEGRATION_TESTING
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.base.interfaces.constrains import ISelectableConstrainTypes

import unittest


EXPECTED_SECTIONS = [
    "to-chuc", "boi-canh", "danh-gia", "van-ban", "tai-lieu",
    "ho-so", "thu-tuc", "cai-tien", "kiem-soat", "nhan-su",
]


class TestAgencyCreation(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.agency = api.content.create(
            container=self.portal, type="Agency", title="Sở Tư pháp", code="STP"
        )

    def test_sections_created_with_fixed_ids(self):
        self.assertEqual(list(self.agency.objectIds()), EXPECTED_SECTIONS)
        self.assertEqual(list(SECTION_IDS), EXPECTED_SECTIONS)

    def test_sections_are_titled_in_vietnamese(self):
        self.assertEqual(self.agency["to-chuc"].Title(), "Tổ chức")
        self.assertEqual(self.agency["ho-so"].Title(), "Hồ sơ")
        self.assertEqual(self.agency["tai-lieu"].Title(), "Tài liệu nội bộ")

    def test_agency_fields(self):
        self.assertEqual(self.agency.code, "STP")
        self.assertEqual(self.agency.portal_type, "Agency")
        self.assertEqual(self.agency.getId(), "so-tu-phap")

    def test_agency_only_in_site_root_allows_sections(self):
        allowed = [fti.getId() for fti in self.agency.allowedContentTypes()]
        self.assertEqual(allowed, ["Section"])

    def test_each_section_allows_only_its_own_types(self):
        for section_id in EXPECTED_SECTIONS:
            section = self.agency[section_id]
            allowed = sorted(fti.getId() for fti in section.allowedContentTypes())
            self.assertEqual(allowed, sorted(SECTION_TYPES[section_id]), section_id)

    def test_department_only_in_organisation(self):
        department = api.content.create(
            container=self.agency["to-chuc"], type="Department", title="Văn phòng", code="VP"
        )
        self.assertEqual(department.portal_type, "Department")
        for section_id in EXPECTED_SECTIONS[1:]:
            with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
                api.content.create(
                    container=self.agency[section_id], type="Department", title="X", code="X"
                )

    def test_no_other_types_in_sections(self):
        for portal_type in ("Document", "Folder", "Agency", "Section"):
            with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
                api.content.create(
                    container=self.agency["to-chuc"], type=portal_type, title="X"
                )

    def test_section_restrictions_cannot_be_changed_through_the_web(self):
        constraints = ISelectableConstrainTypes(self.agency["to-chuc"])
        self.assertFalse(constraints.canSetConstrainTypes())
        with self.assertRaises(ValueError):
            constraints.setLocallyAllowedTypes(["Document"])

    def test_agency_not_addable_inside_agency(self):
        with self.assertRaises((ValueError, api.exc.InvalidParameterError)):
            api.content.create(container=self.agency, type="Agency", title="X", code="X")

    def test_staff_cannot_add_agency_or_department(self):
        agency = self.portal["co-quan-a"]
        login(self.portal, "a-staff")
        self.assertFalse(api.user.has_permission("eiso: Add Agency", obj=self.portal))
        self.assertFalse(
            api.user.has_permission("eiso: Add Department", obj=agency["to-chuc"])
        )

    def test_agency_admin_can_add_department(self):
        agency = self.portal["co-quan-a"]
        login(self.portal, "a-admin")
        department = api.content.create(
            container=agency["to-chuc"], type="Department", title="Thanh tra", code="TT"
        )
        self.assertIn(department.getId(), agency["to-chuc"])


class TestDepartment(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.department = self.portal["co-quan-a"]["to-chuc"]["phong-cntt"]

    def test_fields(self):
        self.assertEqual(self.department.code, "CNTT")
        self.assertIn("a-head", self.department.members)
        self.assertIn("a-staff", self.department.members)

    def test_member_vocabulary_is_the_agency_accounts(self):
        from zope.component import getUtility
        from zope.schema.interfaces import IVocabularyFactory

        factory = getUtility(IVocabularyFactory, "eiso.AgencyMembers")
        terms = [t.value for t in factory(self.department)]
        self.assertIn("a-head", terms)
        self.assertIn("a-admin", terms)
        self.assertNotIn("b-staff", terms)

    def test_department_vocabulary(self):
        from zope.component import getUtility
        from zope.schema.interfaces import IVocabularyFactory

        factory = getUtility(IVocabularyFactory, "eiso.AgencyDepartments")
        self.assertEqual(
            [t.value for t in factory(self.portal["co-quan-a"])], ["van-phong", "phong-cntt"]
        )


class TestSectionsAreFixed(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        login(self.portal, "a-admin")

    def test_section_cannot_be_deleted_renamed_or_moved(self):
        from eiso.content.section import SectionIsFixed

        with self.assertRaises(SectionIsFixed):
            api.content.delete(obj=self.agency["ho-so"])
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        with self.assertRaises(SectionIsFixed):
            api.content.rename(obj=self.agency["ho-so"], new_id="luu-tru")
        with self.assertRaises(SectionIsFixed):
            api.content.move(source=self.agency["ho-so"], target=self.portal["co-quan-b"])
        self.assertIn("ho-so", self.agency.objectIds())

    def test_the_whole_agency_can_be_deleted_and_copied(self):
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        login(self.portal, TEST_USER_NAME)
        copy = api.content.copy(source=self.agency, target=self.portal, id="co-quan-c")
        self.assertEqual(len(copy.objectIds()), 10)
        api.content.delete(obj=copy)
        self.assertNotIn("co-quan-c", self.portal.objectIds())
