"""Moving a case: the one place where handlers, deadlines and steps change.

``hand_over(item, transition, ...)`` is what the transition form ("Chuyển hồ sơ")
calls: it checks everything first and changes nothing when something is wrong,
then fires the transition. ``after_transition`` (a subscriber) does the rest for
every transition, whoever fires it — the form, ``@workflow/<transition>`` through
REST, or code: it closes the current step, opens the next one with its handlers,
department and deadline, moves the ``CaseHandler`` local role to the new
handlers, records the audit trail and notifies (``CaseHandedOver``).

Who handles the next step: the form's choice; else, through REST, the
assignment fields when they were changed since the step began (PATCH before
``@workflow``); else the transition's default in ``eiso.cases.flows``.
"""

from datetime import date
from datetime import datetime
from DateTime import DateTime
from eiso import _
from eiso.behaviors.assignment import ICase
from eiso.cases import audit
from eiso.cases.audit import AuditTrail
from eiso.cases.events import CaseHandedOver
from eiso.cases.flows import AUTHOR
from eiso.cases.flows import code_prefix
from eiso.cases.flows import flow_of
from eiso.cases.flows import workflow_of
from eiso.cases.steps import CaseSteps
from eiso.content.agency import get_agency
from eiso.members import AgencyMembers
from eiso.passing import Message
from eiso.roles import CASE_HANDLER
from eiso.roles import ROLE_TITLES
from eiso.roles import STAFF
from eiso.utils import format_date
from BTrees.Length import Length
from BTrees.OOBTree import OOBTree
from Acquisition import aq_base
from plone import api
from zope.annotation.interfaces import IAnnotations
from zope.event import notify
from zope.i18n import translate


SEQUENCE_KEY = "eiso.case.sequences"
# What the transition form chose (handlers, department, deadline, files), for
# after_transition and the records workflow during the transition.
HANDOVER = Message()


class CaseError(ValueError):
    """Bad input for a hand-over; ``message`` is a translatable message."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def _t(message, domain=None):
    """``message`` in the site's language (audit entries are stored translated)."""
    language = api.portal.get_registry_record("plone.default_language", default="vi")
    return translate(message, domain=domain, target_language=language)


def today():
    return date.today()


def _as_date(value):
    if value is None or value == "":
        return None
    if isinstance(value, DateTime):
        return value.asdatetime().date()
    if isinstance(value, datetime):
        return value.date()
    return value


# -- who and when by default --------------------------------------------------

def holders_of(agency, role):
    """Active accounts of the agency holding ``role``, sorted."""
    members = AgencyMembers(agency)
    return sorted(
        principal for principal, roles in agency.get_local_roles()
        if role in roles and STAFF in roles and not members.is_disabled(principal)
    )


def department_of(agency, user_id):
    for department in AgencyMembers(agency).departments():
        if user_id in (department.members or ()):
            return department.getId()
    return None


def default_deadline(start=None):
    from eiso.workingdays import add_working_days

    days = api.portal.get_registry_record("eiso.step_days", default=3)
    return add_working_days(start or today(), days or 0)


def default_assignment(item, transition):
    """(handlers, department, deadline) of the step after ``transition`` by default.

    ``([], None, None)`` when the transition finishes the case.
    """
    flow = flow_of(item)
    workflow = api.portal.get_tool("portal_workflow")[workflow_of(item)]
    new_state = workflow.transitions[transition].new_state_id
    if flow is None or not flow.is_open(new_state):
        return [], None, None
    who = flow.handlers.get(transition, AUTHOR)
    agency = get_agency(item)
    if who == AUTHOR:
        handlers = [item.Creator()] if item.Creator() else []
    else:
        handlers = holders_of(agency, who) if agency is not None else []
    deadline = flow.deadlines[transition](item) if transition in flow.deadlines else None
    # A type sharing a workflow may name the next handler itself (a risk: its
    # treatment's owner, by the treatment's due date, once approved).
    own = getattr(aq_base(item), "case_assignment", None)
    # Called on the item itself, not on aq_base: the method may need its agency.
    assignment = item.case_assignment(transition) if own is not None else None
    if assignment is not None:
        handlers, deadline = assignment
    department = department_of(agency, handlers[0]) if handlers and agency is not None else None
    return handlers, department, _as_date(deadline) or default_deadline()


