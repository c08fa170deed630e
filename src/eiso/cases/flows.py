"""Per-workflow tables of the case engine: the steps a case waits in and who handles them.

A *step* is a workflow state in which the case waits for someone (Bước 1, 2, …).
States without a step are final: the case is finished (Hoàn thành). For each
transition the table names who handles the next step by default — an agency role
(all its holders in the item's agency) or ``AUTHOR`` (the item's creator); the
acting user may pick others on the transition form. ``role`` on a step is the
role its handlers must have to be able to act (checked on the form).
"""

from dataclasses import dataclass
from dataclasses import field
from eiso import _
from eiso.roles import DOCUMENT_CONTROLLER
from eiso.roles import ISO_SECRETARY
from eiso.roles import LEADER
from eiso.roles import RECORDS_OFFICER


AUTHOR = "author"


@dataclass(frozen=True)
class Step:
    title: str
    role: str = None  # the role a handler of this step needs, None: any member


@dataclass(frozen=True)
class Flow:
    steps: dict  # state id → Step
    handlers: dict  # transition id → agency role or AUTHOR
    author_notified: tuple = ()  # transitions after which the author gets an e-mail
    first_handler: str = AUTHOR
    codes: dict = field(default_factory=dict)  # portal_type → prefix of the case code
    # transition → function(item) giving the next step's default deadline (else step_days)
    deadlines: dict = field(default_factory=dict)

    def is_open(self, state):
        return state in self.steps


FLOWS = {
    "eiso_approval_workflow": Flow(
        steps={
            "draft": Step(_("Drafting and submitting")),
            "pending": Step(_("Leader's approval"), role=LEADER),
            "approved": Step(_("Issuing and applying")),
        },
        handlers={
            "submit": LEADER,
            "approve": ISO_SECRETARY,
            "send_back": AUTHOR,
            "redraft": AUTHOR,
        },
        author_notified=("approve", "send_back", "reject"),
        codes={"ContextAnalysis": "BC", "QualityPolicy": "CS",
               "QualityObjectives": "MT", "Risk": "RR",
               "AuditProgramme": "CT", "ImprovementPlan": "KHCT"},
    ),
    # Records (SPEC §5, seed functions 18–19): borrowing and disposal.
    "eiso_borrow_workflow": Flow(
        steps={
            "requested": Step(_("Leader's approval of the borrowing"), role=LEADER),
            "approved": Step(_("Lending the records"), role=RECORDS_OFFICER),
            "lent": Step(_("Waiting for the records to be returned"), role=RECORDS_OFFICER),
        },
        handlers={
            "approve": RECORDS_OFFICER,
            "lend": RECORDS_OFFICER,
        },
        author_notified=("approve", "reject", "lend"),
        first_handler=LEADER,
        codes={"BorrowRequest": "PM"},
        # Lent records are due back on the agreed date: overdue after it.
        deadlines={"lend": lambda item: getattr(item, "return_date", None)},
    ),
    "eiso_disposal_workflow": Flow(
        steps={
            "draft": Step(_("Drafting and submitting")),
            "pending": Step(_("Leader's approval"), role=LEADER),
            "approved": Step(_("Destroying the records"), role=RECORDS_OFFICER),
        },
        handlers={
            "submit": LEADER,
            "approve": RECORDS_OFFICER,
            "send_back": AUTHOR,
        },
        author_notified=("approve", "send_back", "reject", "execute"),
        codes={"DisposalProposal": "DH"},
    ),
    # Controlled documents (SPEC §5): the approved step waits for the effective date
    # (eiso.documents.workflow sets its deadline and makes the document effective).
    "eiso_document_workflow": Flow(
        steps={
            "draft": Step(_("Drafting and submitting")),
            "reviewing": Step(_("Reviewing the draft")),
            "pending": Step(_("Leader's approval"), role=LEADER),
            "approved": Step(_("Waiting for the effective date")),
        },
        handlers={
            "submit": ISO_SECRETARY,
            "endorse": LEADER,
            "approve": DOCUMENT_CONTROLLER,
            "send_back": AUTHOR,
        },
        author_notified=("approve", "send_back"),
        codes={"ControlledDocument": "TL"},
        deadlines={"approve": lambda item: item.effective_deadline()},
    ),
    # Document change requests (SPEC §6): the document controller or a leader decides.
    "eiso_change_request_workflow": Flow(
        steps={
            "draft": Step(_("Drafting and submitting")),
            "pending": Step(_("Deciding on the change request")),
        },
        handlers={
            "submit": DOCUMENT_CONTROLLER,
            "send_back": AUTHOR,
        },
        author_notified=("approve", "send_back", "reject"),
        codes={"DocumentChangeRequest": "DX"},
    ),
    # Nonconformities (SPEC §8, seed functions 29–30): the department's head analyses
    # (Nonconformity.case_first_handlers), a leader approves, the person responsible
    # corrects by the action's due date (Nonconformity.case_assignment), the ISO
    # secretary verifies and closes.
    "eiso_nonconformity_workflow": Flow(
        steps={
            "reported": Step(_("Analysing the cause")),
            "analysed": Step(_("Leader's approval of the corrective action"), role=LEADER),
            "approved": Step(_("Carrying out the corrective action")),
            "implementing": Step(_("Verifying the effectiveness"), role=ISO_SECRETARY),
            "verified": Step(_("Closing the nonconformity report"), role=ISO_SECRETARY),
        },
        handlers={
            "analyse": LEADER,
            "implement": ISO_SECRETARY,
            "verify": ISO_SECRETARY,
        },
        author_notified=("reject", "close"),
        codes={"Nonconformity": "KPH"},
    ),
    # Improvement proposals (SPEC §8, seed functions 12–13): a leader decides; an accepted
    # proposal waits for the ISO secretary until the end of the year, who puts it in the
    # improvement plan (eiso.improvements.plans: applying the plan includes it).
    "eiso_improvement_workflow": Flow(
        steps={
            "draft": Step(_("Drafting and submitting")),
            "pending": Step(_("Leader's decision on the proposal"), role=LEADER),
            "accepted": Step(_("Putting into the improvement plan"), role=ISO_SECRETARY),
        },
        handlers={
            "submit": LEADER,
            "approve": ISO_SECRETARY,
            "send_back": AUTHOR,
        },
        author_notified=("approve", "send_back", "reject", "include"),
        codes={"ImprovementProposal": "DXCT"},
        deadlines={"approve": lambda item: _end_of_year()},
    ),
    # Internal audits (SPEC §8, seed 001 "Thực hiện đánh giá nội bộ"): a leader approves
    # the plan; its lead auditor starts the audit and submits the report
    # (InternalAudit.case_assignment); a leader or the ISO secretary closes it.
    "eiso_audit_workflow": Flow(
        steps={
            "draft": Step(_("Drafting and submitting")),
            "pending": Step(_("Leader's approval"), role=LEADER),
            "planned": Step(_("Starting the audit")),
            "in_progress": Step(_("Auditing and reporting")),
            "reported": Step(_("Closing the audit")),
        },
        handlers={
            "submit": LEADER,
            "approve": ISO_SECRETARY,
            "start": ISO_SECRETARY,
            "report": LEADER,
            "send_back": AUTHOR,
        },
        author_notified=("approve", "send_back", "reject", "report", "close"),
        codes={"InternalAudit": "DG"},
    ),
    # Customer feedback (SPEC §8, seed functions 27–28): the ISO secretary assigns it to a
    # handling department, whose head writes the response (CustomerFeedback.case_assignment);
    # a leader approves the response.
    "eiso_feedback_workflow": Flow(
        steps={
            "received": Step(_("Assigning the feedback"), role=ISO_SECRETARY),
            "handling": Step(_("Writing the response")),
            "responded": Step(_("Leader's approval of the response"), role=LEADER),
        },
        handlers={
            "respond": LEADER,
        },
        first_handler=ISO_SECRETARY,
        codes={"CustomerFeedback": "PA"},
    ),
}


