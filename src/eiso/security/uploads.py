"""Limits on uploaded files: a size set by the site (``eiso.upload_max_mb``) and the
kinds of file each field takes, so no field keeps an executable or a 200 MB file.

The limits are the fields' constraints: the edit forms show the message under the
field, REST answers 400 with it, and nothing is written.
"""

from eiso import _
from eiso.content.fields import FileNotAccepted
from eiso.content.fields import MAX_FILE_MB

import os


DEFAULT_MAX_MB = MAX_FILE_MB
# What a record, an assessment's evidence or disposal minutes may be: documents,
# spreadsheets, scans and archives of them (as the case transition form's attachments).
RECORD_EXTENSIONS = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".ppt", ".pptx", ".txt",
    ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".zip", ".rar",
)


def max_upload_mb():
    """The largest file the site takes, in MB (``eiso.upload_max_mb``; 20 by default)."""
    from plone.registry.interfaces import IRegistry
    from zope.component import queryUtility

    registry = queryUtility(IRegistry)
    value = registry.get("eiso.upload_max_mb") if registry is not None else None
    return value if value and value > 0 else DEFAULT_MAX_MB


def check_size(value, max_mb=None):
    """Refuse ``value`` (a NamedFile) larger than ``max_mb`` (the site's limit)."""
    max_mb = max_mb or max_upload_mb()
    if value.getSize() > max_mb * 1024 * 1024:
        raise FileNotAccepted(_("The file “${name}” is larger than ${size} MB.",
                                mapping={"name": value.filename or "", "size": max_mb}))
    return True


def check_record_file(value):
    """A document, a spreadsheet, a scan or an archive, at most the site's limit."""
    if value is None:
        return True
    extension = os.path.splitext(value.filename or "")[1].lower()
    if extension not in RECORD_EXTENSIONS:
        raise FileNotAccepted(_(
            "The file “${name}” is not accepted: attach a document, a spreadsheet, an "
            "image or an archive (${extensions}).",
            mapping={"name": value.filename or "",
                     "extensions": ", ".join(RECORD_EXTENSIONS)}))
    return check_size(value)
