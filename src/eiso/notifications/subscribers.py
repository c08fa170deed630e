"""Who hears about a hand-over (``eiso.cases.events.ICaseHandedOver``).

- The new handlers of the step now open: "Hồ sơ cần xử lý" (after a
  reassignment, only those newly added);
- the author, after the transitions of the flow's ``author_notified``
  (approve, send back, reject): the decision, with the comment.

Nobody is told about what they did themselves. An author who also handles the
next step (sent back) gets one message: the decision with the step.
Every message goes in-app; and by e-mail to those who have an address.
"""

from eiso import _
from eiso.cases.flows import flow_of
from eiso.cases.flows import workflow_of
from eiso.notifications import storage
from eiso.notifications.mail import send
from eiso.notifications.mail import t
from eiso.notifications.mail import user_info
from eiso.utils import format_date
from plone import api
from zope.i18nmessageid import Message


# transition → (subject, first line of the author's message)
DECISIONS = {
    "approve": (
        _("Case ${code} has been approved: ${title}"),
        _("${actor} has approved your case."),
    ),
    "send_back": (
        _("Case ${code} has been sent back for supplement: ${title}"),
        _("${actor} has sent your case back for supplement."),
    ),
    "reject": (
        _("Case ${code} has not been approved: ${title}"),
        _("${actor} has not approved your case."),
    ),
}
OTHER_DECISION = (
    _("Case ${code}: ${action} — ${title}"),
    _("${actor} has acted on your case: ${action}."),
)


def notify(user_id, subject, lines, url):
    """One notification: in-app, and by e-mail when the user has an address."""
    text = "\n".join(lines)
    storage.add(user_id, subject, text, url)
    name, email = user_info(user_id)
    if email:
        greeting = t(_("Dear ${name},", mapping={"name": name}))
        send(email, subject, f"{greeting}\n\n{text}\n\n" + t(_("Open the case: ${url}",
                                                               mapping={"url": url})))


def step_lines(step):
    return [
        t(_("Step ${number}: ${title}", mapping={"number": step["number"], "title": t(step["title"])})),
        t(_("Deadline: ${deadline}", mapping={"deadline": format_date(step["deadline"]) or "—"})),
    ]


def case_handed_over(item, event):
    actor = event.actor
    actor_name = user_info(actor)[0] if actor else ""
    code = getattr(item, "code", "") or ""
    title = item.Title()
    url = item.absolute_url()
    comment = [t(_("Comment: ${comment}", mapping={"comment": event.comment}))] if event.comment else []
    case_line = t(_("Case: ${code} ${title}", mapping={"code": code, "title": title}))

    author = item.Creator()
    flow = flow_of(item)
    tell_author = bool(
        event.transition and flow is not None and event.transition in flow.author_notified
        and author and author != actor
    )

    handlers = []
    if event.step is not None:
        handlers = list(event.step["handlers"])
        if event.transition is None and event.previous:
            handlers = [u for u in handlers if u not in event.previous["handlers"]]
    handlers = [u for u in handlers if u != actor and not (tell_author and u == author)]
    if handlers:
        subject = t(_("Case to handle: ${code} ${title}", mapping={"code": code, "title": title}))
        lines = [t(_("${actor} has sent you a case to handle.", mapping={"actor": actor_name})),
                 case_line, *step_lines(event.step), *comment]
        for user_id in handlers:
            notify(user_id, subject, lines, url)

    if tell_author:
        subject, first = DECISIONS.get(event.transition, OTHER_DECISION)
        mapping = {"code": code, "title": title, "actor": actor_name,
                   "action": transition_title(item, event.transition)}
        lines = [t(Message(first, mapping=mapping)), case_line, *comment]
        if event.step is not None and author in event.step["handlers"]:
            lines += [t(_("You handle the next step.")), *step_lines(event.step)]
        notify(author, t(Message(subject, mapping=mapping)), lines, url)


def transition_title(item, transition):
    workflow = api.portal.get_tool("portal_workflow").getWorkflowById(workflow_of(item))
    definition = workflow.transitions.get(transition) if workflow is not None else None
    return t(definition.title if definition is not None and definition.title else transition,
             domain="plone")
