"""The roles of eiso (SPEC §3) and their place on the Sharing tab.

Role ids are a contract: tests and tools outside this package use them.
Agency roles are granted as local roles on the Agency, so Plone's Sharing tab
and ``@sharing`` show and change them; ``Assessor`` is global (the superior
agency) and ``Auditor`` is local on an audit.
"""

from eiso import _
from eiso.interfaces import IAgency
from plone.app.workflow.interfaces import ISharingPageRole
from zope.interface import implementer


STAFF = "Staff"
ISO_SECRETARY = "IsoSecretary"
LEADER = "Leader"
DEPARTMENT_HEAD = "DepartmentHead"
LEGAL_OFFICER = "LegalOfficer"
DOCUMENT_CONTROLLER = "DocumentController"
RECORDS_OFFICER = "RecordsOfficer"
HR_OFFICER = "HROfficer"
AUDITOR = "Auditor"
ASSESSOR = "Assessor"
SITE_ADMINISTRATOR = "Site Administrator"
# Local role on a case item, held by the handlers of its current step only.
CASE_HANDLER = "CaseHandler"

# Roles an agency administrator hands out on @@agency-members, in display order.
# ``Site Administrator`` granted locally on an agency makes its holder the
# agency's administrator (Quản trị cơ quan).
AGENCY_ROLES = (
    (STAFF, _("Staff member")),
    (ISO_SECRETARY, _("ISO secretary")),
    (LEADER, _("Leader")),
    (DEPARTMENT_HEAD, _("Head of department")),
    (LEGAL_OFFICER, _("Legal documents officer")),
    (DOCUMENT_CONTROLLER, _("Document controller")),
    (RECORDS_OFFICER, _("Records officer")),
    (HR_OFFICER, _("Human resources officer")),
    (SITE_ADMINISTRATOR, _("Agency administrator")),
)
AGENCY_ROLE_IDS = tuple(role for role, title in AGENCY_ROLES)
ROLE_TITLES = dict(AGENCY_ROLES)
ROLE_TITLES[AUDITOR] = _("Internal auditor")
ROLE_TITLES[ASSESSOR] = _("Assessor (superior agency)")

DELEGATE_PERMISSION = "eiso: Delegate agency roles"


@implementer(ISharingPageRole)
class AgencyRole:
    """A column on the Sharing tab of an agency."""

    required_permission = DELEGATE_PERMISSION
    required_interface = IAgency

    def __init__(self, role_id):
        self.title = ROLE_TITLES[role_id]


def sharing_role_factory(role_id):
    def factory():
        return AgencyRole(role_id)

    return factory


StaffRole = sharing_role_factory(STAFF)
IsoSecretaryRole = sharing_role_factory(ISO_SECRETARY)
LeaderRole = sharing_role_factory(LEADER)
DepartmentHeadRole = sharing_role_factory(DEPARTMENT_HEAD)
LegalOfficerRole = sharing_role_factory(LEGAL_OFFICER)
DocumentControllerRole = sharing_role_factory(DOCUMENT_CONTROLLER)
RecordsOfficerRole = sharing_role_factory(RECORDS_OFFICER)
HROfficerRole = sharing_role_factory(HR_OFFICER)
