"""Pages of the quality objectives (SPEC §7, seed 002 §3): the view with its versions
and achievement, "Nâng cấp phiên bản", "Cập nhật kết quả", the diff between versions
and the achievement chart of the agency home page."""

from Acquisition import aq_base
from eiso import _
from eiso.browser.diff import DiffView
from eiso.browser.diff import row_changes
from eiso.content.quality_objectives import achievement
from eiso.content.quality_objectives import ADD_PERMISSION
from eiso.content.quality_objectives import department_of_set
from eiso.content.quality_objectives import format_percent
from eiso.content.quality_objectives import IObjective
from eiso.content.quality_objectives import IQualityObjectivesSchema
from eiso.content.quality_objectives import open_version
from eiso.content.quality_objectives import PORTAL_TYPE
from eiso.content.quality_objectives import set_achievement
from eiso.content.quality_objectives import upgrade_version
from eiso.content.quality_objectives import VersionRefused
from eiso.content.quality_objectives import versions
from plone import api
from plone.protect import CheckAuthenticator
from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zExceptions import Forbidden
from zope.event import notify
from zope.i18n import translate
from zope.lifecycleevent import Attributes
from zope.lifecycleevent import ObjectModifiedEvent
from zope.schema import ValidationError

import copy


APPLIED = "applied"


def state_title(item, request):
    state = api.content.get_state(item, default=None)
    title = api.portal.get_tool("portal_workflow").getTitleForStateOnType(state, PORTAL_TYPE)
    return translate(title, domain="plone", context=request)


def version_label(item, request):
    """"Phiên bản 2 (Đang áp dụng)"."""
    return translate(
        _("Version ${number} (${state})",
          mapping={"number": item.version or 1, "state": state_title(item, request)}),
        context=request,
    )


def display_date(value):
    return value.strftime("%d/%m/%Y") if value else ""


def table_rows(item):
    """The objectives with their achievement, as the view and the chart show them."""
    rows = []
    for number, row in enumerate(item.objectives or [], start=1):
        reached = achievement(row)
        rows.append({
            "number": number,
            "name": row.get("name") or "",
            "target": format_percent(row.get("target")),
            "target_value": row.get("target"),
            "measurement": row.get("measurement") or "",
            "responsible": row.get("responsible") or "",
            "deadline": display_date(row.get("deadline")),
            "result": format_percent(row.get("result")),
            "result_value": row.get("result"),
            "cause": row.get("cause") or "",
            "measured": reached.measured,
            "ratio": format_percent(reached.ratio),
            "achieved": reached.achieved,
        })
    return rows


class ObjectivesView(BrowserView):
    """A version of the objectives: details, table with achievement, versions, actions."""

    def details(self):
        context = self.context
        department = department_of_set(context)
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("Year"), context.year),
                (_("Department"), department.Title() if department is not None
                 else translate(_("Whole agency"), context=self.request)),
            )
            if value
        ]

    def version_label(self):
        return version_label(self.context, self.request)

    def policy(self):
        relation = self.context.policy
        if relation is None or relation.isBroken():
            return None
        policy = relation.to_object
        if not api.user.has_permission("View", obj=policy):
            return None
        return {"title": policy.Title(), "url": policy.absolute_url(),
                "motto": getattr(policy, "motto", "")}

    def rows(self):
        return table_rows(self.context)

    def summary(self):
        return set_achievement(self.context.objectives)

    def summary_rate(self):
        return format_percent(self.summary().rate)

    def versions(self):
        current = self.context.UID()
        return [
            {"label": version_label(item, self.request), "url": item.absolute_url(),
             "current": item.UID() == current,
             "applied": api.content.get_state(item, default=None) == APPLIED}
            for item in versions(self.context)
        ]

    def can_upgrade(self):
        """"Nâng cấp phiên bản": who may add objectives here, when no version is open."""
        container = self.context.aq_parent
        return (api.user.has_permission(ADD_PERMISSION, obj=container)
                and open_version(self.context) is None)

    def open_version(self):
        item = open_version(self.context)
        if item is None or item.UID() == self.context.UID():
            return None
        if not api.user.has_permission("View", obj=item):
            return None
        return {"label": version_label(item, self.request), "url": item.absolute_url()}

    def can_enter_results(self):
        return api.user.has_permission("eiso: Enter objective results", obj=self.context)

    def has_earlier_version(self):
        return any((item.version or 0) < (self.context.version or 0)
                   for item in versions(self.context))


class UpgradeVersionView(BrowserView):
    """POST: start version N + 1 of the objectives from this one, then open it."""

    def __call__(self):
        if self.request.method != "POST":
            raise Forbidden("POST only")
        CheckAuthenticator(self.request)
        try:
            new = upgrade_version(self.context)
        except VersionRefused as error:
            api.portal.show_message(error.message, request=self.request, type="error")
            return self.request.response.redirect(self.context.absolute_url())
        api.portal.show_message(
            _("Version ${number} was created from version ${previous}: edit it, then submit "
              "it for approval.", mapping={"number": new.version, "previous": self.context.version}),
            request=self.request,
        )
        return self.request.response.redirect(new.absolute_url())


