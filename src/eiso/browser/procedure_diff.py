"""``@@procedure-diff``: what changed between two versions of a procedure guide.

On a guide, ``?other=<UID>`` names the version to compare with (one of
:func:`eiso.procedures.revision.versions`, so only a version the user may see);
by default the previous version. The older of the two is "before", whichever
page the user came from. Shown field by field (name, code, field, department,
processing time, fees), the dossier components and the steps row by row
(:func:`eiso.browser.diff.row_changes`, a reworded row is a changed row), the
legal basis and the forms (by file name) added and removed.
"""

from eiso import _
from eiso.browser.diff import DiffView
from eiso.browser.diff import row_changes
from eiso.browser.diff import set_changes
from eiso.browser.diff import value_changes
from eiso.browser.procedures import money
from eiso.browser.procedures import ProcedureGuideView
from eiso.browser.procedures import state_title
from eiso.content.procedure_guide import PORTAL_TYPE
from eiso.procedures.revision import versions
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate


COMPONENT_FIELDS = ("originals", "copies", "note")
STEP_FIELDS = ("responsible", "duration", "output")


def version_label(guide, request):
    """"Phiên bản 2 (Dự thảo)"."""
    return translate(
        _("Version ${number} (${state})",
          mapping={"number": guide.version or 1,
                   "state": state_title(request, PORTAL_TYPE, api.content.get_state(guide))}),
        context=request,
    )


class ProcedureDiffView(DiffView, BrowserView):
    """Compare this version of a guide with another one (by default the previous)."""

    component_key = _("Name of the paper")
    component_columns = (_("Originals"), _("Copies"), _("Note"))
    step_key = _("Step")
    step_columns = (_("Responsible"), _("Duration"), _("Output"))

    def __call__(self):
        self.other_versions = [brain.getObject() for brain in versions(self.context)
                               if brain.UID != self.context.UID()]
        self.other, self.missing = self._other()
        return self.index()

    def _other(self):
        """(the version compared with, whether the one asked for is not there)."""
        wanted = self.request.form.get("other")
        if wanted:
            for guide in self.other_versions:
                if guide.UID() == wanted:
                    return guide, False
            return None, True
        mine = self.context.version or 1
        earlier = [guide for guide in self.other_versions if (guide.version or 1) < mine]
        return (earlier[0] if earlier else None), False  # versions() is newest first

    def choices(self):
        return [{"uid": guide.UID(), "label": version_label(guide, self.request),
                 "selected": self.other is not None and guide.UID() == self.other.UID()}
                for guide in self.other_versions]

    def pair(self):
        """(before, after): the older version first."""
        if self.other is None:
            return None
        if (self.other.version or 1) <= (self.context.version or 1):
            return self.other, self.context
        return self.context, self.other

    def labels(self):
        before, after = self.pair()
        return {"old": version_label(before, self.request), "old_url": before.absolute_url(),
                "new": version_label(after, self.request), "new_url": after.absolute_url()}

    def pages(self):
        before, after = self.pair()
        return ProcedureGuideView(before, self.request), ProcedureGuideView(after, self.request)

    def t(self, message):
        return translate(message, context=self.request)

    def _details(self, page):
        guide = page.context
        days = (self.t(_("${days} working days", mapping={"days": guide.processing_days}))
                if guide.processing_days else "")
        return (
            (_("Name of the procedure"), guide.procedure_name or ""),
            (_("Procedure code"), guide.code or ""),
            (_("Field"), guide.field or ""),
            (_("Department"), page.department()),
            (_("Processing time"), days),
            (_("Charge"), money(guide.charge) or ""),
            (_("Fee"), money(guide.fee) or ""),
            (_("About the fees"), guide.fee_note or ""),
        )

    def details(self):
        """The single fields, before and after (all of them: unchanged ones are shown plain)."""
        before, after = self.pages()
        return value_changes(
            (label, old, new)
            for (label, old), (_label, new) in zip(self._details(before), self._details(after))
        )

    def changed_details(self):
        return [row for row in self.details() if row["changed"]]

    def components(self):
        before, after = self.pages()
        return row_changes(before.components(), after.components(), "document",
                           COMPONENT_FIELDS, pair_renamed=True)

    def steps(self):
        before, after = self.pages()
        return row_changes(before.steps(), after.steps(), "step", STEP_FIELDS, pair_renamed=True)

    def legal_basis(self):
        """{"added": [...], "removed": [...]}: the texts (those the user may see)."""
        before, after = self.pages()
        old = {text["url"]: text for text in before.legal_basis()}
        new = {text["url"]: text for text in after.legal_basis()}
        changes = set_changes(list(old), list(new))
        return {"added": [new[url] for url in changes["added"]],
                "removed": [old[url] for url in changes["removed"]]}

    def forms(self):
        """{"added", "removed", "replaced"}: file names; replaced = same name, other content."""
        before, after = self.pages()
        old = {form.filename: form for form in before.context.forms or () if form is not None}
        new = {form.filename: form for form in after.context.forms or () if form is not None}
        changes = set_changes(list(old), list(new))
        changes["replaced"] = [name for name in new
                               if name in old and old[name].data != new[name].data]
        return changes

    def has_changes(self):
        legal, forms = self.legal_basis(), self.forms()
        return bool(
            self.changed_details()
            or any(row["status"] != "unchanged" for row in self.components() + self.steps())
            or legal["added"] or legal["removed"]
            or forms["added"] or forms["removed"] or forms["replaced"]
        )
