"""Risks and opportunities (Rủi ro và cơ hội, SPEC §7): catalog indexers.

The type is ``eiso.content.risk``, its pages and the register ``eiso.browser.risks``.
"""