def parse_percent(text):
    """"96,5" or "96.5" → 96.5; "" → None; ValueError for anything else."""
    text = (text or "").strip().replace("%", "").strip()
    if not text:
        return None
    return float(text.replace(",", "."))


class ResultsForm(BrowserView):
    """"Cập nhật kết quả": only the result and the cause of each objective.

    All rows are checked first; with any error nothing is saved.
    """

    template = ViewPageTemplateFile("templates/objective_results.pt")

    def __call__(self):
        self.errors = {}
        self.values = {}
        if self.request.method == "POST" and self.request.form.get("form.buttons.save"):
            CheckAuthenticator(self.request)
            if self.save():
                api.portal.show_message(_("The results were saved."), request=self.request)
                return self.request.response.redirect(self.context.absolute_url())
            api.portal.show_message(
                _("The results were not saved: correct the rows marked below."),
                request=self.request, type="error")
        elif self.request.method == "POST" and self.request.form.get("form.buttons.cancel"):
            return self.request.response.redirect(self.context.absolute_url())
        return self.template()

    def rows(self):
        result = []
        for row in table_rows(self.context):
            index = row["number"] - 1
            posted = self.values.get(index)
            result.append(dict(
                row,
                index=index,
                result_input=posted[0] if posted else row["result"],
                cause_input=posted[1] if posted else row["cause"],
                error=self.errors.get(index),
            ))
        return result

    def save(self):
        form = self.request.form
        rows = copy.deepcopy(list(self.context.objectives or []))
        for index, row in enumerate(rows):
            text = form.get(f"result.{index}", "")
            cause = (form.get(f"cause.{index}", "") or "").strip()
            self.values[index] = (text, cause)
            try:
                value = parse_percent(text)
            except ValueError:
                self.errors[index] = translate(
                    _("Enter the result as a number, e.g. 96,5."), context=self.request)
                continue
            try:
                IObjective["result"].validate(value)
                IObjective["cause"].validate(cause or None)
            except ValidationError as error:
                self.errors[index] = translate(error.doc(), context=self.request)
                continue
            row["result"] = value
            row["cause"] = cause or None
        if self.errors:
            return False
        if rows != list(self.context.objectives or []):
            self.context.objectives = rows
            notify(ObjectModifiedEvent(
                self.context, Attributes(IQualityObjectivesSchema, "objectives")))
        return True


class VersionDiffView(DiffView, BrowserView):
    """Compare this version with an earlier one (``?version=N``, by default the previous)."""

    compared_fields = ("target", "measurement", "responsible", "deadline", "result", "cause")
    key_title = _("Objective")
    column_titles = (_("Target (%)"), _("Measurement method"), _("Responsible"),
                     _("Completion deadline"), _("Result (%)"), _("Cause of shortfall"))

    def other(self):
        earlier = [item for item in versions(self.context)
                   if (item.version or 0) < (self.context.version or 0)]
        wanted = self.request.form.get("version")
        if wanted:
            for item in earlier:
                if str(item.version) == str(wanted):
                    return item
        previous = self.context.previous
        if previous is not None and not previous.isBroken():
            target = previous.to_object
            if any(aq_base(target) is aq_base(item) for item in earlier):
                return target
        return earlier[-1] if earlier else None

    def earlier_versions(self):
        return [{"number": item.version, "label": version_label(item, self.request)}
                for item in versions(self.context)
                if (item.version or 0) < (self.context.version or 0)]

    def labels(self):
        other = self.other()
        return {"old": version_label(other, self.request) if other is not None else "",
                "new": version_label(self.context, self.request)}

    def rows(self):
        """One row per objective name: added, removed, changed or unchanged."""
        other = self.other()
        if other is None:
            return []
        return row_changes(table_rows(other), table_rows(self.context), "name",
                           self.compared_fields)


class AgencyObjectivesChart(BrowserView):
    """The achievement of the applied agency-level objectives, as bars (agency home page)."""

    template = ViewPageTemplateFile("templates/objectives_chart.pt")

    def __call__(self):
        return self.template()

    def applied(self):
        """The applied set of the whole agency for the latest year, else None."""
        catalog = api.portal.get_tool("portal_catalog")
        brains = catalog(
            portal_type=PORTAL_TYPE,
            review_state=APPLIED,
            path="/".join(self.context.getPhysicalPath()),
            sort_on="year",
            sort_order="descending",
        )
        for brain in brains:
            item = brain.getObject()
            if not getattr(aq_base(item), "department", None):
                return item
        return None

    def chart(self):
        item = self.applied()
        if item is None:
            return None
        rows = []
        for row in table_rows(item):
            target, result = row["target_value"], row["result_value"]
            rows.append(dict(
                row,
                target_width=f"{min(target or 0, 100):.1f}",
                result_width=f"{min(result or 0, 100):.1f}",
            ))
        summary = set_achievement(item.objectives)
        return {
            "item": item,
            "title": item.Title(),
            "url": item.absolute_url(),
            "version": version_label(item, self.request),
            "rows": rows,
            "summary": summary,
            "rate": format_percent(summary.rate),
        }