# -- checks ---------------------------------------------------------------------

def check_assignment(item, new_state, handlers, department, deadline):
    """Raise CaseError when the next step's assignment is not acceptable."""
    flow = flow_of(item)
    if flow is None or not flow.is_open(new_state):
        return
    agency = get_agency(item)
    members = AgencyMembers(agency)
    if not handlers:
        raise CaseError(_("Choose who handles the next step."), "handlers")
    accounts = set(members.member_ids())  # read once, not per handler
    for user_id in handlers:
        if user_id not in accounts or members.is_disabled(user_id):
            raise CaseError(
                _("${user} is not an account of this agency.", mapping={"user": user_id}),
                "handlers",
            )
        role = flow.steps[new_state].role
        if role and role not in agency.get_local_roles_for_userid(user_id):
            raise CaseError(
                _("${user} cannot handle the step “${step}”: it needs the role ${role}.",
                  mapping={"user": _fullname(user_id), "step": _t(flow.steps[new_state].title),
                           "role": _t(ROLE_TITLES.get(role, role))}),
                "handlers",
            )
    if department and department not in {d.getId() for d in members.departments()}:
        raise CaseError(_("This department does not exist in the agency."), "department")
    deadline = _as_date(deadline)
    if deadline is not None and deadline < today():
        raise CaseError(_("The deadline cannot be in the past."), "due_date")


def _fullname(user_id):
    user = api.user.get(userid=user_id)
    return (user.getProperty("fullname") if user else "") or user_id


# -- the hand-over --------------------------------------------------------------

def hand_over(item, transition=None, comment="", files=(), department=None, handlers=None,
              due_date=None):
    """Move ``item`` by ``transition`` (None: save only) to the given handlers.

    ``handlers``/``department``/``due_date`` left None take the transition's
    defaults (for a save only: stay as they are; given ones reassign the step).
    Raises CaseError (nothing changed) on bad input.
    """
    workflow = api.portal.get_tool("portal_workflow")
    actor = api.user.get_current().getId()
    if transition is None:
        _save_only(item, actor, comment, files, department, handlers, due_date)
        return
    allowed = {t["id"] for t in workflow.getTransitionsFor(item)}
    if transition not in allowed:
        raise CaseError(_("This action is not possible now."), "action")
    new_state = workflow[workflow_of(item)].transitions[transition].new_state_id
    default_handlers, default_department, default_due = default_assignment(item, transition)
    if handlers is None or list(handlers) == []:
        handlers = default_handlers
    if department is None:
        department = default_department if set(handlers) == set(default_handlers) else (
            department_of(get_agency(item), handlers[0]) if handlers else None)
    if due_date is None:
        due_date = default_due
    check_assignment(item, new_state, handlers, department, due_date)
    with HANDOVER.given(item, {
        "handlers": list(handlers), "department": department, "due_date": _as_date(due_date),
        "files": list(files),
    }):
        workflow.doActionFor(item, transition, comment=comment or "")


def _save_only(item, actor, comment, files, department, handlers, due_date):
    steps = CaseSteps(item)
    step = steps.current()
    reassigned = False
    if step is not None and handlers is not None and list(handlers) and (
        set(handlers) != set(step["handlers"]) or department != step["department"]
        or _as_date(due_date) != step["deadline"]
    ):
        deadline = _as_date(due_date) if due_date is not None else step["deadline"]
        check_assignment(item, api.content.get_state(item), handlers, department, deadline)
        if department is None:
            department = department_of(get_agency(item), handlers[0])
        previous = dict(step)
        steps.reassign(handlers, department, deadline)
        _assign(item, handlers, department, deadline)
        reassigned = True
    if not comment and not files and not reassigned:
        raise CaseError(_("Nothing to save: write a comment, attach a file or change the handlers."),
                        "comment")
    steps.add_note(actor, comment, files)
    _participate(item, actor)
    trail = AuditTrail(item)
    if reassigned:
        trail.record(audit.ASSIGNMENT, _t(_("Handlers changed: ${handlers}; deadline ${deadline}",
                     mapping={"handlers": ", ".join(_fullname(u) for u in handlers),
                              "deadline": format_date(step["deadline"]) or "—"})), comment)
        notify(CaseHandedOver(item, None, previous, step, actor, comment))
    else:
        trail.record(audit.NOTE, _t(_("Note added (not sent)")), comment)
    item.reindexObject()


