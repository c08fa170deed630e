"""Vietnamese full-text search (SPEC §11).

- ``lexicon``: the accent-folding normaliser of ``plone_lexicon`` (index and query).
- ``transforms``: PDF and DOCX to text/plain for portal_transforms.
- ``indexers``: ``SearchableText`` of ``IFullText`` items (fields and attachments).
- ``facets``: facet counts from the catalog's index data.
- ``query``: REST ``@search`` queries our integer indexes (``year``) with numbers.
"""
