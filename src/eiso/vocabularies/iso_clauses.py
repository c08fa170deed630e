"""Vocabulary ``eiso.IsoClauses``: the clauses of TCVN ISO 9001:2015 (4–10).

Tokens are the clause numbers ("7.5.3"); titles read "7.5.3 Kiểm soát thông tin
dạng văn bản" in Vietnamese. Stored values are the numbers, indexed in the
``iso_clauses`` KeywordIndex (search facet, SPEC §11).
"""

from eiso import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


ISO_CLAUSES = (
    ("4", _("Context of the organization")),
    ("4.1", _("Understanding the organization and its context")),
    ("4.2", _("Understanding the needs and expectations of interested parties")),
    ("4.3", _("Determining the scope of the quality management system")),
    ("4.4", _("Quality management system and its processes")),
    ("5", _("Leadership")),
    ("5.1", _("Leadership and commitment")),
    ("5.2", _("Policy")),
    ("5.3", _("Organizational roles, responsibilities and authorities")),
    ("6", _("Planning")),
    ("6.1", _("Actions to address risks and opportunities")),
    ("6.2", _("Quality objectives and planning to achieve them")),
    ("6.3", _("Planning of changes")),
    ("7", _("Support")),
    ("7.1", _("Resources")),
    ("7.2", _("Competence")),
    ("7.3", _("Awareness")),
    ("7.4", _("Communication")),
    ("7.5", _("Documented information")),
    ("7.5.3", _("Control of documented information")),
    ("8", _("Operation (planning and control of processes)")),
    ("8.1", _("Operational planning and control")),
    ("8.2", _("Requirements for products and services")),
    ("8.3", _("Design and development of products and services")),
    ("8.4", _("Control of externally provided processes, products and services")),
    ("8.5", _("Production and service provision")),
    ("8.6", _("Release of products and services")),
    ("8.7", _("Control of nonconforming outputs")),
    ("9", _("Performance evaluation")),
    ("9.1", _("Monitoring, measurement, analysis and evaluation")),
    ("9.2", _("Internal audit")),
    ("9.3", _("Management review")),
    ("10", _("Improvement")),
    ("10.1", _("General (improvement)")),
    ("10.2", _("Nonconformity and corrective action")),
    ("10.3", _("Continual improvement")),
)
ISO_CLAUSE_IDS = tuple(number for number, title in ISO_CLAUSES)


@provider(IVocabularyFactory)
def iso_clauses(context=None):
    """The ISO 9001:2015 clauses: number → "number title" (the title translated)."""
    return SimpleVocabulary(
        [SimpleTerm(number, number, _("${number} ${title}",
                                      mapping={"number": number, "title": title}))
         for number, title in ISO_CLAUSES]
    )
