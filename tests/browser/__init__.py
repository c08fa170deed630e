"""End-to-end tests in a real headless Chromium, driven by selenium.

The helpers live in :mod:`tests.browser.helpers`.
"""
