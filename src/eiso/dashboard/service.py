"""REST ``GET /<agency>/@agency-dashboard``: the figures of the agency home page as JSON.

The same dict as :meth:`eiso.dashboard.Dashboard.data` (dates as ISO strings),
counted as the calling user.
"""

from eiso.dashboard import Dashboard
from plone import api
from plone.restapi.serializer.converters import json_compatible
from plone.restapi.services import Service
from zExceptions import Unauthorized


class DashboardGet(Service):
    def reply(self):
        if api.user.is_anonymous():
            raise Unauthorized("The dashboard is personal: log in first.")
        dashboard = Dashboard(self.context, api.user.get_current().getId(), self.request)
        return json_compatible(
            {"@id": f"{self.context.absolute_url()}/@agency-dashboard", **dashboard.data()})
