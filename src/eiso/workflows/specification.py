"""Read a workflow's ``specification.md`` and compare it with the installed workflow.

Each workflow in ``profiles/default/workflows/<id>/`` has a readable
specification beside its ``definition.xml``: for every state a Markdown table
of permission × role, ``x`` where the role has the permission::

    ### draft

    | permission | Manager | Staff |
    |------------|---------|-------|
    | View       | x       | x     |

and, for workflows with transitions, one table of them (a user passes a guard
with one of its permissions *and* one of its roles; an empty cell is no condition)::

    | transition | from  | to      | guard permissions | guard roles |
    |------------|-------|---------|-------------------|-------------|
    | `submit`   | draft | pending | Request review    |             |

:func:`compare` lists every cell where the installed workflow differs, so one
test checks the whole matrix of every workflow cell by cell.
"""

from pathlib import Path

import re


WORKFLOWS_DIR = Path(__file__).resolve().parent.parent / "profiles" / "default" / "workflows"
STATE_HEADING = re.compile(r"^###\s+`?([a-z_]+)`?\s*$")


def specification_files():
    """(workflow id, path) of every specification.md in the default profile."""
    return sorted(
        (path.parent.name, path) for path in WORKFLOWS_DIR.glob("*/specification.md")
    )


def _cells(line):
    return [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]


def _names(cell):
    return {name.strip().strip("`") for name in cell.split(",") if name.strip()}


def parse_transitions(text):
    """Return {transition: {"from": set, "to": str, "permissions": set, "roles": set}}."""
    transitions = {}
    header = None
    for line in text.splitlines():
        if not line.strip().startswith("|"):
            header = None
            continue
        cells = _cells(line)
        if header is None:
            header = [cell.lower() for cell in cells] if cells[0].lower() == "transition" else False
            continue
        if not header or set(cells[0]) <= set("-: "):
            continue
        row = dict(zip(header, cells))
        transitions[row["transition"]] = {
            "from": _names(row.get("from", "")),
            "to": row.get("to", "").strip(),
            "permissions": _names(row.get("guard permissions", "")),
            "roles": _names(row.get("guard roles", "")),
        }
    return transitions


def parse(text):
    """Return {state: {permission: {role: bool}}} from a specification's text."""
    states = {}
    state = None
    header = None
    for line in text.splitlines():
        heading = STATE_HEADING.match(line.strip())
        if heading:
            state = heading.group(1)
            states[state] = {}
            header = None
            continue
        if state is None or not line.strip().startswith("|"):
            if not line.strip():
                continue
            header = None if not line.strip().startswith("|") else header
            continue
        cells = _cells(line)
        if header is None:
            if cells[0].lower() != "permission":
                continue
            header = cells[1:]
            continue
        if set(cells[0]) <= set("-: "):
            continue  # the separator row
        permission, marks = cells[0], cells[1:]
        states[state][permission] = {
            role: mark.lower() == "x" for role, mark in zip(header, marks)
        }
    return states


def compare_transitions(workflow, transitions):
    """List the differences between a workflow's transitions and their table."""
    problems = []
    installed = set(workflow.transitions.objectIds())
    for missing in sorted(installed - set(transitions)):
        problems.append(f"transition {missing}: in definition.xml, not in specification.md")
    for extra in sorted(set(transitions) - installed):
        problems.append(f"transition {extra}: in specification.md, not in definition.xml")
    for transition_id in sorted(installed & set(transitions)):
        transition = workflow.transitions[transition_id]
        expected = transitions[transition_id]
        sources = {
            state.getId() for state in workflow.states.objectValues()
            if transition_id in state.transitions
        }
        if sources != expected["from"]:
            problems.append(f"{transition_id}: from {sorted(sources)}, specified {sorted(expected['from'])}")
        if transition.new_state_id != expected["to"]:
            problems.append(f"{transition_id}: to {transition.new_state_id}, specified {expected['to']}")
        guard = transition.getGuard()
        permissions = set(guard.permissions or ())
        roles = set(guard.roles or ())
        if permissions != expected["permissions"]:
            problems.append(
                f"{transition_id}: guard permissions {sorted(permissions)}, "
                f"specified {sorted(expected['permissions'])}"
            )
        if roles != expected["roles"]:
            problems.append(
                f"{transition_id}: guard roles {sorted(roles)}, specified {sorted(expected['roles'])}"
            )
    return problems


def compare(workflow, specification):
    """List the differences between an installed DCWorkflow and its specification."""
    problems = []
    installed_states = set(workflow.states.objectIds())
    specified_states = set(specification)
    for missing in sorted(installed_states - specified_states):
        problems.append(f"state {missing}: in definition.xml, not in specification.md")
    for extra in sorted(specified_states - installed_states):
        problems.append(f"state {extra}: in specification.md, not in definition.xml")
    managed = set(workflow.permissions)
    for state_id in sorted(installed_states & specified_states):
        state = workflow.states[state_id]
        table = specification[state_id]
        for permission in sorted(managed - set(table)):
            problems.append(f"{state_id}: permission '{permission}' managed but not specified")
        for permission in sorted(set(table) - managed):
            problems.append(f"{state_id}: permission '{permission}' specified but not managed")
        for permission in sorted(managed & set(table)):
            info = state.getPermissionInfo(permission)
            if info["acquired"]:
                problems.append(f"{state_id}: '{permission}' acquires roles (should not)")
            roles = set(info["roles"] or ())
            for role, granted in table[permission].items():
                if granted and role not in roles:
                    problems.append(f"{state_id}: {role} should have '{permission}'")
                if not granted and role in roles:
                    problems.append(f"{state_id}: {role} should not have '{permission}'")
            unlisted = roles - set(table[permission])
            for role in sorted(unlisted):
                problems.append(
                    f"{state_id}: {role} has '{permission}' but has no column in the table"
                )
    return problems
