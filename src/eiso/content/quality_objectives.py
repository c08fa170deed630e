"""Quality objectives (Mục tiêu chất lượng, ISO 9001 6.2) of an agency, kept in ``boi-canh``.

One item is one *version* of the objectives of a year for the whole agency
(``department`` empty) or for one department: ``version`` numbers them 1, 2, …
within that scope (year, agency, department) and ``previous`` points to the
version it was upgraded from ("Nâng cấp phiên bản", :func:`upgrade_version`).
Each version goes through ``eiso_approval_workflow``; applying one supersedes the
version applied before in the same scope (``eiso.cases.handover.supersede_previous``),
so one version at most counts. See docs/objectives.md.

The objectives are a table (list of dicts, collective.z3cform.datagridfield);
results (``result``, ``cause``) can be entered all year on the applied version
by whoever holds "eiso: Enter objective results" there: the ISO secretary and the
heads of the set's department (local role ``ResultsReporter``, given by
:class:`ResultsReporterRoles`).
"""

from Acquisition import aq_base
from borg.localrole.interfaces import ILocalRoleProvider
from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso.content.fields import table
from dataclasses import dataclass
from eiso import _
from eiso.content.agency import get_agency
from eiso.content.fields import create_content
from eiso.content.fields import current_year
from eiso.content.fields import in_site_language
from eiso.content.fields import Year
from eiso.content.legal_document import agency_of
from eiso.interfaces import IFullText
from eiso.roles import DEPARTMENT_HEAD
from plone import api
from plone.app.vocabularies.catalog import CatalogSource
from plone.app.z3cform.widgets.relateditems import RelatedItemsFieldWidget
from plone.autoform import directives
from plone.indexer import indexer
from plone.dexterity.content import Item
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import DefaultFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from plone.supermodel import model
from z3c.relationfield.schema import RelationChoice
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.interface import provider
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema.interfaces import IContextSourceBinder
from zope.schema.interfaces import IFloat

import copy


PORTAL_TYPE = "QualityObjectives"
# The local role of the heads of a set's department (no account is given it by hand).
RESULTS_REPORTER = "ResultsReporter"
ENTER_RESULTS = "eiso: Enter objective results"
ADD_PERMISSION = "eiso: Add QualityObjectives"
# States in which a version is still being worked on (a case not finished).
OPEN_STATES = ("draft", "pending", "approved")


def quality_objectives_title():
    return in_site_language(_("Quality objectives ${year}", mapping={"year": current_year()}))


class PercentOutOfRange(schema.ValidationError):
    """A percentage outside 0–100."""

    def doc(self):
        return self.args[0]


class IPercent(IFloat):
    """A percentage between 0 and 100."""


@implementer(IPercent)
class Percent(schema.Float):
    """A percentage between 0 and 100, refused with a message that names the field."""

    def __init__(self, **kw):
        kw.setdefault("min", 0.0)
        kw.setdefault("max", 100.0)
        super().__init__(**kw)

    def _validate(self, value):
        # ``min`` and ``max`` are validated by this method too, while still None.
        low = self.min if self.min is not None else value
        high = self.max if self.max is not None else value
        if value is not None and not (low <= value <= high):
            raise PercentOutOfRange(
                _("${field}: enter a percentage from 0 to 100 (you entered ${value}).",
                  mapping={"field": self.title, "value": format_percent(value)})
            ).with_field_and_value(self, value)
        super()._validate(value)


def format_percent(value):
    """98.0 → "98", 97.5 → "97,5" (Vietnamese decimal comma)."""
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


class IObjective(Interface):
    """One row of the objectives table (SPEC §7; the names are a contract)."""

    name = schema.TextLine(title=_("Objective"))
    target = Percent(title=_("Target (%)"))
    measurement = schema.TextLine(title=_("Measurement method"), required=False)
    responsible = schema.TextLine(title=_("Responsible"), required=False)
    deadline = schema.Date(title=_("Completion deadline"), required=False)
    result = Percent(title=_("Result (%)"), required=False)
    cause = schema.TextLine(title=_("Cause of shortfall"), required=False)


