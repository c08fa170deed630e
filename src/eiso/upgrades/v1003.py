"""1002 → 1003: precomputed BM25 weights in the text indexes (eiso.search.ranking).

The text indexes of ``plone_lexicon`` (SearchableText, Title, Description)
become ``PrecomputedOkapiIndex`` and are rebuilt, with progress in the log
(a few minutes for 100,000 items). Nothing else changes.
"""

from eiso.search.lexicon import install_vietnamese_lexicon
from plone import api


def upgrade(context):
    install_vietnamese_lexicon(api.portal.get_tool("portal_catalog"))
