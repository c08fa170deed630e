"""What changed between two versions of an item, for the "So sánh phiên bản" pages.

Shared by the quality objectives (``@@version-diff``) and the procedure guides
(``@@procedure-diff``). Rows of a table (datagrid) are paired by a key column (the
objective's name, the paper's name, the step): the n-th row named X before with
the n-th row named X after, wherever they stand, so moving a row is no change.
With ``pair_renamed``, rows left unpaired between the same two paired rows are
paired in order when there are as many before as after: a step reworded in place
is a changed row (its key cell highlighted), not a removal and an addition.

The templates use the macros of ``templates/diff_macros.pt`` (``view/diff_macros``).
"""

from eiso import _
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile


ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
UNCHANGED = "unchanged"

STATUS_TITLES = {
    ADDED: _("Added"),
    REMOVED: _("Removed"),
    CHANGED: _("Changed"),
    UNCHANGED: _("Unchanged"),
}
STATUS_CLASSES = {ADDED: "table-success", REMOVED: "table-danger", CHANGED: "table-warning"}


def _occurrences(rows, key):
    """(key value, n) for each row: the n-th row with that key value."""
    seen = {}
    result = []
    for row in rows:
        name = row.get(key)
        seen[name] = seen.get(name, 0) + 1
        result.append((name, seen[name]))
    return result


def _row(before, after, key, fields):
    if before is None:
        status = ADDED
    elif after is None:
        status = REMOVED
    elif any(before.get(f) != after.get(f) for f in (key,) + tuple(fields)):
        status = CHANGED
    else:
        status = UNCHANGED
    cells = []
    for field in fields:
        old = before.get(field, "") if before is not None else ""
        new = after.get(field, "") if after is not None else ""
        cells.append({"old": old, "new": new, "changed": status == CHANGED and old != new})
    old_name = before.get(key, "") if before is not None else ""
    new_name = after.get(key, "") if after is not None else ""
    return {
        "name": new_name if after is not None else old_name,
        "old_name": old_name,
        "renamed": status == CHANGED and old_name != new_name,
        "status": status,
        "cells": cells,
    }


def row_changes(before, after, key, fields, pair_renamed=False):
    """The rows of two versions of a table, as added, removed, changed or unchanged.

    ``before`` and ``after`` are lists of dicts; ``key`` names the column that
    identifies a row, ``fields`` the columns compared and shown (old and new
    value, ``changed`` when they differ). The rows come in the order of
    ``after``, each removed row after the row that preceded it before.
    """
    before, after = list(before), list(after)
    old_keys, new_keys = _occurrences(before, key), _occurrences(after, key)
    new_position = {name: position for position, name in enumerate(new_keys)}
    # pairs[i] = position after of the i-th row before (None: removed)
    pairs = [new_position.get(name) for name in old_keys]
    if pair_renamed:
        _pair_in_gaps(pairs, len(after))
    paired_new = {position: index for index, position in enumerate(pairs) if position is not None}
    # Each removed row is shown after the row (in the order after) that preceded it before.
    removed_after = {}
    anchor = -1
    for index, position in enumerate(pairs):
        if position is None:
            removed_after.setdefault(anchor, []).append(index)
        else:
            anchor = position
    result = [_row(before[index], None, key, fields) for index in removed_after.get(-1, ())]
    for position, row in enumerate(after):
        index = paired_new.get(position)
        result.append(_row(before[index] if index is not None else None, row, key, fields))
        result += [_row(before[i], None, key, fields) for i in removed_after.get(position, ())]
    return result


def _pair_in_gaps(pairs, length):
    """Pair, in place, the unpaired rows between the same paired neighbours, when as many."""
    taken = {position for position in pairs if position is not None}
    start_old, start_new = 0, 0
    for index in range(len(pairs) + 1):
        position = pairs[index] if index < len(pairs) else length
        if position is None:
            continue
        if position < start_new:
            # A moved row: no gap to pair across it.
            start_old = index + 1
            continue
        old_gap = [i for i in range(start_old, index) if pairs[i] is None]
        new_gap = [p for p in range(start_new, position) if p not in taken]
        if old_gap and len(old_gap) == len(new_gap):
            for i, p in zip(old_gap, new_gap):
                pairs[i] = p
                taken.add(p)
        start_old, start_new = index + 1, position + 1


def value_changes(rows):
    """[(label, old, new)] → [{"label", "old", "new", "changed"}] in the same order."""
    return [{"label": label, "old": old, "new": new, "changed": old != new}
            for label, old, new in rows]


def set_changes(before, after):
    """Items (hashable) of two lists: {"added": [...], "removed": [...]}, in list order."""
    return {"added": [item for item in after if item not in before],
            "removed": [item for item in before if item not in after]}


class DiffView:
    """Mixin of the "compare versions" views: the shared macros and the status labels."""

    diff_macros = ViewPageTemplateFile("templates/diff_macros.pt")

    def status_title(self, status):
        return STATUS_TITLES[status]

    def status_class(self, status):
        return STATUS_CLASSES.get(status)
