"""Time one reminder run (``eiso-reminders``) over a benchmark database.

Usage, on the database ``benchmarks/inbox.py --keep`` leaves (server stopped)::

    .venv/bin/python benchmarks/reminders.py benchmarks/var/inbox-<stamp>/etc/zope.conf

Runs ``send_reminders`` twice — as it runs from cron, then again the same day
(must skip everyone) — and aborts the transaction at the end, so the mails the
run queued are never sent and the database is unchanged. Prints the times.
"""

from datetime import date

import argparse
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("zope_conf")
    parser.add_argument("--site-id", default="Plone")
    args = parser.parse_args(argv)

    from eiso.commands.reminders import send_reminders
    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from plone import api
    from zope.component.hooks import setSite

    import transaction

    app = open_app(args.zope_conf)
    try:
        site = app[args.site_id]
        setSite(site)
        lines = []
        catalog = api.portal.get_tool("portal_catalog")
        open_cases = len(catalog.unrestrictedSearchResults(case_open=True))
        started = time.perf_counter()
        first = send_reminders(site, today=date.today(), out=lines.append)
        first_time = time.perf_counter() - started
        started = time.perf_counter()
        second = send_reminders(site, today=date.today(), out=lines.append)
        second_time = time.perf_counter() - started
        print(f"open cases in the catalog: {open_cases}")
        print(f"first run:  {first_time:6.1f} s — {first['recipients']} recipients, "
              f"{first['cases']} cases due or overdue, {first['sent']} digests "
              f"({first['mailed']} e-mails queued)")
        print(f"second run: {second_time:6.1f} s — {second['skipped']} skipped, "
              f"{second['sent']} sent (must be 0)")
    finally:
        transaction.abort()
        close(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
