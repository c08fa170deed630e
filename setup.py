"""eiso — Hệ thống ISO điện tử: an ISO 9001:2015 quality-management portal on Plone."""

from pathlib import Path
from setuptools import find_packages
from setuptools import setup


long_description = (Path(__file__).parent / "README.md").read_text(encoding="utf-8")

setup(
    name="eiso",
    version="1.0.0.dev0",
    description="Hệ thống ISO điện tử — ISO 9001:2015 quality management for Vietnamese state agencies",
    long_description=long_description,
    long_description_content_type="text/markdown",
    classifiers=[
        "Environment :: Web Environment",
        "Framework :: Plone",
        "Framework :: Plone :: 6.2",
        "Framework :: Plone :: Addon",
        "Programming Language :: Python :: 3.11",
        "Natural Language :: Vietnamese",
    ],
    python_requires=">=3.11",
    packages=find_packages("src"),
    package_dir={"": "src"},
    include_package_data=True,
    zip_safe=False,
    install_requires=[
        "Plone",
        "plone.api",
        "plone.restapi",
        "collective.monkeypatcher",
        "plone.app.contenttypes",
        "plone.app.dexterity",
        "plone.app.versioningbehavior",
        "plone.app.iterate",
        "plone.app.discussion",
        "plone.distribution",
        "collective.easyform",
        "collective.z3cform.datagridfield",
        "holidays",
        "openpyxl",
        "pypdf",
        "python-docx",
        "setuptools<81",
        "waitress",
        "weasyprint",
        # scale-out: the ZEO server and its clients (make start-zeo)
        "ZEO",
    ],
    extras_require={
        "test": [
            "plone.app.testing",
            "plone.testing",
            "zope.testrunner",
            "i18ndude",
            "selenium",
            # tests/test_relstorage.py (runs when PostgreSQL is installed)
            "RelStorage",
            "psycopg2-binary",
        ],
        # The load test: make load (loadtest/, docs/loadtest.md)
        "load": [
            "locust",
        ],
        # RelStorage on PostgreSQL instead of FileStorage/ZEO (deploy/relstorage.conf.in)
        "relstorage": [
            "RelStorage",
            "psycopg2-binary",
        ],
    },
    entry_points={
        "plone.autoinclude.plugin": ["target = plone"],
        "console_scripts": [
            "eiso-instance = eiso.commands.instance:main",
            "eiso-create-site = eiso.commands.site:main",
            "eiso-demo-data = eiso.commands.site:demo_main",
            "eiso-reminders = eiso.commands.reminders:main",
            "eiso-zeo = eiso.operations.zeo:main",
            "eiso-backup = eiso.operations.backup:backup_main",
            "eiso-restore = eiso.operations.backup:restore_main",
            "eiso-pack = eiso.operations.pack:main",
            "eiso-upgrade = eiso.commands.upgrade:main",
        ],
    },
)
