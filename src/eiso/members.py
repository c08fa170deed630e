"""Accounts of an agency: who belongs to it, their department and their roles.

The agency members page (``@@agency-members``) and the REST service
(``@agency-members``) both go through :class:`AgencyMembers`, so a rule holds
in one place. Every operation validates all of its input first and changes
nothing when any of it is wrong (:class:`MemberError` carries a translatable
message). Membership itself is Plone's: local roles granted on the Agency, so
the Sharing tab and ``@sharing`` show the same thing.
"""

from eiso import _
from eiso.content.section import SECTION_IDS
from eiso.interfaces import IDepartment
from eiso.roles import AGENCY_ROLE_IDS
from eiso.roles import STAFF
from persistent.mapping import PersistentMapping
from plone import api
from zope.annotation.interfaces import IAnnotations

import re
import secrets


ORGANISATION = SECTION_IDS[0]  # "to-chuc": the departments live here
DISABLED_KEY = "eiso.disabled_members"
USER_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,49}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z0-9-]{2,}$")
MIN_PASSWORD_LENGTH = 8


class MemberError(ValueError):
    """Bad input for an account operation; ``message`` is an i18n message."""

    def __init__(self, message, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def check_password(password, user_id=""):
    """Return an error message for a weak password, else None."""
    if not password:
        return _("Please enter a password.")
    if len(password) < MIN_PASSWORD_LENGTH:
        return _(
            "The password must be at least ${length} characters long.",
            mapping={"length": MIN_PASSWORD_LENGTH},
        )
    if not (re.search(r"[A-Za-z]", password) and re.search(r"[0-9]", password)):
        return _("The password must contain both letters and digits.")
    if user_id and user_id.lower() in password.lower():
        return _("The password must not contain the user name.")
    return None


class AgencyMembers:
    """The accounts of one agency."""

    def __init__(self, agency):
        self.agency = agency

    # -- reading ----------------------------------------------------------

    def departments(self):
        organisation = self.agency.get(ORGANISATION)
        if organisation is None:
            return []
        return [obj for obj in organisation.objectValues() if IDepartment.providedBy(obj)]

    def _departments_by_member(self):
        """{user id: department}, reading every department once."""
        return {
            user_id: department
            for department in self.departments()
            for user_id in (department.members or ())
        }

    def _disabled(self, create=False):
        annotations = IAnnotations(self.agency)
        if create and DISABLED_KEY not in annotations:
            annotations[DISABLED_KEY] = PersistentMapping()
        return annotations.get(DISABLED_KEY, {})

    def is_disabled(self, user_id):
        return user_id in self._disabled()

    def _accounts(self):
        """{user id: user} of the agency's accounts, active and disabled."""
        accounts = {}
        for principal_id, roles in self.agency.get_local_roles():
            if STAFF in roles:
                user = api.user.get(userid=principal_id)
                if user is not None:  # groups and removed users are no accounts
                    accounts[principal_id] = user
        for user_id in self._disabled():
            if user_id not in accounts:
                accounts[user_id] = api.user.get(userid=user_id)
        return accounts

    def member_ids(self):
        """User ids of the agency's accounts, active and disabled."""
        return sorted(self._accounts())

    def is_member(self, user_id):
        return user_id in self._accounts()

    def roles_of(self, user_id):
        disabled = self._disabled()
        if user_id in disabled:
            return [role for role in disabled[user_id] if role in AGENCY_ROLE_IDS]
        local = self.agency.get_local_roles_for_userid(user_id)
        return [role for role in AGENCY_ROLE_IDS if role in local]

    def info(self, user_id, user=None, departments=None):
        """One account as a dict; ``user`` and ``departments`` spare look-ups in lists."""
        if user is None:
            user = api.user.get(userid=user_id)
        if departments is None:
            departments = self._departments_by_member()
        department = departments.get(user_id)
        return {
            "id": user_id,
            "fullname": (user.getProperty("fullname") if user else "") or user_id,
            "email": (user.getProperty("email") if user else "") or "",
            "department": department.getId() if department is not None else None,
            "department_title": department.Title() if department is not None else "",
            "roles": self.roles_of(user_id),
            "disabled": self.is_disabled(user_id),
        }

    def list(self):
        departments = self._departments_by_member()
        members = [
            self.info(user_id, user, departments) for user_id, user in self._accounts().items()
        ]
        return sorted(members, key=lambda m: (m["disabled"], m["fullname"].lower()))

    # -- validation -------------------------------------------------------

    def _check_department(self, department_id):
        if not department_id:
            return None
        for department in self.departments():
            if department.getId() == department_id:
                return department
        raise MemberError(
            _("Unknown department: ${department}.", mapping={"department": department_id}),
            field="department",
        )

    def _check_roles(self, roles):
        roles = list(roles or ())
        unknown = [role for role in roles if role not in AGENCY_ROLE_IDS]
        if unknown:
            raise MemberError(
                _("Unknown role: ${role}.", mapping={"role": ", ".join(unknown)}),
                field="roles",
            )
        if STAFF not in roles:
            roles.insert(0, STAFF)  # every account of the agency is a staff member
        return roles

    def _check_member(self, user_id):
        if not self.is_member(user_id):
            raise MemberError(
                _("${user} is not an account of this agency.", mapping={"user": user_id}),
                field="user_id",
            )

    # -- changing ---------------------------------------------------------

    def add(self, user_id, fullname, email, password, department=None, roles=()):
        """Create an account in this agency. Raises MemberError, changing nothing."""
        user_id = (user_id or "").strip()
        fullname = (fullname or "").strip()
        email = (email or "").strip()
        if not user_id:
            raise MemberError(_("Please enter a user name."), field="user_id")
        if not USER_ID_RE.match(user_id):
            raise MemberError(
                _(
                    "The user name must be 3 to 50 characters: lower-case letters "
                    "without accents, digits, dot, hyphen or underscore."
                ),
                field="user_id",
            )
        if api.user.get(userid=user_id) is not None or api.user.get(username=user_id):
            raise MemberError(
                _("The user name ${user} is already taken.", mapping={"user": user_id}),
                field="user_id",
            )
        if not fullname:
            raise MemberError(_("Please enter the full name."), field="fullname")
        if not EMAIL_RE.match(email):
            raise MemberError(_("Please enter a valid e-mail address."), field="email")
        error = check_password(password, user_id)
        if error:
            raise MemberError(error, field="password")
        department = self._check_department(department)
        roles = self._check_roles(roles)

        api.user.create(
            email=email,
            username=user_id,
            password=password,
            properties={"fullname": fullname},
        )
        self._grant(user_id, roles)
        if department is not None:
            self._move_to_department(user_id, department)
        return self.info(user_id)

    def update(self, user_id, department=None, roles=None, fullname=None, email=None):
        """Change an account's department, roles, name or e-mail (None: unchanged).

        ``department=""`` takes the account out of every department.
        """
        self._check_member(user_id)
        if department:
            department = self._check_department(department)
        if roles is not None:
            roles = self._check_roles(roles)
        if fullname is not None and not fullname.strip():
            raise MemberError(_("Please enter the full name."), field="fullname")
        if email is not None and not EMAIL_RE.match(email.strip()):
            raise MemberError(_("Please enter a valid e-mail address."), field="email")

        user = api.user.get(userid=user_id)
        properties = {}
        if fullname is not None:
            properties["fullname"] = fullname.strip()
        if email is not None:
            properties["email"] = email.strip()
        if properties:
            user.setMemberProperties(mapping=properties)
        if roles is not None:
            disabled = self._disabled()
            if user_id in disabled:
                disabled[user_id] = tuple(roles)
            else:
                self._grant(user_id, roles)
        if department is not None:
            self._move_to_department(user_id, department or None)
        return self.info(user_id)

    def disable(self, user_id):
        """Disable an account: it loses its roles and cannot log in any more."""
        self._check_member(user_id)
        disabled = self._disabled(create=True)
        if user_id in disabled:
            return self.info(user_id)
        disabled[user_id] = tuple(self.roles_of(user_id))
        self.agency.manage_delLocalRoles([user_id])
        self.agency.reindexObjectSecurity()
        # An unknown random password: nobody can log in as this account.
        api.user.get(userid=user_id).setSecurityProfile(password=secrets.token_urlsafe(32))
        return self.info(user_id)

    def enable(self, user_id, password):
        """Enable a disabled account again with a new password and its former roles."""
        self._check_member(user_id)
        disabled = self._disabled()
        if user_id not in disabled:
            raise MemberError(
                _("${user} is not disabled.", mapping={"user": user_id}), field="user_id"
            )
        error = check_password(password, user_id)
        if error:
            raise MemberError(error, field="password")
        roles = self._check_roles(disabled[user_id])
        del disabled[user_id]
        api.user.get(userid=user_id).setSecurityProfile(password=password)
        self._grant(user_id, roles)
        return self.info(user_id)

    def _grant(self, user_id, roles):
        # manage_setLocalRoles replaces this principal's local roles; keep any
        # role that is not an agency role (e.g. Owner).
        current = self.agency.get_local_roles_for_userid(user_id)
        kept = [role for role in current if role not in AGENCY_ROLE_IDS]
        self.agency.manage_setLocalRoles(user_id, kept + list(roles))
        self.agency.reindexObjectSecurity()

    def _move_to_department(self, user_id, department):
        for other in self.departments():
            members = list(other.members or ())
            if user_id in members and other is not department:
                members.remove(user_id)
                other.members = members
                other.reindexObject()
        if department is not None and user_id not in (department.members or ()):
            department.members = list(department.members or ()) + [user_id]
            department.reindexObject()
