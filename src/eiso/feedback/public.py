"""The public form "Gửi ý kiến phản ánh" of each agency (collective.easyform).

Every agency has an EasyForm (created with the agency, and by the upgrade to 1006 for
the agencies already there), published to anonymous visitors. The forms live outside
the agencies, in the site's public folder ``gui-y-kien`` (``/gui-y-kien/<agency id>``),
each linked to its agency by UID (``agency_uid``): an agency stays wholly private
(SPEC §3: a user with no role in it sees nothing of it, not even through the catalog)
while its form is "explicitly public" (SPEC §3).
Its fields are the citizen's name, contact, the procedure concerned (free text)
and the content, plus two spam checks:

- ``website``, a honeypot: an ordinary text field hidden by CSS (``eiso-hp``).
  People never see it; robots that fill every field do.
- ``eiso_token``, a hidden field holding the time the form was shown, signed with
  the site's keyring (plone.keyring, HMAC-SHA256, bound to the form's UID).
  A submission faster than ``MIN_SECONDS``, older than ``MAX_SECONDS`` or with a
  bad signature is refused.

The form's action, :class:`FileFeedback` (an easyform action like its Mailer and
SaveData, type ``eiso.feedback.public.FileFeedback``), checks those, the contact,
the length of the texts and how many feedbacks the client's IP address sent
recently (``RATE_LIMIT`` in ``RATE_WINDOW`` seconds; ``X-Forwarded-For`` only when
``eiso.feedback_trust_forwarded_for`` is set), then files a ``CustomerFeedback``
in the agency's ``kiem-soat`` as the site (elevated with
``plone.api.env.adopt_roles``: anonymous has no permission in the section) — channel
"Biểu mẫu trực tuyến", state ``received``, owned by the site's owner — and the
thank-you page gives its code. Anonymous visitors never see the feedback.
Any refusal is a Vietnamese message on the form and nothing is created.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from collective.easyform.actions import Action
from collective.easyform.actions import ActionFactory
from collective.easyform.api import get_context
from collective.easyform.config import FORM_ERROR_MARKER
from collective.easyform.interfaces import IAction
from eiso import _
from eiso import logger
from eiso.content.feedback import MAX_CONTACT
from eiso.content.feedback import MAX_CONTENT
from eiso.content.feedback import MAX_NAME
from eiso.content.feedback import ONLINE_FORM
from eiso.content.feedback import SECTION_ID
from eiso.content.feedback import valid_contact
from plone import api
from plone.supermodel.exportimport import BaseHandler
from zope.annotation.interfaces import IAnnotations
from zope.component import getUtility
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.interface import Interface
from zope.schema import ValidationError

import hashlib
import hmac
import time


FOLDER_ID = "gui-y-kien"
TOKEN_FIELD = "eiso_token"
HONEYPOT_FIELD = "website"
HONEYPOT_CLASS = "eiso-hp"
MIN_SECONDS = 3  # a person needs longer than this to fill the form in
MAX_SECONDS = 2 * 60 * 60  # a form shown longer ago than this is stale
RATE_LIMIT = 5  # feedbacks accepted from one IP address…
RATE_WINDOW = 10 * 60  # …within this many seconds
RATE_KEY = "eiso.feedback.rate"
CODE_KEY = "eiso.feedback.code"


class IFeedbackForm(Interface):
    """Marker of an agency's public feedback form (its own view and thank-you page)."""


# -- the signed time stamp -----------------------------------------------------


def _secrets():
    from plone.keyring.interfaces import IKeyManager

    manager = getUtility(IKeyManager)
    return [secret for secret in manager["_system"] if secret]


def _signature(secret, form_uid, stamp):
    message = f"{form_uid}:{stamp}".encode()
    return hmac.new(secret.encode() if isinstance(secret, str) else secret, message,
                    hashlib.sha256).hexdigest()


def make_token(form, now=None):
    """``<unix time>.<HMAC of the form's UID and that time>``, signed with the keyring."""
    stamp = str(int(now if now is not None else time.time()))
    return f"{stamp}.{_signature(_secrets()[0], form.UID(), stamp)}"


