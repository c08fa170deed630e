"""The ISO settings control panel (``@@eiso-settings``)."""

from datetime import date
from eiso import _
from eiso.controlpanel import IEisoSettings
from eiso.workingdays import calendar
from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.base.i18nl10n import weekdayname_msgid
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


class EisoSettingsForm(RegistryEditForm):
    schema = IEisoSettings
    schema_prefix = "eiso"
    label = _("ISO settings")
    description = _("Deadlines, reminders and working days of every agency in the portal.")


class EisoSettingsControlPanel(ControlPanelFormWrapper):
    """The form, then the days off it gives this year and next year."""

    form = EisoSettingsForm
    index = ViewPageTemplateFile("templates/settings.pt")

    def years(self):
        in_force = calendar()
        this_year = date.today().year

        def rows(days):
            return [
                {
                    "date": day.strftime("%d/%m/%Y"),
                    # Python's Monday is 0, the msgids' Sunday is 0
                    "weekday": weekdayname_msgid((day.weekday() + 1) % 7),
                    "name": name,
                }
                for day, name in days
            ]

        return [
            {
                "year": year,
                "holidays": rows(in_force.holidays(year)),
                "working_weekend_days": rows(in_force.working_weekend_days(year)),
            }
            for year in (this_year, this_year + 1)
        ]
