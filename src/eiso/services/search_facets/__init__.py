"""REST ``@search-facets``."""
