"""Management reviews (Xem xét của lãnh đạo, ISO 9001 9.3) of an agency, kept in ``danh-gia``.

``ManagementReview`` (Thông báo xem xét của lãnh đạo, seed 002 §5): the ISO secretary
drafts the notice — meeting date, agenda (the inputs of ISO 9001 9.3.2), the
departments that report and the deadline of their reports — a leader approves it,
the secretary notifies the departments (``notify`` adds one ``ReviewReport`` per
department, handled by its head), collects their reports and asks the leader to
conclude (``request_conclusion``); once every report is concluded the leader
concludes the review (``conclude``) and the secretary records the result
(``record``, the minutes). Workflow ``eiso_review_workflow``.

``ReviewReport`` (Báo cáo của phòng ban): a department's report — its quality
objectives' targets (pre-filled from the applied objectives) with the results and
the causes of shortfalls, and the other inputs — then the leader's conclusion
(kết luận, chỉ đạo, trách nhiệm triển khai, thời hạn, khắc phục). Workflow
``eiso_review_report_workflow``. See docs/reviews.md.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso import _
from eiso.content.fields import in_site_language
from eiso.content.fields import table
from eiso.content.fields import Year
from eiso.content.quality_objectives import Percent
from eiso.interfaces import IFullText
from plone.app.content.interfaces import INameFromTitle
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.dexterity.content import Item
from plone.supermodel import model
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.interface import Interface
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


REVIEW_TYPE = "ManagementReview"
REPORT_TYPE = "ReviewReport"
SECTION_ID = "danh-gia"

# The inputs of a management review (TCVN ISO 9001:2015, 9.3.2), in the standard's order.
OBJECTIVES = "objectives"
REVIEW_INPUTS = (
    ("previous_actions", _("a) The status of actions from previous management reviews")),
    ("context_changes", _("b) Changes in external and internal issues relevant to the "
                          "quality management system")),
    ("customer_satisfaction", _("c1) Customer satisfaction and feedback from relevant "
                                "interested parties")),
    (OBJECTIVES, _("c2) The extent to which quality objectives have been met")),
    ("process_performance", _("c3) Process performance and conformity of products and "
                              "services")),
    ("nonconformities", _("c4) Nonconformities and corrective actions")),
    ("monitoring", _("c5) Monitoring and measurement results")),
    ("audits", _("c6) Audit results")),
    ("external_providers", _("c7) The performance of external providers")),
    ("resources", _("d) The adequacy of resources")),
    ("risks", _("e) The effectiveness of actions taken to address risks and "
                "opportunities")),
    ("improvement", _("f) Opportunities for improvement")),
)
REVIEW_INPUT_IDS = tuple(key for key, title in REVIEW_INPUTS)
INPUTS = SimpleVocabulary([SimpleTerm(key, key, title) for key, title in REVIEW_INPUTS])


def all_inputs():
    return list(REVIEW_INPUT_IDS)


def default_review_title(year):
    return in_site_language(_("Management review notice ${year}", mapping={"year": year}))


class IManagementReviewSchema(model.Schema):
    """Fields of a management review notice (SPEC §8; the names are a contract)."""

    year = Year(title=_("Year"))

    title = schema.TextLine(
        title=_("Title"),
        description=_("Leave empty for “Thông báo xem xét của lãnh đạo năm <year>”."),
        required=False,
    )

    meeting_date = schema.Date(title=_("Meeting date"))

    meeting_place = schema.TextLine(title=_("Meeting place"), required=False)

    directives.widget("agenda", CheckBoxFieldWidget)
    agenda = schema.List(
        title=_("Agenda (inputs of the review, ISO 9001 9.3.2)"),
        description=_("What the departments report on and the meeting reviews."),
        value_type=schema.Choice(vocabulary=INPUTS),
        defaultFactory=all_inputs,
        missing_value=[],
        required=True,
        min_length=1,
    )

    directives.widget("departments", CheckBoxFieldWidget)
    departments = schema.List(
        title=_("Departments that report"),
        description=_("Notifying the departments gives each one a report to fill in."),
        value_type=schema.Choice(vocabulary="eiso.AgencyDepartments"),
        defaultFactory=list,
        missing_value=[],
        required=True,
        min_length=1,
    )

    report_deadline = schema.Date(title=_("Deadline of the departments' reports"))

    notes = schema.Text(title=_("Notes"), required=False)

    model.fieldset("result", label=_("Result of the review"), fields=["minutes"])
    # The ISO secretary records the result at Bước 5 (``record`` needs it).
    directives.write_permission(minutes="eiso.RecordReviewResult")
    minutes = schema.Text(
        title=_("Minutes of the review"),
        description=_("The result of the review meeting: decisions and actions."),
        required=False,
    )


@implementer(IManagementReviewSchema, IFullText)
class ManagementReview(Container):
    """A management review: the notice, the departments' reports inside, the minutes."""

    def Title(self):
        return self.title or (default_review_title(self.year) if getattr(self, "year", None)
                              else "")

    def reports(self):
        """{department id: its ReviewReport} of the reports inside (unrestricted)."""
        return {
            getattr(report, "department", None): report
            for report in self.objectValues()
            if getattr(report, "portal_type", None) == REPORT_TYPE
        }