def _assign(item, handlers, department, deadline):
    """Set the assignment fields and give the CaseHandler role to ``handlers`` only."""
    item.responsible_users = list(handlers)
    item.responsible_department = department
    item.due_date = deadline
    for principal, roles in list(item.get_local_roles()):
        if CASE_HANDLER in roles and principal not in handlers:
            remaining = [role for role in roles if role != CASE_HANDLER]
            if remaining:
                item.manage_setLocalRoles(principal, remaining)
            else:
                item.manage_delLocalRoles([principal])
    for principal in handlers:
        roles = set(item.get_local_roles_for_userid(principal))
        if CASE_HANDLER not in roles:
            item.manage_setLocalRoles(principal, sorted(roles | {CASE_HANDLER}))
    item.reindexObjectSecurity()


def _participate(item, user_id):
    participants = list(getattr(aq_base(item), "case_participants", None) or ())
    if user_id and user_id not in participants:
        participants.append(user_id)
        item.case_participants = participants


def _next_code(item):
    agency = get_agency(item)
    year = getattr(aq_base(item), "year", None) or today().year
    prefix = code_prefix(item.portal_type)
    annotations = IAnnotations(agency) if agency is not None else None
    if annotations is None:
        return f"{prefix}-{year}"
    if SEQUENCE_KEY not in annotations:
        annotations[SEQUENCE_KEY] = OOBTree()
    sequences = annotations[SEQUENCE_KEY]
    key = f"{prefix}-{year}"
    return f"{key}-{next_number(sequences, key):03d}"


def next_number(sequences, key):
    """One more than the last number ``sequences`` gave for ``key``, stored back.

    The tree keeps a plain integer, not a ``BTrees.Length``: a Length resolves
    concurrent changes by adding them up, so two cases created at the same time
    both read the same number. With an integer, the second transaction to commit
    conflicts on the key and Zope retries it, and it gets the next number.
    """
    last = sequences.get(key, 0)
    if isinstance(last, Length):  # as earlier versions stored it
        last = last()
    sequences[key] = last + 1
    return last + 1


# -- subscribers ----------------------------------------------------------------

def case_added(item, event):
    """Bước 1 starts when a case is created: its author (or the assignees given) handles it."""
    flow = flow_of(item)
    if flow is None:
        return
    if not getattr(aq_base(item), "code", None):
        item.code = _next_code(item)
    state = api.content.get_state(item, default=None)
    steps = CaseSteps(item)
    if len(steps) or state is None or not flow.is_open(state):
        return
    handlers = list(getattr(aq_base(item), "responsible_users", None) or ())
    # A type may name its first handlers itself (a nonconformity: its department's head).
    first = getattr(aq_base(item), "case_first_handlers", None)
    if not handlers and first is not None:
        handlers = list(item.case_first_handlers() or ())
    if not handlers and flow.first_handler != AUTHOR and get_agency(item) is not None:
        handlers = holders_of(get_agency(item), flow.first_handler)
    handlers = handlers or [item.Creator()]
    department = getattr(aq_base(item), "responsible_department", None) or department_of(
        get_agency(item), handlers[0])
    deadline = _as_date(getattr(aq_base(item), "due_date", None))
    if deadline is None and handlers != [item.Creator()]:
        # Bước 1 waits for someone else (a leader, a department head): a step's usual time.
        deadline = default_deadline()
    steps.start(state, flow.steps[state].title, handlers, department, deadline)
    _assign(item, handlers, department, deadline)
    AuditTrail(item).record(audit.CREATED, _t(_("Created")), item.Title())
    item.reindexObject()


