"""The views of the context and leadership items: context analysis and quality policy."""

from eiso import _
from eiso.content.context_analysis import IContextAnalysisSchema
from Products.Five.browser import BrowserView
from zope.component import queryUtility
from zope.i18n import translate
from zope.schema.interfaces import IVocabularyFactory


class ContextAnalysisView(BrowserView):
    # (field, [(column, label)]) in display order; Choice columns show their term title.
    tables_shown = (
        ("internal_issues", (("issue", _("Issue")), ("kind", _("Kind")))),
        ("external_issues", (("issue", _("Issue")), ("kind", _("Kind")))),
        (
            "interested_parties",
            (
                ("party", _("Interested party")),
                ("needs", _("Needs and expectations")),
                ("monitoring", _("How they are monitored")),
            ),
        ),
        (
            "exclusions",
            (("clause", _("Clause")), ("justification", _("Justification for not applying"))),
        ),
    )

    def details(self):
        context = self.context
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(context, "code", None)),
                (_("Year"), context.year),
                (_("Analysis method"), self.method_title()),
            )
            if value
        ]

    def method_title(self):
        method = self.context.method
        factory = queryUtility(IVocabularyFactory, "eiso.AnalysisMethods")
        if not method or factory is None:
            return method
        vocabulary = factory(self.context)
        try:
            return vocabulary.getTerm(method).title or method
        except LookupError:
            return method  # removed from the configuration since

    def tables(self):
        result = []
        for name, columns in self.tables_shown:
            field = IContextAnalysisSchema[name]
            row_schema = field.value_type.schema
            rows = [
                [self.cell(row_schema[column], row.get(column)) for column, label in columns]
                for row in getattr(self.context, name, None) or []
            ]
            result.append(
                {
                    "id": name.replace("_", "-"),
                    "title": field.title,
                    "columns": [label for column, label in columns],
                    "rows": rows,
                }
            )
        return result

    def cell(self, field, value):
        vocabulary = getattr(field, "vocabulary", None)
        if vocabulary is None or value is None:
            return value or ""
        try:
            title = vocabulary.getTerm(value).title
        except LookupError:
            return value
        return translate(title, context=self.request)

    def scope(self):
        return [line for line in (self.context.scope or "").splitlines() if line.strip()]


class QualityPolicyView(BrowserView):
    def details(self):
        return [
            (label, value)
            for label, value in (
                (_("Code"), getattr(self.context, "code", None)),
                (_("Year"), self.context.year),
            )
            if value
        ]

    def statements(self):
        return [line for line in self.context.statements or [] if line.strip()]
