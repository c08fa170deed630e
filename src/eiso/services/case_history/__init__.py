"""REST ``@case-history``: the steps and the audit trail of a case."""
