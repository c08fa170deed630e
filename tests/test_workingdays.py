"""Working days: weekends, Vietnamese public holidays, and the administrator's additions."""

from datetime import date
from datetime import datetime
from eiso import workingdays
from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workingdays import add_working_days
from eiso.workingdays import holiday_name
from eiso.workingdays import is_working_day
from eiso.workingdays import working_days_between
from plone import api
from plone.registry.interfaces import IRegistry
from zope.component import getUtility
from zope.i18n import translate

import unittest


class TestWorkingDays(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def set_days(self, holidays=(), makeup_days=()):
        api.portal.set_registry_record("eiso.extra_holidays", list(holidays))
        api.portal.set_registry_record("eiso.makeup_days", list(makeup_days))

    def test_weekends(self):
        self.assertTrue(is_working_day(date(2026, 3, 13)))  # Friday
        self.assertFalse(is_working_day(date(2026, 3, 14)))  # Saturday
        self.assertFalse(is_working_day(date(2026, 3, 15)))  # Sunday
        self.assertEqual(add_working_days(date(2026, 3, 13), 1), date(2026, 3, 16))
        self.assertEqual(add_working_days(date(2026, 3, 11), 5), date(2026, 3, 18))

    def test_zero_days(self):
        self.assertEqual(add_working_days(date(2026, 3, 13), 0), date(2026, 3, 13))
        self.assertEqual(add_working_days(date(2026, 3, 14), 0), date(2026, 3, 16))

    def test_days_before(self):
        self.assertEqual(add_working_days(date(2026, 3, 16), -1), date(2026, 3, 13))
        self.assertEqual(add_working_days(date(2026, 2, 23), -1), date(2026, 2, 13))

    def test_tet_2026(self):
        for day in range(16, 21):
            self.assertFalse(is_working_day(date(2026, 2, day)), day)
        self.assertEqual(add_working_days(date(2026, 2, 13), 1), date(2026, 2, 23))
        self.assertEqual(holiday_name(date(2026, 2, 17)), "Tết Nguyên Đán")
        self.assertEqual(working_days_between(date(2026, 2, 13), date(2026, 2, 27)), 5)

    def test_hung_kings_2026(self):
        # On a Sunday, observed on the Monday after.
        self.assertEqual(holiday_name(date(2026, 4, 26)), "Ngày Giỗ Tổ Hùng Vương")
        self.assertFalse(is_working_day(date(2026, 4, 27)))
        self.assertIn("Hùng Vương", holiday_name(date(2026, 4, 27)))
        # Friday 24 → Tuesday 28 (27 and 30/4, 1/5 are off too)
        self.assertEqual(add_working_days(date(2026, 4, 24), 1), date(2026, 4, 28))
        self.assertEqual(add_working_days(date(2026, 4, 28), 2), date(2026, 5, 4))

    def test_package_make_up_day(self):
        # 2025: Friday 2 May off, Saturday 26 April worked instead.
        self.assertFalse(is_working_day(date(2025, 5, 2)))
        self.assertTrue(is_working_day(date(2025, 4, 26)))
        self.assertEqual(add_working_days(date(2025, 4, 25), 1), date(2025, 4, 26))

    def test_ordinary_day_has_no_holiday_name(self):
        self.assertIsNone(holiday_name(date(2026, 3, 13)))

    def test_accepts_datetime_and_zope_datetime(self):
        from DateTime import DateTime

        self.assertFalse(is_working_day(datetime(2026, 2, 17, 9, 30)))
        self.assertFalse(is_working_day(DateTime("2026/02/17 09:30 GMT+7")))
        self.assertEqual(add_working_days(DateTime("2026/02/13 16:00 GMT+7"), 1), date(2026, 2, 23))

    def test_added_holiday(self):
        self.set_days(holidays=["02/01/2026 Nghỉ bù Tết Dương lịch"])
        self.assertFalse(is_working_day(date(2026, 1, 2)))
        self.assertEqual(holiday_name(date(2026, 1, 2)), "Nghỉ bù Tết Dương lịch")
        self.assertEqual(add_working_days(date(2025, 12, 31), 1), date(2026, 1, 5))

    def test_added_name_wins(self):
        self.set_days(holidays=["01/01/2026 Tết Dương lịch 2026", "03/03/2026"])
        self.assertEqual(holiday_name(date(2026, 1, 1)), "Tết Dương lịch 2026")
        self.assertEqual(translate(holiday_name(date(2026, 3, 3)), target_language="vi"), "Ngày nghỉ")

    def test_make_up_saturday(self):
        self.set_days(makeup_days=["10/01/2026 Làm bù cho ngày 02/01/2026"])
        self.assertTrue(is_working_day(date(2026, 1, 10)))
        self.assertFalse(is_working_day(date(2026, 1, 11)))
        self.assertEqual(add_working_days(date(2026, 1, 9), 1), date(2026, 1, 10))
        self.assertEqual(working_days_between(date(2026, 1, 9), date(2026, 1, 12)), 2)

    def test_working_days_between(self):
        self.assertEqual(working_days_between(date(2026, 3, 13), date(2026, 3, 13)), 0)
        self.assertEqual(working_days_between(date(2026, 3, 13), date(2026, 3, 16)), 1)
        self.assertEqual(working_days_between(date(2026, 3, 16), date(2026, 3, 13)), -1)
        self.assertEqual(working_days_between(date(2026, 3, 14), date(2026, 3, 15)), 0)
        # A whole year: 261 weekdays minus 13 weekday holidays, plus Saturday 22/8 worked.
        self.assertEqual(working_days_between(date(2025, 12, 31), date(2026, 12, 31)), 249)
        self.assertEqual(working_days_between(date(2026, 12, 31), date(2025, 12, 31)), -249)

    def test_between_agrees_with_counting_day_by_day(self):
        self.set_days(["02/01/2026 Nghỉ bù"], ["10/01/2026 Làm bù", "26/04/2026"])
        in_force = workingdays.calendar()
        start = date(2025, 12, 1)
        for end in (date(2026, 1, 2), date(2026, 1, 10), date(2026, 4, 27), date(2027, 1, 4)):
            by_day = sum(
                in_force.is_working_day(date.fromordinal(n))
                for n in range(start.toordinal() + 1, end.toordinal() + 1)
            )
            self.assertEqual(in_force.working_days_between(start, end), by_day, end)
            # the by_day-th working day after start is the last one up to end
            reached = in_force.add_working_days(start, by_day)
            self.assertTrue(in_force.is_working_day(reached))
            self.assertLessEqual(reached, end)
            self.assertEqual(in_force.working_days_between(reached, end), 0)

    def test_registry_changes_take_effect_at_once(self):
        day = date(2026, 3, 13)
        self.assertTrue(is_working_day(day))
        self.set_days(holidays=["13/03/2026 Ngày thành lập ngành"])
        self.assertFalse(is_working_day(day))
        self.set_days()
        self.assertTrue(is_working_day(day))
        self.set_days(makeup_days=["14/03/2026"])
        self.assertEqual(add_working_days(day, 1), date(2026, 3, 14))

    def test_bad_lines_in_the_registry_are_skipped(self):
        self.set_days(holidays=["31/02/2026 Không có", "", "13/03/2026 Nghỉ"])
        self.assertFalse(is_working_day(date(2026, 3, 13)))
        self.assertTrue(is_working_day(date(2026, 3, 12)))

    def test_missing_records(self):
        registry = getUtility(IRegistry)
        del registry.records["eiso.extra_holidays"]
        del registry.records["eiso.makeup_days"]
        self.assertFalse(is_working_day(date(2026, 2, 17)))
        self.assertEqual(add_working_days(date(2026, 2, 13), 1), date(2026, 2, 23))

    def test_days_off_of_a_year(self):
        self.set_days(["02/01/2026 Nghỉ bù Tết Dương lịch"], ["10/01/2026 Làm bù"])
        in_force = workingdays.calendar()
        days_off = dict(in_force.holidays(2026))
        self.assertEqual(days_off[date(2026, 1, 2)], "Nghỉ bù Tết Dương lịch")
        self.assertIn(date(2026, 2, 17), days_off)
        self.assertEqual(
            in_force.working_weekend_days(2026),
            [(date(2026, 1, 10), "Làm bù"), (date(2026, 8, 22), "")],
        )
