"""REST ``@revision`` on a controlled document: revisions through working copies."""
