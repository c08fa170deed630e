"""The timeline of a case: its steps (Bước 1…N), kept in an annotation of the item.

A step records who handled it (``handlers``, ``department``), by when
(``deadline``), when it started and finished, what the person who finished it
did (``action``: a transition id), with which comment and files. Notes added
without moving the case ("Chưa chuyển") are kept on the step they belong to.
"""

from DateTime import DateTime
from persistent.list import PersistentList
from persistent.mapping import PersistentMapping
from zope.annotation.interfaces import IAnnotations


KEY = "eiso.case.steps"


class CaseSteps:
    def __init__(self, item):
        self.item = item

    def _steps(self, create=False):
        annotations = IAnnotations(self.item)
        if create and KEY not in annotations:
            annotations[KEY] = PersistentList()
        return annotations.get(KEY, ())

    def __iter__(self):
        return iter(self._steps())

    def __len__(self):
        return len(self._steps())

    def current(self):
        """The step the case waits in, or None when it is finished."""
        steps = self._steps()
        if steps and steps[-1]["finished"] is None:
            return steps[-1]
        return None

    def last(self):
        steps = self._steps()
        return steps[-1] if steps else None

    def start(self, state, title, handlers, department, deadline):
        steps = self._steps(create=True)
        step = PersistentMapping(
            number=len(steps) + 1,
            state=state,
            title=str(title),
            handlers=list(handlers),
            department=department,
            deadline=deadline,
            started=DateTime(),
            finished=None,
            actor=None,
            action=None,
            comment="",
            files=PersistentList(),
            notes=PersistentList(),
        )
        steps.append(step)
        return step

    def finish(self, actor, action, comment="", files=()):
        step = self.current()
        if step is None:
            return None
        step["finished"] = DateTime()
        step["actor"] = actor
        step["action"] = action
        step["comment"] = comment or ""
        step["files"].extend(files)
        return step

    def add_note(self, actor, comment="", files=()):
        step = self.current() or self.last()
        if step is None:
            return None
        step["notes"].append(
            PersistentMapping(time=DateTime(), actor=actor, comment=comment or "",
                              files=PersistentList(files))
        )
        return step

    def reassign(self, handlers, department, deadline):
        step = self.current()
        if step is not None:
            step["handlers"] = list(handlers)
            step["department"] = department
            step["deadline"] = deadline
        return step

    def file(self, number, index):
        """The ``index``-th file of step ``number`` (1-based), its notes' files after its own."""
        for step in self._steps():
            if step["number"] == number:
                files = list(step["files"])
                for note in step["notes"]:
                    files.extend(note["files"])
                if 0 <= index < len(files):
                    return files[index]
        return None
