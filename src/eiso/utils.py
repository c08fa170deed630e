"""Small helpers shared by views and services."""

from DateTime import DateTime

import datetime


def format_date(value, with_time=False):
    """Show a date as dd/mm/yyyy (and HH:MM), the Vietnamese way; '' for none."""
    if value is None or value == "" or value == "None":
        return ""
    if isinstance(value, str):
        try:
            value = DateTime(value)
        except Exception:
            return value
    if isinstance(value, DateTime):
        value = value.asdatetime()
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def form_list(value):
    """A request value that may be missing, one string or several, as a list without blanks."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if v]
