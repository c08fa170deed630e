"""The audit team holds the local role ``Auditor`` on its audit (SPEC §3: a local role).

``sync_auditors`` runs when an audit is added or modified (form, REST, code): the
lead auditor and the team get the role, anyone else who held it loses it. Other
local roles (Owner, CaseHandler) are left alone. What the role may do is mapped by
``eiso_audit_workflow``: read the audit, fill in its checklist and findings while it
is carried out.
"""

from eiso.roles import AUDITOR


def auditor_holders(audit):
    """The principals holding ``Auditor`` on the audit itself (not acquired)."""
    return sorted(principal for principal, roles in audit.get_local_roles()
                  if AUDITOR in roles)


def sync_auditors(audit, event=None):
    wanted = set(audit.auditors())
    held = set(auditor_holders(audit))
    if wanted == held:
        return
    for principal in held - wanted:
        roles = [role for role in audit.get_local_roles_for_userid(principal)
                 if role != AUDITOR]
        if roles:
            audit.manage_setLocalRoles(principal, roles)
        else:
            audit.manage_delLocalRoles([principal])
    for principal in wanted - held:
        roles = list(audit.get_local_roles_for_userid(principal))
        audit.manage_setLocalRoles(principal, roles + [AUDITOR])
    audit.reindexObjectSecurity()
