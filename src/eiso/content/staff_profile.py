"""Staff profile (Hồ sơ cán bộ, SPEC §9): one per account of the agency, kept in
its ``nhan-su`` section on ``eiso_staff_profile_workflow``.

Who sees a profile is Plone's security only: the workflow gives View to the HR
officers and leaders of the agency (local roles on the agency); the linked
account and the head of the profile's department get ``Reader`` on the profile
itself (:mod:`eiso.staff.local_roles`), kept up to date when the account, the
department or the department's head changes. Only HR officers edit.
"""

from collective.z3cform.datagridfield.datagridfield import DataGridFieldWidgetFactory
from eiso import _
from eiso.content.fields import check_office_file
from eiso.content.fields import FileList
from eiso.content.fields import table
from eiso.content.record import RecordFile
from eiso.interfaces import IFullText
from plone.autoform import directives
from plone.dexterity.content import Item
from plone.supermodel import model
from zope import schema
from zope.interface import implementer
from zope.interface import Interface

import datetime
import re


PORTAL_TYPE = "StaffProfile"
SECTION_ID = "nhan-su"
OLDEST_BIRTH_YEAR = 1930
YOUNGEST_AGE = 16
PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class BirthDateNotPlausible(schema.ValidationError):
    __doc__ = _("The birth date must be in the past: the person is at least 16 years old and born after 1930.")


class PhoneNotValid(schema.ValidationError):
    __doc__ = _("Enter a phone number of digits (8 to 20), e.g. 0243 826 1234.")


class EmailNotValid(schema.ValidationError):
    __doc__ = _("Enter a valid e-mail address, e.g. ten@so-khcn.gov.vn.")


class YearNotPlausible(schema.ValidationError):
    __doc__ = _("The year must be between 1950 and this year.")


def plausible_birth_date(value):
    if value is None:
        return True
    today = datetime.date.today()
    latest = today.replace(year=today.year - YOUNGEST_AGE) if not (
        today.month == 2 and today.day == 29) else datetime.date(today.year - YOUNGEST_AGE, 2, 28)
    if value.year < OLDEST_BIRTH_YEAR or value > latest:
        raise BirthDateNotPlausible(value)
    return True


def valid_phone(value):
    if value and not PHONE.match(value.strip()):
        raise PhoneNotValid(value)
    return True


def valid_email(value):
    if value and not EMAIL.match(value.strip()):
        raise EmailNotValid(value)
    return True


def plausible_year(value):
    if value is not None and not 1950 <= value <= datetime.date.today().year:
        raise YearNotPlausible(value)
    return True


class AccountHasAProfile(schema.ValidationError):
    __doc__ = _("This account already has a staff profile.")


class AccountChoice(schema.Choice):
    """The account of a profile: one of the agency's, and not one that has a profile."""

    def _validate(self, value):
        super()._validate(value)
        from eiso.staff.validation import other_profile

        if self.context is not None and other_profile(self.context, value) is not None:
            raise AccountHasAProfile(value)


class IQualification(Interface):
    """A row of the degrees (bằng cấp) or certificates (chứng chỉ) of a profile."""

    name = schema.TextLine(title=_("Name"), description=_("e.g. Thạc sĩ Quản lý công."))
    issuer = schema.TextLine(title=_("Issued by"), required=False)
    year = schema.Int(title=_("Year"), required=False, constraint=plausible_year)
    number = schema.TextLine(title=_("Number"), required=False)
    note = schema.TextLine(title=_("Note"), required=False)


class IAppointment(Interface):
    """A row of the appointments (bổ nhiệm) of a profile."""

    position = schema.TextLine(title=_("Position"))
    decision_number = schema.TextLine(title=_("Decision number"), required=False)
    decision_date = schema.Date(title=_("Decision date"), required=False)
    note = schema.TextLine(title=_("Note"), required=False)


class StaffFile(RecordFile):
    """A scan of a degree or certificate (PDF or Word); kept on edit as a record's files."""


class IStaffProfileSchema(model.Schema):
    """Fields of a staff profile (SPEC §9)."""

    user_id = AccountChoice(
        title=_("Account"),
        description=_("The account of the agency this profile belongs to; one profile per account."),
        vocabulary="eiso.AgencyMembers",
    )

    title = schema.TextLine(
        title=_("Full name"),
        description=_("Leave empty to take the name of the account."),
        required=False,
    )

    birth_date = schema.Date(
        title=_("Birth date"), required=False, constraint=plausible_birth_date)

    position = schema.TextLine(
        title=_("Position"), description=_("e.g. Chuyên viên, Phó Trưởng phòng."), required=False)

    department = schema.Choice(
        title=_("Department"), vocabulary="eiso.AgencyDepartments", required=False)

    phone = schema.TextLine(title=_("Phone"), required=False, constraint=valid_phone)

    email = schema.TextLine(title=_("E-mail"), required=False, constraint=valid_email)

    directives.widget("degrees", DataGridFieldWidgetFactory)
    degrees = table(_("Degrees"), IQualification,
                    _("Diplomas: name, issued by, year, number."), row_title=_("Degree"))

    directives.widget("certificates", DataGridFieldWidgetFactory)
    certificates = table(_("Certificates"), IQualification,
                         _("Certificates (e.g. ISO 9001 internal auditor), with their issuer and year."),
                         row_title=_("Certificate"))

    files = FileList(
        "staff-file",
        title=_("Scans of degrees and certificates"),
        description=_("PDF or Word (.pdf, .docx, .doc)."),
        value_type=StaffFile(title=_("File"), constraint=check_office_file),
    )

    directives.widget("appointments", DataGridFieldWidgetFactory)
    appointments = table(_("Appointments"), IAppointment,
                         _("Appointments to a position, with the decision's number and date."),
                         row_title=_("Appointment"))


@implementer(IStaffProfileSchema, IFullText)
class StaffProfile(Item):
    """A staff profile; its title is the person's full name."""

    _readers = ()  # principals given Reader by eiso.staff.local_roles

    def Title(self):
        """The full name; before it is stored (add form), the account's."""
        if (self.title or "").strip():
            return self.title
        return account_name(self.user_id)


def account_name(user_id):
    if not user_id:
        return ""
    from plone import api

    user = api.user.get(userid=user_id)
    return (user.getProperty("fullname") if user else "") or user_id
