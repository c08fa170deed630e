"""Operating the portal: ZEO scale-out, backup and restore, process helpers.

``eiso-zeo`` (``make start-zeo``/``stop-zeo``), ``eiso-backup`` (``make backup``)
and ``eiso-restore`` (``make restore``); see README.md and docs/operations.md.
"""
