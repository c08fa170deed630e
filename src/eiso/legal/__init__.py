"""The register of external legal documents (Văn bản bên ngoài, SPEC §6).

``relations``: amending/replacing texts update the state of their targets;
``indexers``: what the register's listing reads from the catalog;
``importer``: CSV/XLSX import, every row checked before anything is created.
"""