def token_problem(form, token, now=None):
    """None when ``token`` is good, else the message for the citizen."""
    stamp, _sep, signature = (token or "").strip().partition(".")
    valid = stamp.isdigit() and any(
        hmac.compare_digest(_signature(secret, form.UID(), stamp), signature)
        for secret in _secrets()
    )
    if not valid:
        return _("The form could not be checked. Reload the page and send your feedback "
                 "again.")
    age = (now if now is not None else time.time()) - int(stamp)
    if age < MIN_SECONDS:
        return _("The form was sent too quickly. Please check your feedback and send it "
                 "again.")
    if age > MAX_SECONDS:
        return _("The form has been open for too long. Reload the page and send your "
                 "feedback again.")
    return None


# -- how many from one address ---------------------------------------------------


def client_address(request):
    """The client's IP address: ``X-Forwarded-For``'s first entry only when the site is
    configured to trust it (behind a reverse proxy), else the connection's address."""
    trusted = api.portal.get_registry_record(
        "eiso.feedback_trust_forwarded_for", default=False)
    if trusted:
        forwarded = request.get_header("X-Forwarded-For") or ""
        first = forwarded.split(",")[0].strip()
        if first:
            return first
    return request.get("REMOTE_ADDR") or ""


def _rate_store(create=False):
    annotations = IAnnotations(api.portal.get())
    store = annotations.get(RATE_KEY)
    if store is None and create:
        store = annotations[RATE_KEY] = OOBTree()
    return store


def recent_submissions(address, now=None):
    """Times (unix) of the feedbacks accepted from ``address`` within ``RATE_WINDOW``."""
    now = now if now is not None else time.time()
    store = _rate_store()
    if store is None:
        return []
    return [stamp for stamp in store.get(address, ()) if now - stamp < RATE_WINDOW]


def record_submission(address, now=None):
    """Remember one accepted feedback from ``address``; forget addresses gone quiet."""
    now = now if now is not None else time.time()
    store = _rate_store(create=True)
    store[address] = tuple(recent_submissions(address, now)) + (now,)
    for key in [key for key, stamps in store.items()
                if not stamps or now - max(stamps) >= RATE_WINDOW]:
        del store[key]


# -- the agency of a form --------------------------------------------------------


def form_agency(form):
    """The agency whose form ``form`` is (the visitor may not see it: found unrestricted)."""
    uid = getattr(aq_base(form), "agency_uid", None)
    if not uid:
        return None
    catalog = api.portal.get_tool("portal_catalog")
    brains = catalog.unrestrictedSearchResults(UID=uid, portal_type="Agency")
    return brains[0]._unrestrictedGetObject() if brains else None


# -- the action --------------------------------------------------------------------


def _text(value):
    return (value or "").strip() if isinstance(value, str) else ""


