"""Create the load test's accounts in the demo agencies (before the Zope clients start).

    .venv/bin/python -m loadtest.accounts --zope-conf <zope.conf> --users 50

One account per simulated user (loadtest/agencies.py: ``taithu-khcn-staff-001``…,
password ``taithu2026``), made with the same code as the agency administrator's
*Thành viên* page (eiso.members.AgencyMembers), in one transaction.
"""

from loadtest.agencies import accounts_needed
from loadtest.agencies import account
from loadtest.agencies import AGENCIES
from loadtest.agencies import PASSWORD
from loadtest.agencies import ROLES

import argparse
import sys


def create_accounts(site, users):
    from eiso.members import AgencyMembers

    created = 0
    for agency_data in AGENCIES:
        agency = site.unrestrictedTraverse(agency_data["path"].split("/", 2)[2])
        members = AgencyMembers(agency)
        for role, count in accounts_needed(users).items():
            roles, department, name = ROLES[role]
            for index in range(count):
                user_id = account(agency_data, role, index)
                departments = agency_data["departments"]
                members.add(user_id, f"{name} {index + 1}", f"{user_id}@example.vn", PASSWORD,
                            department=department or departments[index % len(departments)],
                            roles=list(roles))
                created += 1
    return created


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zope-conf", required=True)
    parser.add_argument("--users", type=int, required=True)
    parser.add_argument("--site-id", default="Plone")
    args = parser.parse_args(argv)

    from AccessControl.SecurityManagement import newSecurityManager
    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from zope.component.hooks import setSite

    import transaction

    app = open_app(args.zope_conf)
    try:
        site = app[args.site_id]
        setSite(site)
        admin = app.acl_users.getUserById("admin")
        newSecurityManager(None, admin.__of__(app.acl_users))
        created = create_accounts(site, args.users)
        transaction.commit()
    finally:
        close(app)
    print(f"ACCOUNTS {created}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