@provider(IContextSourceBinder)
def agency_policies(context):
    """The quality policies of the agency that holds ``context`` (that the user may see)."""
    agency = agency_of(context)
    query = {"portal_type": "QualityPolicy"}
    if agency is not None:
        query["path"] = "/".join(agency.getPhysicalPath())
    return CatalogSource(context, **query)


@provider(IContextSourceBinder)
def agency_objectives(context):
    """The quality objectives of the agency that holds ``context`` (earlier versions)."""
    agency = agency_of(context)
    query = {"portal_type": PORTAL_TYPE}
    if agency is not None:
        query["path"] = "/".join(agency.getPhysicalPath())
    return CatalogSource(context, **query)


class IQualityObjectivesSchema(model.Schema):
    """Fields of a version of the quality objectives (SPEC §7)."""

    title = schema.TextLine(title=_("Title"), defaultFactory=quality_objectives_title)

    year = Year(title=_("Year"))

    directives.widget(
        "policy",
        RelatedItemsFieldWidget,
        vocabulary="plone.app.vocabularies.Catalog",
        pattern_options={
            "selectableTypes": ["QualityPolicy"],
            "folderTypes": ["Agency", "Section"],
            "recentlyUsed": True,
        },
    )
    policy = RelationChoice(
        title=_("Quality policy"),
        description=_("The quality policy these objectives carry out."),
        source=agency_policies,
        required=False,
    )

    department = schema.Choice(
        title=_("Department"),
        description=_("Leave empty for the objectives of the whole agency."),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    directives.widget("objectives", DataGridFieldWidgetFactory)
    objectives = table(
        _("Objectives"), IObjective,
        _("One row per objective: its target and, during the year, its result."),
        row_title=_("Objective"),
    )

    # Set when the version is created (1 for a new set, N + 1 when upgrading): read-only
    # for forms and REST (``upgrade_version`` and ``number_new_version`` number versions).
    directives.omitted("version", "previous")
    version = schema.Int(title=_("Version"), min=1, default=1, required=False, readonly=True)
    previous = RelationChoice(
        title=_("Previous version"), source=agency_objectives, required=False, readonly=True
    )


@implementer(IQualityObjectivesSchema, IFullText)
class QualityObjectives(Item):
    """A version of the quality objectives of a year (agency or department)."""

    version = 1
    previous = None


@indexer(IQualityObjectivesSchema)
def objectives_searchable_text(item):
    """The Vietnamese search finds a set by the text of its objectives too."""
    from eiso.search.indexers import item_text

    rows = " ".join(
        part
        for row in item.objectives or []
        for part in (row.get("name"), row.get("measurement"), row.get("responsible"),
                     row.get("cause"))
        if part
    )
    return " ".join(part for part in (item_text(item), rows) if part)


# Achievement (Kết quả thực hiện)


@dataclass(frozen=True)
class Achievement:
    measured: bool  # a result was entered
    ratio: float = None  # result ÷ target in %, None without a result or with target 0
    achieved: bool = None  # result ≥ target; None when not measured


def achievement(row):
    """How far one objective is achieved: result ÷ target, achieved when result ≥ target."""
    target, result = row.get("target"), row.get("result")
    if result is None or target is None:
        return Achievement(measured=False)
    ratio = round(result / target * 100, 1) if target else None
    return Achievement(measured=True, ratio=ratio, achieved=result >= target)


@dataclass(frozen=True)
class SetAchievement:
    total: int  # objectives in the set
    measured: int  # with a result
    achieved: int  # result ≥ target
    rate: float = None  # achieved ÷ measured in %, None before any result


def set_achievement(rows):
    rows = list(rows or [])
    results = [achievement(row) for row in rows]
    measured = [a for a in results if a.measured]
    achieved = [a for a in measured if a.achieved]
    rate = round(len(achieved) / len(measured) * 100, 1) if measured else None
    return SetAchievement(total=len(rows), measured=len(measured), achieved=len(achieved),
                          rate=rate)


# Versions (Phiên bản)


def same_scope(item, other):
    return (
        getattr(aq_base(other), "year", None) == getattr(aq_base(item), "year", None)
        and (getattr(aq_base(other), "department", None) or None)
        == (getattr(aq_base(item), "department", None) or None)
    )


def versions(item, unrestricted=False):
    """The versions of the item's scope (year, agency, department), oldest first.

    ``unrestricted``: also those the current user may not see (for numbering).
    """
    agency = get_agency(item)
    if agency is None:
        return [item]
    catalog = api.portal.get_tool("portal_catalog")
    query = {"portal_type": PORTAL_TYPE, "path": "/".join(agency.getPhysicalPath()),
             "year": getattr(aq_base(item), "year", None)}
    if unrestricted:
        objects = [b._unrestrictedGetObject() for b in catalog.unrestrictedSearchResults(**query)]
    else:
        objects = [b.getObject() for b in catalog(**query)]
    found = [obj for obj in objects if same_scope(item, obj)]
    return sorted(found, key=lambda obj: (obj.version or 0, obj.created()))


def open_version(item):
    """A version of the item's scope still being drafted or approved, else None."""
    for other in versions(item, unrestricted=True):
        if api.content.get_state(other, default=None) in OPEN_STATES:
            return other
    return None


class VersionRefused(ValueError):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def upgrade_version(item):
    """Start version N + 1 of the item's scope as a copy of ``item`` (Nâng cấp phiên bản).

    The new version is a draft of the current user in the same folder, with the same
    year, department, policy and a copy of the table; it goes through the approval
    workflow and, once applied, supersedes the version applied before. Refused while
    another version of the scope is still open (VersionRefused).
    """
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    pending = open_version(item)
    if pending is not None:
        raise VersionRefused(
            _("Version ${version} of these objectives is still being drafted or approved: "
              "finish it first.", mapping={"version": pending.version})
        )
    container = item.aq_parent
    if not api.user.has_permission(ADD_PERMISSION, obj=container):
        raise VersionRefused(_("You may not start a new version of these objectives."))
    number = max((other.version or 0) for other in versions(item, unrestricted=True)) + 1
    intids = getUtility(IIntIds)
    policy = item.policy.to_object if item.policy is not None and not item.policy.isBroken() \
        else None
    fields = {
        "title": item.Title(),
        "year": item.year,
        "department": item.department,
        "objectives": copy.deepcopy(list(item.objectives or [])),
        "version": number,
        "previous": RelationValue(intids.getId(item)),
    }
    if policy is not None:
        fields["policy"] = RelationValue(intids.getId(policy))
    return create_content(container, PORTAL_TYPE, **fields)


def department_of_set(item):
    """The Department object of the set, None for the whole agency."""
    department_id = getattr(aq_base(item), "department", None)
    agency = get_agency(item)
    if not department_id or agency is None:
        return None
    organisation = agency.get("to-chuc")
    return organisation.get(department_id) if organisation is not None else None


@implementer(ILocalRoleProvider)
@adapter(IQualityObjectivesSchema)
class ResultsReporterRoles:
    """The heads of the set's department hold ``ResultsReporter`` on it.

    A head is the department's ``head`` or a member of the department who holds
    ``DepartmentHead`` in the agency. Computed when asked, so a change of head
    needs no update of the items.
    """

    def __init__(self, context):
        self.context = context

    def _heads(self):
        department = department_of_set(self.context)
        if department is None:
            return set()
        heads = {department.head} if getattr(department, "head", None) else set()
        agency = get_agency(self.context)
        for member in getattr(department, "members", None) or ():
            if DEPARTMENT_HEAD in agency.get_local_roles_for_userid(member):
                heads.add(member)
        return heads

    def getRoles(self, principal_id):
        return [RESULTS_REPORTER] if principal_id in self._heads() else []

    def getAllRoles(self):
        return [(principal_id, [RESULTS_REPORTER]) for principal_id in sorted(self._heads())]


@implementer(IFieldDeserializer)
@adapter(IPercent, IDexterityContent, IBrowserRequest)
class PercentDeserializer(DefaultFieldDeserializer):
    """REST: a percentage may come as a JSON integer (``90``), not only ``90.0``."""

    def __call__(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        return super().__call__(value)


def number_new_version(item, event):
    """A set added for a scope that has versions already is the next version of it
    (added with the form or REST rather than with "Nâng cấp phiên bản")."""
    others = [other for other in versions(item, unrestricted=True)
              if aq_base(other) is not aq_base(item)]
    highest = max((other.version or 0 for other in others), default=0)
    if (item.version or 0) <= highest:
        item.version = highest + 1
