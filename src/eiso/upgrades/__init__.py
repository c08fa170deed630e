"""Upgrade steps of the eiso:default profile; one module per step from 1001 on."""
