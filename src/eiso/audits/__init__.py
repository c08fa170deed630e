"""Evaluation (Đánh giá, SPEC §8): internal audit programmes and the ``danh-gia`` section.

- ``eiso.content.audit_programme``: the type, its schedule and calendar;
- ``eiso.browser.audits``: the programme's page and print version, the section's listing;
- ``demo``: this year's programme of the demo agency.
"""
