"""Vietnamese full-text search (SPEC §11).

- ``lexicon``: the accent-folding normaliser of ``plone_lexicon`` (index and query).
- ``transforms``: PDF and DOCX to text/plain for portal_transforms.
- ``indexers``: ``SearchableText`` of ``IFullText`` items (fields and attachments).
- ``facets``: facet counts from the catalog's index data.
- ``ranking``: BM25 weights computed at indexing time and lazy ranking of the
  catalog's scored results (patched into ZCatalog here, at import).
- ``query``: REST ``@search`` queries our integer indexes (``year``) with numbers.
"""

from eiso.search.ranking import patch_catalog


patch_catalog()