def check_submission(form, fields, request):
    """{field name or FORM_ERROR_MARKER: message} of what is wrong; {} when all is good."""
    if _text(fields.get(HONEYPOT_FIELD)):
        return {FORM_ERROR_MARKER: _("Your feedback could not be accepted.")}
    problem = token_problem(form, fields.get(TOKEN_FIELD))
    if problem:
        return {FORM_ERROR_MARKER: problem}
    if len(recent_submissions(client_address(request))) >= RATE_LIMIT:
        return {FORM_ERROR_MARKER: _(
            "You have sent ${count} feedbacks in the last ${minutes} minutes. Please wait "
            "a little before sending another one.",
            mapping={"count": RATE_LIMIT, "minutes": RATE_WINDOW // 60})}
    errors = {}
    if not _text(fields.get("noi_dung")):
        errors["noi_dung"] = _("Write the content of the feedback.")
    elif len(_text(fields.get("noi_dung"))) > MAX_CONTENT:
        errors["noi_dung"] = _("The content is too long: at most ${size} characters.",
                               mapping={"size": MAX_CONTENT})
    if not _text(fields.get("ho_ten")):
        errors["ho_ten"] = _("Write your name.")
    elif len(_text(fields.get("ho_ten"))) > MAX_NAME:
        errors["ho_ten"] = _("The name is too long: at most ${size} characters.",
                             mapping={"size": MAX_NAME})
    if len(_text(fields.get("thu_tuc"))) > MAX_NAME:
        errors["thu_tuc"] = _("The name of the procedure is too long: at most ${size} "
                              "characters.", mapping={"size": MAX_NAME})
    contact = _text(fields.get("lien_he"))
    if not contact:
        errors["lien_he"] = _("Write a phone number or an e-mail address where we can "
                              "answer you.")
    elif len(contact) > MAX_CONTACT:
        errors["lien_he"] = _("The contact is too long: at most ${size} characters.",
                              mapping={"size": MAX_CONTACT})
    else:
        try:
            valid_contact(contact)
        except ValidationError as error:
            errors["lien_he"] = error.doc()
    return errors


def file_feedback(form, agency, fields):
    """Add the feedback to the agency's ``kiem-soat`` as the site; return it.

    Anonymous holds no permission there: the item is created with Manager's roles,
    then owned by the site's owner, with no creator (the citizen has no account).
    """
    from eiso.feedback import create_feedback

    section = agency[SECTION_ID]
    with api.env.adopt_roles(["Manager"]):
        item = create_feedback(
            section,
            channel=ONLINE_FORM,
            citizen_name=_text(fields.get("ho_ten")),
            contact=_text(fields.get("lien_he")),
            procedure_text=_text(fields.get("thu_tuc")) or None,
            description=_text(fields.get("noi_dung")),
        )
        owner = api.portal.get().getOwner()
        owner_id = owner.getId() if owner is not None else None
        for principal, roles in list(item.get_local_roles()):
            if "Owner" in roles and principal != owner_id:
                remaining = [role for role in roles if role != "Owner"]
                if remaining:
                    item.manage_setLocalRoles(principal, remaining)
                else:
                    item.manage_delLocalRoles([principal])
        if owner is not None:
            item.changeOwnership(owner)
            item.manage_addLocalRoles(owner_id, ["Owner"])
        item.creators = ()
        item.reindexObject()
        item.reindexObjectSecurity()
    return item


class IFileFeedback(IAction):
    """The action that files a customer feedback (no settings of its own)."""


@implementer(IFileFeedback)
class FileFeedback(Action):
    """EasyForm action: check the submission and file a ``CustomerFeedback``."""

    def onSuccess(self, fields, request):
        form = get_context(self)
        agency = form_agency(form)
        if agency is None or SECTION_ID not in agency.objectIds():
            logger.error("Feedback form %s has no agency", form.absolute_url())
            return {FORM_ERROR_MARKER: translate(
                _("This form is not attached to an agency."), context=request)}
        errors = check_submission(form, fields, request)
        if errors:
            return {key: translate(message, context=request) for key, message in errors.items()}
        item = file_feedback(form, agency, fields)
        record_submission(client_address(request))
        # for the thank-you page; not request.set: a form field of that name would show
        IAnnotations(request)[CODE_KEY] = item.code
        return None


FileFeedbackAction = ActionFactory(
    FileFeedback, _("File a customer feedback"), "cmf.ManagePortal"
)
FileFeedbackHandler = BaseHandler(FileFeedback)


# -- the form of an agency ---------------------------------------------------------

FIELDS_MODEL = """<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema"
       xmlns:easyform="http://namespaces.plone.org/supermodel/easyform">
  <schema>
    <field name="ho_ten" type="zope.schema.TextLine">
      <title>Họ và tên</title>
      <description>Tên của ông/bà hoặc của tổ chức.</description>
      <max_length>{max_name}</max_length>
    </field>
    <field name="lien_he" type="zope.schema.TextLine">
      <title>Số điện thoại hoặc thư điện tử</title>
      <description>Cơ quan trả lời ông/bà theo số điện thoại hoặc địa chỉ thư điện tử này.</description>
      <max_length>{max_contact}</max_length>
    </field>
    <field name="thu_tuc" type="zope.schema.TextLine">
      <title>Thủ tục hành chính liên quan</title>
      <description>Nếu có, ví dụ: Cấp giấy phép xây dựng.</description>
      <required>False</required>
      <max_length>{max_name}</max_length>
    </field>
    <field name="noi_dung" type="zope.schema.Text">
      <title>Nội dung phản ánh, kiến nghị</title>
      <description>Tối đa {max_content} ký tự.</description>
      <max_length>{max_content}</max_length>
    </field>
    <field name="{honeypot}" type="zope.schema.TextLine" easyform:css_class="{honeypot_class}">
      <title>Trang web (để trống ô này)</title>
      <required>False</required>
    </field>
    <field name="{token}" type="zope.schema.TextLine" easyform:THidden="True">
      <title>Mã kiểm tra</title>
      <required>False</required>
    </field>
  </schema>
</model>
""".format(max_name=MAX_NAME, max_contact=MAX_CONTACT, max_content=MAX_CONTENT,
           honeypot=HONEYPOT_FIELD, honeypot_class=HONEYPOT_CLASS, token=TOKEN_FIELD)

ACTIONS_MODEL = """<?xml version="1.0" encoding="utf-8"?>
<model xmlns="http://namespaces.plone.org/supermodel/schema">
  <schema>
    <field name="file_feedback" type="eiso.feedback.public.FileFeedback">
      <title>Tạo ý kiến phản ánh trong mục Kiểm soát</title>
      <required>True</required>
    </field>
  </schema>
</model>
"""

FOLDER_TITLE = FORM_TITLE = "Gửi ý kiến phản ánh"


def _publish(obj):
    if api.content.get_state(obj, default=None) not in (None, "published"):
        api.content.transition(obj=obj, to_state="published")


def feedback_folder(create=False):
    """The site's public folder of the feedback forms (created when ``create``)."""
    from plone.dexterity.utils import createContentInContainer

    portal = api.portal.get()
    folder = portal.get(FOLDER_ID)
    if folder is not None or not create:
        return folder
    with api.env.adopt_roles(["Manager"]):
        folder = createContentInContainer(
            portal, "Folder", checkConstraints=False, id=FOLDER_ID, title=FOLDER_TITLE,
            description="Người dân, tổ chức gửi ý kiến phản ánh, kiến nghị tới cơ quan "
                        "về thủ tục hành chính và việc giải quyết hồ sơ: chọn cơ quan.",
        )
        folder.exclude_from_nav = True
        _publish(folder)
        folder.reindexObject()
    return folder


def feedback_form(agency):
    """The agency's public feedback form, or None."""
    folder = feedback_folder()
    if agency is None or folder is None:
        return None
    uid = agency.UID()
    form = folder.get(agency.getId())
    if form is not None and getattr(aq_base(form), "agency_uid", None) == uid:
        return form
    for form in folder.objectValues():
        if IFeedbackForm.providedBy(form) and getattr(aq_base(form), "agency_uid", None) == uid:
            return form
    return None


def ensure_feedback_form(agency):
    """Create the agency's public form when it has none; publish it. Return it."""
    from plone.dexterity.utils import addContentToContainer
    from plone.dexterity.utils import createContent

    form = feedback_form(agency)
    if form is not None:
        return form
    folder = feedback_folder(create=True)
    form_id = agency.getId()
    if form_id in folder.objectIds():
        form_id = f"{form_id}-{agency.UID()[:8]}"
    with api.env.adopt_roles(["Manager"]):
        # marked before it is added, so that it is indexed as a feedback form from the start
        form = createContent(
            "EasyForm",
            id=form_id,
            title=f"{FORM_TITLE} — {agency.Title()}",
            description=f"Ông/bà gửi ý kiến phản ánh, kiến nghị tới {agency.Title()} "
                        "về thủ tục hành chính và việc giải quyết hồ sơ.",
            fields_model=FIELDS_MODEL,
            actions_model=ACTIONS_MODEL,
            submitLabel="Gửi ý kiến",
            thankstitle="Cảm ơn ông/bà đã gửi ý kiến",
            includeEmpties=False,
        )
        form.agency_uid = agency.UID()
        alsoProvides(form, IFeedbackForm)
        form = addContentToContainer(folder, form, checkConstraints=False)
        _publish(form)
        form.reindexObject()
    logger.info("Created the feedback form of %s", agency.Title())
    return form


def agency_added(agency, event):
    """Each new agency (a copied one too) gets its public feedback form."""
    if aq_base(agency) is not aq_base(event.object):
        return
    ensure_feedback_form(agency)


def agency_removed(agency, event):
    """An agency deleted takes its public form with it."""
    if aq_base(agency) is not aq_base(event.object) or event.newParent is not None:
        return
    try:
        form = feedback_form(agency)
    except Exception:  # the site itself is going away
        return
    if form is not None:
        with api.env.adopt_roles(["Manager"]):
            api.content.delete(obj=form, check_linkintegrity=False)
