"""POST /<agency>/thu-tuc/@service-statistics-import: the import through REST.

The body is JSON ``{"filename": "so-lieu.xlsx", "data": "<base64 of the file>"}``
(the same CSV or XLSX file as the form's). 201 with the items created; 400 with a
Vietnamese ``message`` and, for bad rows, ``errors`` [{row, column, message}];
nothing is created when a row is bad.
"""

from eiso import _
from eiso.content.service_statistics import SECTION_ID
from eiso.legal.importer import ImportFileError
from eiso.statistics.importer import import_file
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from zExceptions import NotFound
from zope.i18n import translate
from zope.interface import alsoProvides

import base64
import binascii
import transaction


class StatisticsImport(Service):
    def reply(self):
        if self.context.getId() != SECTION_ID:
            raise NotFound(self.context, "@service-statistics-import", self.request)
        alsoProvides(self.request, IDisableCSRFProtection)
        body = json_body(self.request)
        filename = body.get("filename") if isinstance(body, dict) else None
        data = body.get("data") if isinstance(body, dict) else None
        if not filename or not isinstance(data, str):
            return self._bad(_("Send the file as JSON: {\"filename\": …, \"data\": base64}."))
        try:
            content = base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            return self._bad(_("The data of the file is not valid base64."))
        try:
            result = import_file(self.context, filename, content)
        except ImportFileError as problem:
            return self._bad(problem.message)
        if result.errors:
            transaction.doom()
            return self._bad(
                _("No figures were imported: correct these rows and import the file again."),
                errors=[{"row": e.row, "column": e.column,
                         "message": translate(e.message, context=self.request)}
                        for e in result.errors])
        self.request.response.setStatus(201)
        return {"items": [{"@id": item.absolute_url(), "title": item.Title(),
                           "year": item.year, "month": item.month}
                          for item in result.created]}

    def _bad(self, message, errors=None):
        self.request.response.setStatus(400)
        answer = {"type": "BadRequest", "message": translate(message, context=self.request)}
        if errors is not None:
            answer["errors"] = errors
        return answer