@implementer(INameFromTitle)
@adapter(IManagementReviewSchema)
class ReviewNameFromTitle:
    def __init__(self, context):
        self.context = context

    @property
    def title(self):
        return self.context.Title()


class IReviewObjective(Interface):
    """One quality objective of a department's report (SPEC §8; the names are a contract)."""

    objective = schema.TextLine(title=_("Quality objective"), required=False)
    target = Percent(title=_("Target (%)"), required=False)
    result = Percent(title=_("Result (%)"), required=False)
    cause = schema.TextLine(title=_("Cause"), required=False)


# The leader's conclusion on a report, all needed by ``conclude``.
CONCLUSION_FIELDS = ("conclusion", "direction", "responsibility", "completion_date")


class IReviewReportSchema(model.Schema):
    """Fields of a department's report to the management review (SPEC §8)."""

    directives.write_permission(department="cmf.ManagePortal")
    department = schema.Choice(
        title=_("Department"),
        vocabulary="eiso.AgencyDepartments",
        required=False,
    )

    directives.widget("objectives", DataGridFieldWidgetFactory)
    objectives = table(
        _("Achievement of the quality objectives"), IReviewObjective,
        _("The targets of the applied quality objectives: fill in the results and the "
          "causes of any shortfall."),
        row_title=_("Quality objective"),
    )

    performance = schema.Text(
        title=_("Results achieved"),
        description=_("What the department achieved over the period."),
        required=False,
    )

    other_inputs = schema.Text(
        title=_("Other inputs of the review"),
        description=_("The department's information on the other items of the agenda: "
                      "customer feedback, nonconformities, audits, resources, risks, "
                      "opportunities for improvement…"),
        required=False,
    )

    model.fieldset(
        "conclusion",
        label=_("Leader's conclusion"),
        fields=["conclusion", "direction", "responsibility", "completion_date",
                "corrective_action"],
    )
    directives.write_permission(
        conclusion="eiso.ConcludeReviewReport", direction="eiso.ConcludeReviewReport",
        responsibility="eiso.ConcludeReviewReport",
        completion_date="eiso.ConcludeReviewReport",
        corrective_action="eiso.ConcludeReviewReport",
    )
    conclusion = schema.Text(title=_("Conclusion"), required=False)
    direction = schema.Text(title=_("Leader's direction"), required=False)
    responsibility = schema.TextLine(title=_("Responsibility for carrying it out"),
                                     required=False)
    completion_date = schema.Date(title=_("Completion date"), required=False)
    corrective_action = schema.Text(title=_("Corrective action"), required=False)


@implementer(IReviewReportSchema, IFullText)
class ReviewReport(Item):
    """One department's report to a management review, and the leader's conclusion."""

    def Title(self):
        if self.title:
            return self.title
        return self.department_title()

    def department_title(self):
        from eiso.content.agency import get_agency
        from eiso.members import AgencyMembers

        agency = get_agency(self)
        department = getattr(self, "department", None)
        if agency is not None and department:
            for candidate in AgencyMembers(agency).departments():
                if candidate.getId() == department:
                    return candidate.Title()
        return department or ""

    def case_first_handlers(self):
        """The department's head fills the report in (``eiso.cases.handover.case_added``)."""
        from eiso.reviews.workflow import reporters

        return reporters(self)

    def case_assignment(self, transition):
        """Sent back: the department's head again, by the report deadline if still ahead."""
        from eiso.reviews.workflow import report_deadline
        from eiso.reviews.workflow import reporters

        if transition == "send_back":
            return reporters(self), report_deadline(self)
        return None
