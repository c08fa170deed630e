"""Controlled documents and change requests (Tài liệu nội bộ, SPEC §5–§6): the behaviour
around ``eiso_document_workflow`` — taking effect, distribution, acknowledgements,
periodic review and revisions. See docs/documents.md."""
