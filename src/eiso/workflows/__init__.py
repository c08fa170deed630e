"""Workflow helpers of eiso (guards and event handlers come here)."""
