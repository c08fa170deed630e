"""The widget of one file in a record's list of files (``Record.files``).

z3c.form's MultiWidget shows one NamedFileWidget per file. When the user keeps
a file ("Giữ nguyên"), plone.formwidget.namedfile looks the file up on the
context by the field's name — and the list's item field has none, so editing a
record would fail. This widget writes the file's position in the stored list
into the form and, on "keep", takes that very file back from the record.
"""

from Acquisition import aq_base
from eiso.content.record import IRecordFileField
from plone.formwidget.namedfile.widget import NamedFileWidget
from z3c.form.interfaces import IFieldWidget
from z3c.form.interfaces import IFormLayer
from z3c.form.interfaces import INPUT_MODE
from z3c.form.interfaces import NO_VALUE
from z3c.form.interfaces import NOT_CHANGED
from z3c.form.widget import FieldWidget
from zope.component import adapter
from zope.interface import implementer


class RecordFileWidget(NamedFileWidget):
    def update(self):
        # The MultiWidget gives its items the form but no context; the file
        # widget needs one (the mimetypes registry), and so do we (the files).
        if self.context is None:
            self.context = getattr(getattr(self, "form", None), "context", None)
        super().update()

    def _kept(self):
        try:
            return self._stored()[int(self.request.get(f"{self.name}.position"))]
        except (TypeError, ValueError, IndexError):
            return None

    def _stored(self):
        """The files stored on the item (none on an add form)."""
        form = getattr(self, "form", None)
        if form is None or self.context is None or getattr(form, "widgets", None) is None:
            return []
        prefix = form.prefix + form.widgets.prefix  # "form.widgets."
        name = self.name[len(prefix):].split(".")[0] if self.name.startswith(prefix) else ""
        value = getattr(aq_base(self.context), name, None) if name else None
        return list(value) if isinstance(value, (list, tuple)) else []

    def _position(self):
        for position, stored in enumerate(self._stored()):
            if stored is self.value:
                return position
        return None

    def render(self):
        if self.value is NOT_CHANGED:
            # The form is shown again (another field has an error) with a file
            # kept ("Giữ nguyên"): the list gives its item widget z3c.form's
            # marker; show the kept file, as before the submit.
            self.value = self._kept()
        html = super().render()
        position = self._position()
        if self.mode == INPUT_MODE and position is not None:
            html += f'<input type="hidden" name="{self.name}.position" value="{position}" />'
        return html

    def extract(self, default=NO_VALUE):
        if self.request.get(f"{self.name}.action") == "nochange":
            kept = self._kept()
            return default if kept is None else kept
        return super().extract(default)


@adapter(IRecordFileField, IFormLayer)
@implementer(IFieldWidget)
def RecordFileFieldWidget(field, request):
    return FieldWidget(field, RecordFileWidget(request))
