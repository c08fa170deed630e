"""The count check of the load test: no acknowledged write may be lost.

    .venv/bin/python -m loadtest.check --zope-conf <client zope.conf> --records writes.jsonl --marker LT1A2B3C

The locust process appends one JSON line to writes.jsonl for every write the
server acknowledged (2xx): ``{"action": "create"|"submit"|"approve", "uid": …,
"path": …, "state": <the state the response reported>}``. This opens the
database (a ZEO client configuration; the Zope clients may be stopped), finds
every item whose title carries the run's marker in the agencies' sections, and
prints ``CHECK {json}`` with:

- ``acknowledged``: acknowledged writes; ``created``: acknowledged creations;
- ``found``: load-test items in the database;
- ``problems``: an acknowledged item missing, an item in another state than its
  last acknowledged write, an item the catalog does not show in that state, an
  item nobody acknowledged. The check passes when this list is empty.
"""

import argparse
import json
import sys


# The approval workflow's states in the order the load test moves items through them.
ORDER = {"draft": 0, "pending": 1, "approved": 2}


def read_records(path):
    records = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if line:
                try:
                    records.append(json.loads(line))
                except ValueError:
                    raise ValueError(f"{path}:{number}: not JSON: {line[:80]!r}")
    return records


def expected_states(records):
    """uid → the furthest state the server acknowledged for it."""
    expected = {}
    for record in records:
        uid, state = record["uid"], record["state"]
        if uid not in expected or ORDER.get(state, -1) > ORDER.get(expected[uid]["state"], -1):
            expected[uid] = {"state": state, "path": record["path"]}
    return expected


def compare(records, found):
    """Problems between the acknowledged ``records`` and ``found`` (uid → {path, state,
    catalog_state}); an empty list means no write was lost."""
    problems = []
    created = {r["uid"] for r in records if r["action"] == "create"}
    expected = expected_states(records)
    for uid in sorted(set(expected) - created):
        problems.append(f"{expected[uid]['path']}: a transition was acknowledged but not its creation")
    for uid, want in sorted(expected.items(), key=lambda item: item[1]["path"]):
        have = found.get(uid)
        if have is None:
            problems.append(f"{want['path']} (uid {uid}): acknowledged, missing from the database")
            continue
        if have["state"] != want["state"]:
            problems.append(f"{want['path']}: acknowledged in state {want['state']}, "
                            f"found in state {have['state']}")
        if have.get("catalog_state") != have["state"]:
            problems.append(f"{want['path']}: the catalog shows state {have.get('catalog_state')}, "
                            f"the object is in state {have['state']}")
    for uid in sorted(set(found) - set(expected)):
        problems.append(f"{found[uid]['path']}: in the database, but its creation was never acknowledged")
    if len(found) != len(created):
        problems.append(f"{len(created)} items created (acknowledged), {len(found)} in the database")
    return problems


def summary(records, found):
    return {
        "acknowledged": len(records),
        "created": len({r["uid"] for r in records if r["action"] == "create"}),
        "found": len(found),
        "by_state": {state: sum(1 for f in found.values() if f["state"] == state)
                     for state in sorted({f["state"] for f in found.values()})},
        "problems": compare(records, found),
    }


def scan(site, marker, sections):
    """uid → {path, state, catalog_state} of the items titled with ``marker``."""
    from plone import api

    catalog = api.portal.get_tool("portal_catalog")
    found = {}
    for section_path in sections:
        section = site.unrestrictedTraverse(section_path.strip("/"), None)
        if section is None:
            continue
        for obj in section.objectValues():
            if marker not in (obj.Title() or ""):
                continue
            uid = api.content.get_uuid(obj)
            brains = catalog.unrestrictedSearchResults(UID=uid)
            found[uid] = {
                "path": "/".join(obj.getPhysicalPath()),
                "state": api.content.get_state(obj, default=None),
                "catalog_state": brains[0].review_state if len(brains) == 1 else f"{len(brains)} entries",
            }
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--zope-conf", required=True)
    parser.add_argument("--records", required=True)
    parser.add_argument("--marker", required=True)
    parser.add_argument("--site-id", default="Plone")
    args = parser.parse_args(argv)

    from eiso.commands.site import close
    from eiso.commands.site import open_app
    from loadtest.agencies import AGENCIES
    from zope.component.hooks import setSite

    records = read_records(args.records)
    app = open_app(args.zope_conf)
    try:
        site = app[args.site_id]
        setSite(site)
        found = scan(site, args.marker, [agency["section"] for agency in AGENCIES])
    finally:
        close(app)
    print("CHECK " + json.dumps(summary(records, found), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
