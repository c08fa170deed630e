"""Fixed vocabularies of records (SPEC §6): kinds of records and their media."""

from eiso import _
from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


RECORD_KINDS = (
    ("work", _("Work record")),  # Hồ sơ công việc
    ("iso", _("ISO record")),  # Hồ sơ ISO
    ("procedure", _("Administrative procedure record")),  # Hồ sơ TTHC
    ("audit", _("Internal audit record")),
    ("review", _("Management review record")),
    ("personnel", _("Personnel record")),
    ("other", _("Other record")),
)

PAPER = "paper"
ELECTRONIC = "electronic"
BOTH = "both"
MEDIA = (
    (PAPER, _("Paper")),
    (ELECTRONIC, _("Electronic")),
    (BOTH, _("Paper and electronic")),
)


def _vocabulary(terms):
    return SimpleVocabulary([SimpleTerm(value, value, title) for value, title in terms])


@provider(IVocabularyFactory)
def record_kinds(context=None):
    return _vocabulary(RECORD_KINDS)


@provider(IVocabularyFactory)
def record_media(context=None):
    return _vocabulary(MEDIA)
