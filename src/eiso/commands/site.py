"""``eiso-create-site`` and ``eiso-demo-data``: create the portal, add the demo data.

Usable without make::

    .venv/bin/eiso-create-site --zope-conf instance/etc/zope.conf
    .venv/bin/eiso-demo-data --zope-conf instance/etc/zope.conf

Both are idempotent: an existing site is left as it is (the demo data only
adds what is missing). Run them while the server is stopped (FileStorage
allows one process at a time; with ZEO they may run beside the clients).
"""

import argparse
import sys
import time


SITE_TITLE = "Hệ thống ISO điện tử"
DEFAULT_SITE_ID = "Plone"


def say(message):
    print(f"[eiso] {message}", flush=True)


def open_app(zope_conf):
    """Start Zope from ``zope_conf`` and return the root application as system user."""
    from AccessControl.SecurityManagement import newSecurityManager
    from AccessControl.users import system
    from Testing.makerequest import makerequest
    from zope.globalrequest import setRequest
    from Zope2.Startup.run import make_wsgi_app

    import Zope2

    make_wsgi_app({}, zope_conf)
    app = makerequest(Zope2.app())
    app.REQUEST["PARENTS"] = [app]
    setRequest(app.REQUEST)
    newSecurityManager(None, system)
    return app


def close(app):
    """Close the database cleanly, so FileStorage saves its index."""
    db = app._p_jar.db()
    app._p_jar.close()
    db.close()


def ensure_admin(app, user, password=None):
    """Add the Zope administrator to the root user folder if it is missing.

    With an explicit ``password`` an existing administrator gets it as new password.
    """
    import transaction

    existing = app.acl_users.getUserById(user)
    if existing is None:
        app.acl_users._doAddUser(user, password or "admin", ["Manager"], [])
        transaction.commit()
        say(f"Zope administrator '{user}' created")
    elif password:
        users = getattr(app.acl_users, "users", None)  # a PAS root: its ZODBUserManager
        if users is not None and hasattr(users, "updateUserPassword"):
            users.updateUserPassword(user, password)
        else:  # a plain Zope user folder
            app.acl_users._doChangeUser(user, password, existing.getRoles(), [])
        transaction.commit()
        say(f"password of Zope administrator '{user}' changed")


def create_site(app, site_id=DEFAULT_SITE_ID, title=SITE_TITLE, language="vi"):
    """Create the Plone site (Classic UI) with eiso installed; return it."""
    from plone.base.utils import get_installer
    from plone.distribution.api import site as site_api
    from zope.component.hooks import setSite

    import transaction

    site = site_api.create(
        app,
        "classic",
        {
            "site_id": site_id,
            "title": title,
            "description": "",
            "default_language": language,
            "portal_timezone": "Asia/Ho_Chi_Minh",
            "setup_content": False,
        },
    )
    setSite(site)
    get_installer(site, site.REQUEST).install_product("eiso")
    transaction.commit()
    return site


def apply_demo(site):
    import transaction

    from zope.component.hooks import setSite

    setSite(site)
    site.portal_setup.runAllImportStepsFromProfile("profile-eiso:demo")
    transaction.commit()


def _parser(prog, description):
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument(
        "--zope-conf", default="instance/etc/zope.conf", help="path to zope.conf"
    )
    parser.add_argument("--site-id", default=DEFAULT_SITE_ID, help="id of the Plone site")
    return parser


def main(argv=None):
    parser = _parser("eiso-create-site", "Create the eiso Plone site if it does not exist.")
    parser.add_argument("--no-demo", action="store_true", help="do not add the demo data")
    parser.add_argument("--admin-user", default="admin", help="Zope administrator (default: admin)")
    parser.add_argument(
        "--admin-password",
        default=None,
        help="its password: 'admin' when it is created; given, it also changes an existing one",
    )
    args = parser.parse_args(argv)

    started = time.time()
    say(f"starting Zope with {args.zope_conf}")
    app = open_app(args.zope_conf)
    site = app.get(args.site_id)
    if site is None:
        say(f"creating site '{args.site_id}' ({SITE_TITLE}), language vi …")
        site = create_site(app, args.site_id)
        say(f"site created and eiso installed in {time.time() - started:.1f} s")
        if not args.no_demo:
            say("adding demo data …")
            apply_demo(site)
            say(f"demo data added ({time.time() - started:.1f} s in all)")
    else:
        say(f"site '{args.site_id}' exists already: nothing to create")
    ensure_admin(app, args.admin_user, args.admin_password)
    close(app)
    return 0


def demo_main(argv=None):
    parser = _parser("eiso-demo-data", "Add the demo agency, departments and accounts.")
    args = parser.parse_args(argv)
    app = open_app(args.zope_conf)
    site = app.get(args.site_id)
    if site is None:
        close(app)
        print(
            f"Không có site '{args.site_id}'. Hãy chạy eiso-create-site trước "
            "(no such site: run eiso-create-site first).",
            file=sys.stderr,
        )
        return 2
    say("adding demo data …")
    apply_demo(site)
    say("demo data ready")
    close(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
