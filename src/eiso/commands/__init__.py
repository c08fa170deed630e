"""Console scripts of eiso (see setup.py entry points)."""
