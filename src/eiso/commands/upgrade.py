"""``eiso-upgrade``: bring a site up to the installed code after an update.

    eiso-upgrade --zope-conf instance/etc/zope.conf [--dry-run]

After ``git pull`` and ``pip install`` the database still holds the profile versions of
the old code. This command lists what is pending — Plone's own upgrade (the
``@@plone-upgrade`` page) and every installed add-on profile with upgrade steps, eiso's
included — and runs it in one transaction: if a step fails, nothing is saved and the
command says which step. ``--dry-run`` only lists. Run it with the server stopped, or with
ZEO beside the clients (``--zope-conf instance/etc/scripts/zope.conf``), then restart
the clients so they load the new code.
"""

from eiso.commands.site import close
from eiso.commands.site import DEFAULT_SITE_ID
from eiso.commands.site import open_app
from eiso.commands.site import say

import argparse
import sys


def _version(value):
    return ".".join(value) if isinstance(value, tuple) else str(value)


def pending(site):
    """What an upgrade would do: a list of ``(name, from, to, [step titles])``."""
    setup, migration = site.portal_setup, site.portal_migration
    plan = []
    core_profile = migration.get_profile()
    if migration.needUpgrading():
        plan.append((
            "Plone",
            migration.getInstanceVersion(),
            migration.getFileSystemVersion(),
            [step["title"] for step in migration.list_steps()],
        ))
    for profile_id in setup.listProfilesWithPendingUpgrades():
        if profile_id == core_profile:
            continue
        steps = setup.listUpgrades(profile_id, simple=True)
        plan.append((
            profile_id,
            _version(setup.getLastVersionForProfile(profile_id)),
            _version(steps[-1].dest) if steps else "?",
            [step.title for step in steps],
        ))
    return plan


class UpgradeFailed(Exception):
    """An upgrade step failed; the transaction is aborted."""


def upgrade_site(site, dry_run=False):
    """Run every pending upgrade of ``site``; return the plan that was run (or would be).

    The caller commits. Raises ``UpgradeFailed`` when Plone's upgrade does not reach the
    installed version or a profile still has pending steps afterwards.
    """
    plan = pending(site)
    if dry_run or not plan:
        return plan
    setup, migration = site.portal_setup, site.portal_migration
    if migration.needUpgrading():
        try:
            migration.upgrade(swallow_errors=False)
        except Exception as error:
            raise UpgradeFailed(f"Plone: {error!r}") from error
        if migration.needUpgrading():
            raise UpgradeFailed(
                f"Plone stopped at {migration.getInstanceVersion()}, "
                f"not {migration.getFileSystemVersion()}"
            )
    core_profile = migration.get_profile()
    for profile_id in setup.listProfilesWithPendingUpgrades():
        if profile_id == core_profile:
            continue
        for step in setup.listUpgrades(profile_id, simple=True):
            try:
                step.doStep(setup)
            except Exception as error:
                raise UpgradeFailed(f"{profile_id}: '{step.title}': {error!r}") from error
            if step.dest is not None and step.checker is None:
                setup.setLastVersionForProfile(profile_id, step.dest)
    left = [p for p in setup.listProfilesWithPendingUpgrades() if p != core_profile]
    if left:
        raise UpgradeFailed(f"still pending after the upgrade: {', '.join(left)}")
    return plan


def print_plan(plan):
    if not plan:
        say("nothing to upgrade: the site matches the installed code")
        return
    for name, source, dest, steps in plan:
        count = f"{len(steps)} step" + ("" if len(steps) == 1 else "s")
        say(f"{name}: {source} -> {dest} ({count})")
        for title in steps:
            say(f"    - {title}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="eiso-upgrade",
        description="Run the pending upgrade steps of Plone and the add-ons (eiso included).",
    )
    parser.add_argument("--zope-conf", default="instance/etc/zope.conf", help="path to zope.conf")
    parser.add_argument("--site-id", default=DEFAULT_SITE_ID, help="id of the Plone site")
    parser.add_argument("--dry-run", action="store_true", help="only list what is pending")
    args = parser.parse_args(argv)

    import transaction

    from zope.component.hooks import setSite

    say(f"starting Zope with {args.zope_conf}")
    app = open_app(args.zope_conf)
    try:
        site = app.get(args.site_id)
        if site is None:
            print(
                f"Không có site '{args.site_id}' (no such site; see --site-id).", file=sys.stderr
            )
            return 2
        setSite(site)
        try:
            plan = upgrade_site(site, dry_run=args.dry_run)
        except UpgradeFailed as error:
            transaction.abort()
            print(
                f"eiso-upgrade: nâng cấp thất bại, không có gì được lưu (upgrade failed, nothing "
                f"saved): {error}",
                file=sys.stderr,
            )
            return 1
        print_plan(plan)
        if args.dry_run or not plan:
            transaction.abort()
            return 0
        transaction.get().note("eiso-upgrade")
        transaction.commit()
        say("upgrade done: restart the server (or the ZEO clients) to load the new code")
        return 0
    finally:
        close(app)


if __name__ == "__main__":
    sys.exit(main())
