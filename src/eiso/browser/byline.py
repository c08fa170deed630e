"""The byline under the title of controlled and legal documents.

Plone's byline compares ``context.effective_date.Date()`` with the modification date.
On these two types ``effective_date`` is the SPEC's effective date, a
``datetime.date`` (``eiso.content.fields.OwnEffectiveDate``), which has no ``Date()``:
every view of a document logged an AttributeError (found by ``make load``) and showed
no byline. Their effective date is not a publishing date and the page shows it in its
own row, so the byline shows the author and the last modification only.
"""

from plone.app.layout.viewlets.content import DocumentBylineViewlet


class OwnEffectiveDateByline(DocumentBylineViewlet):

    def show_modification_date(self):
        return True

    def pub_date(self):
        return None
