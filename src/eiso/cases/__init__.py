"""The case engine (SPEC §4): steps, handlers, deadlines, audit trail."""
