"""The 1007 upgrade brings one-stop-shop statistics to a site of release 1006;
uninstalling removes their type and workflow."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import UpgradeTestCase
from plone import api
from plone.app.testing import login

import unittest


TYPE = "ServiceStatistics"
WORKFLOW = "eiso_statistics_workflow"
PERMISSION = "eiso: Add ServiceStatistics"


class TestStatisticsUpgrade(UpgradeTestCase, unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def make_it_a_1006_site(self):
        self.set_back_to("1006", types=[TYPE], workflows=[WORKFLOW], section_types=[TYPE],
                         permissions=[PERMISSION])

    def test_1006_to_1007_installs_statistics(self):
        self.make_it_a_1006_site()
        self.assertNotIn(TYPE, self.types)
        self.upgrade()
        self.assertTypeWithWorkflow(TYPE, WORKFLOW)
        self.assertIn("IsoSecretary", self.granted(PERMISSION))
        # The area works on the upgraded site: the secretary imports a month.
        from eiso.statistics.importer import import_file

        login(self.portal, "a-secretary")
        section = self.portal["co-quan-a"]["thu-tuc"]
        data = ("Năm,Tháng,Lĩnh vực,Tiếp nhận,Đúng hạn,Trễ hạn,Đang giải quyết\n"
                "2025,4,Tư pháp,10,7,1,2\n").encode()
        result = import_file(section, "so-lieu.csv", data)
        self.assertEqual(result.errors, [])
        self.assertEqual(api.content.get_state(result.created[0]), "recorded")
        self.assertEqual(result.created[0].totals()["rate"], 87.5)

    def test_uninstall_removes_the_type(self):
        self.uninstall()
        self.assertNotIn(TYPE, self.types)
        self.assertNotIn(WORKFLOW, self.workflows)
