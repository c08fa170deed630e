"""Assessments of the application of ISO 9001 (Chấm điểm kết quả áp dụng ISO), kept in
``danh-gia``; one per agency and year (SPEC §10; seed 001 steps 3–5, seed 000 group IX).

The agency's ISO secretary scores the agency against the criteria of the ISO settings
(``eiso.assessment_criteria``: the grid of a new assessment is made from them), with the
evidence of each criterion and the evidence files; a leader approves the
self-assessment and it goes to the superior agency, whose ``Assessor``\\s score each
criterion, comment and publish the result. Workflow ``eiso_assessment_workflow``;
the scores are entered on the assessment's page (``eiso.assessments.views``), not in
the edit form, so each side edits only its own columns. See docs/assessment.md.
"""

from Acquisition import aq_base
from Acquisition import aq_inner
from eiso import _
from eiso.content.fields import FileList
from eiso.content.fields import in_site_language
from eiso.content.fields import Year
from eiso.content.record import RecordFile
from eiso.interfaces import IFullText
from eiso.security.uploads import check_record_file
from plone import api
from plone.app.content.interfaces import INameFromTitle
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.form import validator
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Invalid


ASSESSMENT_TYPE = "Assessment"

# Grades of a total out of 100 (the provincial scoring's usual bands), highest first.
GRADES = (
    (90, "good", _("Good")),
    (70, "fair", _("Fair")),
    (50, "average", _("Average")),
    (0, "weak", _("Weak")),
)


def default_assessment_title(year):
    return in_site_language(
        _("Assessment of the application of ISO 9001 in ${year}", mapping={"year": year}))


class IAssessmentSchema(model.Schema):
    """Fields of an assessment; the grid ``scores`` is edited on the assessment's page."""

    year = Year(title=_("Year"), description=_("One assessment per year."))

    title = schema.TextLine(
        title=_("Title"),
        description=_("Leave empty for “Chấm điểm kết quả áp dụng ISO năm <year>”."),
        required=False,
    )

    notes = schema.Text(title=_("Notes"), required=False)

    evidence_files = FileList(
        "assessment-file",
        title=_("Evidence files"),
        description=_("Decisions, reports, minutes… that prove the scores; the "
                      "evidence of each criterion may name them."),
        value_type=RecordFile(title=_("File"), constraint=check_record_file),
    )

    # [{code, criterion, max_points, self_score, evidence, assessor_score,
    #   assessor_comment}], made from the criteria when the assessment is added.
    # Written only through ``eiso.assessments.workflow.set_scores`` (the page), which
    # checks the limits and lets each side write only its own columns: REST and the
    # edit form cannot write it (Manage portal: the site's Managers only).
    directives.omitted("scores")
    directives.write_permission(scores="cmf.ManagePortal")
    scores = schema.List(
        title=_("Scores"),
        value_type=schema.Dict(key_type=schema.TextLine()),
        required=False,
        defaultFactory=list,
        missing_value=[],
    )


def assessment_taken(context, year):
    """The title of another assessment of ``context``'s agency for ``year``, else None.
    ``context`` is the item (edit) or its container (add)."""
    from eiso.content.agency import get_agency

    agency = get_agency(context)
    if agency is None or not year:
        return None
    own = getattr(aq_base(context), "UID", None)
    own = context.UID() if own is not None and getattr(
        aq_base(context), "portal_type", None) == ASSESSMENT_TYPE else None
    for brain in api.content.find(
            context=agency, portal_type=ASSESSMENT_TYPE, year=year, unrestricted=True):
        if brain.UID != own:
            return brain.Title
    return None


class UniqueYearValidator(validator.SimpleFieldValidator):
    """Refuses a second assessment of the agency for the same year (add and edit)."""

    def validate(self, value):
        super().validate(value)
        title = assessment_taken(aq_inner(self.context), value)
        if title is not None:
            raise Invalid(_("The agency already has an assessment for ${year}: “${title}”.",
                            mapping={"year": value, "title": title}))


validator.WidgetValidatorDiscriminators(UniqueYearValidator, field=IAssessmentSchema["year"])


def _total(rows, key):
    values = [row.get(key) for row in rows or ()]
    if not values or any(value is None for value in values):
        return None
    return round(sum(values), 2)


def grade_of(total):
    """(id, title) of the grade of ``total``; None without a total."""
    if total is None:
        return None
    for threshold, grade, title in GRADES:
        if total >= threshold:
            return grade, title
    return GRADES[-1][1], GRADES[-1][2]


@implementer(IAssessmentSchema, IFullText)
class Assessment(Item):
    """One year's assessment of an agency: the grid of scores, computed when read."""

    def Title(self):
        return self.title or (default_assessment_title(self.year)
                              if getattr(self, "year", None) else "")

    def max_total(self):
        return sum(row.get("max_points") or 0 for row in self.scores or ())

    def self_total(self):
        """The sum of the self scores; None while one is missing."""
        return _total(self.scores, "self_score")

    def assessor_total(self):
        """The sum of the assessor's scores; None while one is missing."""
        return _total(self.scores, "assessor_score")

    def grade(self):
        """(id, title) of the grade of the assessor's total, None while not scored."""
        return grade_of(self.assessor_total())


@implementer(INameFromTitle)
@adapter(IAssessmentSchema)
class AssessmentNameFromTitle:
    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.Title()
