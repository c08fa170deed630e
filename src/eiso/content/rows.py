"""Grids whose rows are checked as a whole (an audit programme's schedule, an audit's
findings): one field class, its form validator and its REST deserializer.

The data grid checks each cell on its own; a rule across the rows (a department
audited twice the same month, a finding without its description) is a function
``problem(rows)`` returning a Vietnamese message naming the wrong row, or None.
A field made with :class:`CheckedRows` runs it on save (zope.schema), in the form
(:class:`CheckedRowsValidator`, so the message shows above the grid) and through
REST (:class:`CheckedRowsDeserializer`, before each row's own fields, so a client
reads the same message as the form shows).
"""

from collective.z3cform.datagridfield.datagridfield import DataGridValidator
from plone.dexterity.interfaces import IDexterityContent
from plone.restapi.deserializer.dxfields import CollectionFieldDeserializer
from plone.restapi.interfaces import IFieldDeserializer
from z3c.form import validator
from zope import schema
from zope.component import adapter
from zope.interface import implementer
from zope.publisher.interfaces.browser import IBrowserRequest
from zope.schema.interfaces import IList


class RowsError(schema.ValidationError):
    """A row of a grid is wrong; the message names the row."""

    def doc(self):
        return self.args[0]


class ICheckedRows(IList):
    """A grid whose rows are checked as a whole (:class:`CheckedRows`)."""


@implementer(ICheckedRows)
class CheckedRows(schema.List):
    """A list of rows refused with the message of ``problem(rows)``.

    Subclasses set ``problem`` (a function of the rows) and ``error`` (a
    :class:`RowsError` subclass)."""

    error = RowsError
    problem = staticmethod(lambda rows: None)

    def refuse(self, value):
        """Raise ``error`` with the message of the first wrong row, if any."""
        message = self.problem(value) if isinstance(value, list) else None
        if message is not None:
            raise self.error(message).with_field_and_value(self, value)

    def _validate(self, value):
        self.refuse(value)
        super()._validate(value)


@implementer(IFieldDeserializer)
@adapter(ICheckedRows, IDexterityContent, IBrowserRequest)
class CheckedRowsDeserializer(CollectionFieldDeserializer):
    """REST: the rows are checked as a whole before each row's fields."""

    def __call__(self, value):
        self.field.refuse(value)
        return super().__call__(value)


class CheckedRowsValidator(DataGridValidator):
    """The form: after the grid's own check of the cells, the rows as a whole.

    When a cell is wrong (shown in the cell) the rows' message says which row, if
    the rows tell."""

    def validate(self, value, force=False):
        try:
            super().validate(value, force)
        except ValueError:
            message = self.field.problem(value) if isinstance(value, list) else None
            if message is None:
                raise
        self.field.refuse(value)


validator.WidgetValidatorDiscriminators(CheckedRowsValidator, field=ICheckedRows)