def _end_of_year():
    from datetime import date

    return date(date.today().year, 12, 31)


def workflow_of(item):
    from plone import api

    chain = api.portal.get_tool("portal_workflow").getChainFor(item)
    return chain[0] if chain else None


def flow_of(item):
    """The Flow of the item's workflow, or None when it is no case."""
    return FLOWS.get(workflow_of(item))


def code_prefix(portal_type):
    for flow in FLOWS.values():
        if portal_type in flow.codes:
            return flow.codes[portal_type]
    return "".join(c for c in portal_type if c.isupper()) or "HS"


# Management reviews (SPEC §5 and §8, seed 002 §5): the ISO secretary drafts the notice
# (Bước 1), a leader approves it (Bước 2), the ISO secretary notifies the departments and
# collects their reports (Bước 3, until the report deadline), a leader concludes (Bước 4),
# the ISO secretary records the result (Bước 5). Each department's report is a case of
# its own: its head fills it in (ReviewReport.case_first_handlers), a leader concludes.
FLOWS["eiso_review_workflow"] = Flow(
    steps={
        "draft": Step(_("ISO secretary drafts the notice")),
        "pending": Step(_("Leader approves"), role=LEADER),
        "approved": Step(_("ISO secretary sends the notice to the departments"),
                         role=ISO_SECRETARY),
        "reporting": Step(_("ISO secretary records the departments' reports"),
                          role=ISO_SECRETARY),
        "concluding": Step(_("Leader concludes and directs"), role=LEADER),
        "recording": Step(_("Recording the result"), role=ISO_SECRETARY),
    },
    handlers={
        "submit": LEADER,
        "approve": ISO_SECRETARY,
        "send_back": AUTHOR,
        "notify": ISO_SECRETARY,
        "request_conclusion": LEADER,
        "conclude": ISO_SECRETARY,
    },
    author_notified=("approve", "send_back", "reject", "record"),
    codes={"ManagementReview": "XXLD"},
    # The secretary collects the reports until their deadline.
    deadlines={"notify": lambda item: _future(getattr(item, "report_deadline", None))},
)
FLOWS["eiso_review_report_workflow"] = Flow(
    steps={
        "draft": Step(_("Department reports")),
        "submitted": Step(_("Leader concludes and directs"), role=LEADER),
    },
    handlers={
        "submit": LEADER,
        "send_back": AUTHOR,  # ReviewReport.case_assignment: the department's head
    },
    codes={"ReviewReport": "BCXX"},
)


def _future(day):
    """``day`` when it has not passed yet, else None (a step's usual deadline)."""
    from datetime import date

    return day if day is not None and day >= date.today() else None


# Assessments of the application of ISO (SPEC §10, seed 001 steps 3–5): the agency's
# ISO secretary self-scores (Bước 1), a leader approves the self-assessment (Bước 2);
# then it is the superior agency's: its Assessors (a global role, not members of the
# agency) score and publish it by the workflow's transitions, so for the agency the
# case is finished once approved (``submitted`` and ``scored`` are not its steps).
FLOWS["eiso_assessment_workflow"] = Flow(
    steps={
        "draft": Step(_("ISO secretary self-scores the agency")),
        "pending": Step(_("Leader approves the self-assessment"), role=LEADER),
    },
    handlers={
        "submit": LEADER,
        "send_back": AUTHOR,
    },
    author_notified=("approve", "send_back", "publish"),
    codes={"Assessment": "CD"},
)
