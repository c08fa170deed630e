"""Internal audit (Cuộc đánh giá nội bộ, ISO 9001 9.2) of an agency, kept in ``danh-gia``.

One audit of the year's programme (``AuditProgramme``): its plan (scope, dates,
departments audited, the lead auditor and the audit team), the checklist the
auditors fill while auditing (questions generated from the criteria of the control
panel, ``eiso.audit_criteria``) and the findings (nonconformities, observations,
opportunities for improvement). Workflow ``eiso_audit_workflow``: the ISO secretary
drafts, a leader approves the plan, the team audits, the lead auditor reports, a
leader or the ISO secretary closes it. Reporting opens a ``Nonconformity`` per
nonconformity found (``eiso.audits.internal``). See docs/audits.md.

The audit team holds the local role ``Auditor`` on the audit (``eiso.audits.team``):
while the audit is carried out the role may fill the checklist and the findings
(permission ``eiso: Fill audit checklist``); the plan's fields are written with
``eiso: Plan internal audit``. Both are mapped by the workflow.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso import _
from eiso.content.fields import not_blank
from eiso.content.fields import table
from eiso.content.rows import CheckedRows
from eiso.content.rows import RowsError
from eiso.interfaces import IFullText
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.indexer import indexer
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

import datetime


PORTAL_TYPE = "InternalAudit"
SECTION_ID = "danh-gia"
PLAN_PERMISSION = "eiso: Plan internal audit"
PLAN_PERMISSION_ID = "eiso.PlanInternalAudit"
FILL_PERMISSION = "eiso: Fill audit checklist"
FILL_PERMISSION_ID = "eiso.FillAuditChecklist"

# The answers of a checklist question.
CONFORM = "conform"
NOT_CONFORM = "not_conform"
OBSERVATION = "observation"
NOT_APPLICABLE = "not_applicable"
ANSWER_TITLES = {
    CONFORM: _("Conforms"),
    NOT_CONFORM: _("Does not conform"),
    OBSERVATION: _("Observation"),
    NOT_APPLICABLE: _("Not applicable"),
}
ANSWERS = SimpleVocabulary([SimpleTerm(k, k, title) for k, title in ANSWER_TITLES.items()])

# The kinds of finding.
NONCONFORMITY = "nonconformity"
OPPORTUNITY = "opportunity"
FINDING_TITLES = {
    # not "Nonconformity": that is the title of the type (Báo cáo sự không phù hợp)
    NONCONFORMITY: _("Nonconformity (finding)"),
    OBSERVATION: _("Recommendation (observation)"),
    OPPORTUNITY: _("Opportunity for improvement"),
}
FINDING_KINDS = SimpleVocabulary(
    [SimpleTerm(k, k, title) for k, title in FINDING_TITLES.items()])


@provider(IVocabularyFactory)
def agency_programmes(context):
    """``eiso.AuditProgrammes``: the audit programmes of the agency of ``context``
    (UID → "CT-2026-001 Chương trình …"), newest year first."""
    from eiso.content.legal_document import agency_of
    from plone import api

    agency = agency_of(context)
    if agency is None:
        return SimpleVocabulary([])
    brains = api.portal.get_tool("portal_catalog").unrestrictedSearchResults(
        portal_type="AuditProgramme", path="/".join(agency.getPhysicalPath()),
        sort_on="year", sort_order="descending")
    return SimpleVocabulary([
        SimpleTerm(brain.UID, brain.UID,
                   " ".join(part for part in (brain.code or "", brain.Title) if part))
        for brain in brains
    ])


class IChecklistItem(model.Schema):
    """One question of the checklist (the names are a contract). The edit form of the
    plan shows the questions only: the answers are recorded on ``@@audit-checklist``
    while the audit is carried out (hidden columns keep them when the plan is saved)."""

    directives.mode(answer="hidden", evidence="hidden")

    clause = schema.TextLine(title=_("ISO clause"), required=False)
    question = schema.TextLine(title=_("Question"))
    department = schema.Choice(title=_("Department"), vocabulary="eiso.AuditedDepartments",
                               required=False)
    answer = schema.Choice(title=_("Answer"), vocabulary=ANSWERS, required=False)
    evidence = schema.TextLine(title=_("Evidence"), required=False)


class IFinding(model.Schema):
    """One finding of the audit (the names are a contract). ``nonconformity`` is the
    UID of the nonconformity the finding opened when the audit was reported."""

    kind = schema.Choice(title=_("Kind of finding"), vocabulary=FINDING_KINDS,
                         default=NONCONFORMITY)
    clause = schema.Choice(title=_("ISO clause"), vocabulary="eiso.IsoClauses", required=False)
    department = schema.Choice(title=_("Department"), vocabulary="eiso.AuditedDepartments",
                               required=False)
    description = schema.Text(title=_("Description of the finding"), constraint=not_blank)
    evidence = schema.TextLine(title=_("Evidence"), required=False)
    directives.mode(nonconformity="hidden")
    nonconformity = schema.TextLine(title=_("Nonconformity opened"), required=False)


class FindingsError(RowsError):
    """A finding is wrong; the message names it."""


def findings_problem(rows):
    """The first problem of the findings as a message naming the row, or None.

    Checked before the rows' own fields, so that the form and REST say which finding
    is wrong and why, not only "Bắt buộc nhập."."""
    for number, row in enumerate(rows or (), start=1):
        if not isinstance(row, dict):
            continue  # the row's own validation refuses it
        kind = row.get("kind")
        if kind not in (None, "") and kind not in FINDING_TITLES:
            return _("Finding ${row}: choose its kind (nonconformity, recommendation or "
                     "opportunity for improvement).", mapping={"row": number})
        if not isinstance(row.get("description"), str) or not row["description"].strip():
            return _("Finding ${row}: describe what was found.", mapping={"row": number})
    return None


class Findings(CheckedRows):
    """The findings of an audit, refused with a message naming the wrong finding (in
    the form, on save and through REST: :mod:`eiso.content.rows`)."""

    error = FindingsError
    problem = staticmethod(findings_problem)


class IInternalAuditSchema(model.Schema):
    """Fields of an internal audit (SPEC §8; the names are a contract)."""

    # Zope 3 permission ids (permissions.zcml): "eiso: Plan internal audit" and
    # "eiso: Fill audit checklist", mapped by eiso_audit_workflow.
    directives.write_permission(
        title=PLAN_PERMISSION_ID, programme=PLAN_PERMISSION_ID, scope=PLAN_PERMISSION_ID,
        start_date=PLAN_PERMISSION_ID, end_date=PLAN_PERMISSION_ID,
        departments=PLAN_PERMISSION_ID, lead_auditor=PLAN_PERMISSION_ID,
        team=PLAN_PERMISSION_ID, checklist=PLAN_PERMISSION_ID, findings=FILL_PERMISSION_ID,
    )

    title = schema.TextLine(
        title=_("Title"),
        description=_("E.g. “Đánh giá nội bộ đợt 1 năm 2026 – Văn phòng Sở”."),
        constraint=not_blank,
    )

    programme = schema.Choice(
        title=_("Audit programme"),
        description=_("The internal audit programme this audit carries out."),
        vocabulary="eiso.AuditProgrammes",
        required=False,
    )

    scope = schema.Text(
        title=_("Scope and objectives"),
        description=_("The processes and activities audited and what the audit checks."),
        required=False,
    )

    start_date = schema.Date(title=_("Start date"))
    end_date = schema.Date(title=_("End date"))

    directives.widget("departments", CheckBoxFieldWidget)
    departments = schema.List(
        title=_("Departments audited"),
        value_type=schema.Choice(vocabulary="eiso.AuditedDepartments"),
        required=True,
        min_length=1,
        defaultFactory=list,
        missing_value=[],
    )

    lead_auditor = schema.Choice(
        title=_("Lead auditor"),
        description=_("Leads the team and submits the audit report."),
        vocabulary="eiso.AgencyMembers",
    )

    directives.widget("team", CheckBoxFieldWidget)
    team = schema.List(
        title=_("Audit team"),
        description=_("The other auditors. The lead auditor and the team fill in the "
                      "checklist and the findings while the audit is carried out."),
        value_type=schema.Choice(vocabulary="eiso.AgencyMembers"),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )

    directives.widget("checklist", DataGridFieldWidgetFactory)
    checklist = table(
        _("Checklist"), IChecklistItem,
        _("The questions asked, made from the audit criteria of the ISO settings when "
          "the audit is created; the auditors record the answers and the evidence."),
        row_title=_("Question"),
    )

    directives.widget("findings", DataGridFieldWidgetFactory)
    findings = table(
        _("Findings"), IFinding,
        _("Each nonconformity found opens a nonconformity report when the audit is "
          "reported; opportunities for improvement go into the improvement plan."),
        row_title=_("Finding"), field=Findings,
    )

    @invariant
    def dates_in_order(data):
        start = getattr(data, "start_date", None)
        end = getattr(data, "end_date", None)
        if start and end and end < start:
            raise Invalid(_("The end date of the audit cannot be before its start date."))


@implementer(IInternalAuditSchema, IFullText)
class InternalAudit(Item):
    """One internal audit: its plan, checklist and findings."""

    @property
    def year(self):
        """The year of the audit (the ``year`` index and the improvement plan)."""
        start = getattr(self, "start_date", None)
        return start.year if start else None

    def auditors(self):
        """The lead auditor and the team, each once, the lead first."""
        people = [self.lead_auditor] if getattr(self, "lead_auditor", None) else []
        for user_id in getattr(self, "team", None) or ():
            if user_id and user_id not in people:
                people.append(user_id)
        return people

    def case_assignment(self, transition):
        """(handlers, deadline) of the step after ``transition``; None: the flow's default.

        Approved: the lead auditor starts the audit by its start date; started: the
        lead auditor reports it by its end date (a date already past gives the
        default deadline of a step). Read by ``eiso.cases.handover.default_assignment``.
        """
        if transition not in ("approve", "start") or not getattr(self, "lead_auditor", None):
            return None
        due = getattr(self, "start_date" if transition == "approve" else "end_date", None)
        if due is not None and due < datetime.date.today():
            due = None
        return [self.lead_auditor], due


@indexer(IInternalAuditSchema)
def audit_searchable_text(item):
    """The search finds an audit by its findings too."""
    from eiso.search.indexers import item_text

    rows = " ".join(
        part
        for row in item.findings or []
        for part in (row.get("description"), row.get("evidence"))
        if part
    )
    return " ".join(part for part in (item_text(item), rows) if part)