def after_transition(item, event):
    if event.transition is None or not ICase.providedBy(item):
        return
    flow = flow_of(item)
    if flow is None:
        return
    actor = api.user.get_current().getId()
    comment = (event.kwargs or {}).get("comment", "") or ""
    explicit = HANDOVER.get(item)
    steps = CaseSteps(item)
    current = steps.current()
    transition = event.transition.getId()
    new_state = event.new_state.getId()
    files = explicit["files"] if explicit else []
    previous = steps.finish(actor, transition, comment, files)
    _participate(item, actor)

    step = None
    if flow.is_open(new_state):
        if explicit:
            handlers, department, deadline = (
                explicit["handlers"], explicit["department"], explicit["due_date"])
        else:
            handlers, department, deadline = _assignment_from_fields(item, current, transition)
        step = steps.start(new_state, flow.steps[new_state].title, handlers, department, deadline)
        _assign(item, handlers, department, deadline)
    else:
        _assign(item, [], None, None)

    title = _t(event.transition.title or transition, domain="plone")
    if step is not None:
        summary = _t(_("${action}: to ${handlers}, deadline ${deadline}", mapping={
            "action": title,
            "handlers": ", ".join(_fullname(u) for u in step["handlers"]) or "—",
            "deadline": format_date(step["deadline"]) or "—",
        }))
    else:
        summary = title
    AuditTrail(item).record(audit.TRANSITION, summary, comment)
    if transition == "apply":
        supersede_previous(item)
    item.reindexObject()
    notify(CaseHandedOver(item, transition, previous, step, actor, comment))


def _assignment_from_fields(item, current, transition):
    """Through REST: fields changed since the step began win over the defaults."""
    handlers, department, deadline = default_assignment(item, transition)
    fields_handlers = list(getattr(aq_base(item), "responsible_users", None) or ())
    fields_department = getattr(aq_base(item), "responsible_department", None)
    fields_deadline = _as_date(getattr(aq_base(item), "due_date", None))
    if current is not None:
        if fields_handlers and set(fields_handlers) != set(current["handlers"]):
            handlers = fields_handlers
            department = department_of(get_agency(item), handlers[0])
        if fields_department and fields_department != current["department"]:
            department = fields_department
        if fields_deadline and fields_deadline != current["deadline"]:
            deadline = fields_deadline
    return handlers, department, deadline


def supersede_previous(item):
    """Applying one supersedes the applied item of the same type, agency and department
    for the same or an earlier year (SPEC §5)."""
    agency = get_agency(item)
    if agency is None or not getattr(aq_base(item), "supersedes_previous", True):
        return
    year = getattr(aq_base(item), "year", None)
    department = getattr(aq_base(item), "department", None)
    brains = api.content.find(
        context=agency, portal_type=item.portal_type, review_state="applied",
        unrestricted=True,
    )
    for brain in brains:
        other = brain._unrestrictedGetObject()
        if other.UID() == item.UID() or getattr(aq_base(other), "department", None) != department:
            continue
        # A type may narrow the scope (procedure guides: the versions of one procedure).
        scope = getattr(aq_base(item), "supersede_scope", None)
        if scope is not None and other.supersede_scope() != scope():
            continue
        other_year = getattr(aq_base(other), "year", None)
        if year is not None and other_year is not None and other_year > year:
            continue
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(
                obj=other, transition="supersede",
                comment=_t(_("Superseded by ${code} ${title}",
                             mapping={"code": getattr(item, "code", "") or "", "title": item.Title()})),
            )



def start_clean(copy, original, owner, handlers, keys=()):
    """A copy of a case that starts a new version of it begins as a new case.

    For a working copy or a new version, in IObjectCopiedEvent (before it is added):
    it forgets the original's steps, audit trail and the other annotation ``keys``,
    points back to it (``revision_of``), waits for ``handlers`` with no department
    or deadline yet, has no participants, and ``owner`` is its only owner (the
    original's local roles are not copied).
    """
    annotations = IAnnotations(copy)
    for key in keys:
        annotations.pop(key, None)
    copy.revision_of = original.UID()
    copy.responsible_users = list(handlers)
    copy.responsible_department = None
    copy.due_date = None
    copy.case_participants = []
    for principal, _roles in list(copy.get_local_roles()):
        copy.manage_delLocalRoles([principal])
    copy.manage_setLocalRoles(owner, ["Owner"])
    copy.creators = (owner,)
    user = api.user.get(userid=owner)
    if user is not None:
        copy.changeOwnership(user.getUser())
