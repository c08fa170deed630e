"""What guards the portal beyond the workflows: upload limits and failed-login limits.

See docs/security.md.
"""
