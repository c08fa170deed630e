"""REST ``@iso-report``: the figures of the ISO implementation report as JSON.

``GET <agency>/@iso-report?from=YYYY-MM-DD&to=YYYY-MM-DD`` (the agency's) and
``GET /@iso-report?…`` (the province's: every agency and the total), with the same
permissions as the page; a bad period answers 400 with a Vietnamese message.
"""

from eiso.reporting.report import parse_period
from eiso.reporting.report import PeriodError
from eiso.reporting.report import Report
from eiso.reporting.views import all_agencies
from plone.restapi.services import Service
from zope.i18n import translate


class AgencyReportGet(Service):
    province = False

    def agencies(self):
        return [self.context]

    def reply(self):
        try:
            date_from, date_to = parse_period(self.request.form)
        except PeriodError as problem:
            self.request.response.setStatus(400)
            return {"error": {"type": "BadRequest",
                              "message": translate(problem.message, context=self.request)}}
        report = Report(self.request, self.agencies(), date_from, date_to,
                        province=self.province)
        return dict(report.as_json(), **{"@id": f"{self.context.absolute_url()}/@iso-report"})


class ProvinceReportGet(AgencyReportGet):
    province = True

    def agencies(self):
        return all_agencies()
