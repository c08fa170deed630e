"""Upgrade 1005 converts the risks of release 1004 (plain lines, one owner and one due
date) to the table of treatment actions, each with its owner and due date."""

from datetime import date
from datetime import timedelta
from eiso.content.risk import create_risk
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.testing import PROFILE_VERSION
from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID

import unittest


OLD_COLUMNS = ("treatment_owner", "treatment_due_date")
NEW_COLUMNS = ("treatment_owners", "treatment_next_due")
DUE = date.today() + timedelta(days=30)


class TestTreatmentUpgrade(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        setRoles(self.portal, TEST_USER_ID, ["Manager"])
        self.setup = api.portal.get_tool("portal_setup")
        self.section = self.portal["co-quan-a"]["boi-canh"]

    def old_risk(self, description, lines, owner=None, due=None, creator="a-head", **fields):
        """A risk as release 1004 stored it."""
        risk = create_risk(self.section, kind="risk", description=description,
                           likelihood=3, impact=3, year=2026, **fields)
        risk.setCreators([creator])
        risk.treatment_actions = list(lines)
        if owner is not None:
            risk.treatment_owner = owner
        if due is not None:
            risk.treatment_due_date = due
        return risk

    def make_it_a_1004_site(self):
        catalog = api.portal.get_tool("portal_catalog")
        for column in NEW_COLUMNS:
            catalog.delColumn(column)
        for column in OLD_COLUMNS:
            catalog.addColumn(column)
        self.setup.setLastVersionForProfile("eiso:default", "1004")

    def test_old_risks_become_rows_with_their_owner_and_due_date(self):
        full = self.old_risk("Hồ sơ trễ hạn", ["Rà soát quy trình", " ", "Báo cáo tuần"],
                             owner="a-staff", due=DUE)
        bare = self.old_risk("Mất dữ liệu", ["Sao lưu tự động"], creator="a-secretary")
        approved = self.old_risk("Văn bản chưa cập nhật", ["Rà soát Công báo"],
                                 owner="a-legal", due=DUE)
        api.content.transition(obj=approved, transition="submit")
        # release 1004 gave the approved risk to its treatment's owner by its due date
        from eiso.cases.handover import hand_over

        hand_over(approved, "approve", handlers=["a-legal"], due_date=DUE)
        applied = self.old_risk("Khiếu nại kết quả", [], owner="a-staff", due=DUE,
                                treatment="Công khai tiêu chí đánh giá")
        for transition in ("submit", "approve", "apply"):
            api.content.transition(obj=applied, transition=transition)
        empty = self.old_risk("Chưa có biện pháp", [])
        self.make_it_a_1004_site()

        self.setup.upgradeProfile("eiso:default")
        self.assertEqual(self.setup.getLastVersionForProfile("eiso:default"), (PROFILE_VERSION,))

        def rows(risk):
            return [(r["action"], r["owner"], r["due_date"], r["done"]) for r in
                    risk.treatment_actions]

        self.assertEqual(rows(full), [("Rà soát quy trình", "a-staff", DUE, None),
                                      ("Báo cáo tuần", "a-staff", DUE, None)])
        # no owner: the risk's creator; no due date: 31 December of the risk's year
        self.assertEqual(rows(bare), [("Sao lưu tự động", "a-secretary", date(2026, 12, 31),
                                       None)])
        self.assertEqual(rows(approved), [("Rà soát Công báo", "a-legal", DUE, None)])
        self.assertEqual(approved.responsible_users, ["a-legal"])  # still his step
        # an applied risk was treated: its action is done; no line: named after the treatment
        self.assertEqual(rows(applied), [("Công khai tiêu chí đánh giá", "a-staff", DUE,
                                          date.today())])
        self.assertEqual(empty.treatment_actions, [])
        for risk in (full, bare, approved, applied, empty):
            for name in OLD_COLUMNS:
                self.assertFalse(hasattr(risk.aq_base, name), (risk.getId(), name))
        catalog = api.portal.get_tool("portal_catalog")
        for column in OLD_COLUMNS:
            self.assertNotIn(column, catalog.schema())
        brain = api.content.find(UID=full.UID())[0]
        self.assertEqual((brain.treatment_owners, brain.treatment_next_due), (("a-staff",), DUE))
        # the converted risk works on the engine: recording its action done moves it on
        from eiso.risks.treatment import record_done

        record_done(approved, {0: (date.today(), "Đã rà soát")})
        self.assertEqual(approved.responsible_users, ["a-secretary"])

    def test_uninstall_removes_the_columns(self):
        from plone.base.utils import get_installer

        get_installer(self.portal, self.layer["request"]).uninstall_product("eiso")
        schema = api.portal.get_tool("portal_catalog").schema()
        for column in NEW_COLUMNS:
            self.assertNotIn(column, schema)
