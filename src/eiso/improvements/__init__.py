"""Improvements (Cải tiến, SPEC §8, seed 000 functions 12–14).

The types are ``eiso.content.improvement``; the checks of their workflows
``eiso.improvements.workflow``; filling a plan from the accepted proposals and the
nonconformities, and marking the proposals of an applied plan ``planned``,
``eiso.improvements.plans``; the pages and the listing of ``cai-tien``
``eiso.browser.improvements``.
"""

from eiso.content.fields import create_content
from eiso.content.improvement import PLAN_TYPE
from eiso.content.improvement import PROPOSAL_TYPE


def create_proposal(container, **fields):
    """Add an improvement proposal of the current user to a ``cai-tien`` section
    (needs "eiso: Add ImprovementProposal"); its id comes from its title."""
    return create_content(container, PROPOSAL_TYPE, **fields)


def create_plan(container, **fields):
    """Add a draft improvement plan to a ``cai-tien`` section (needs
    "eiso: Add ImprovementPlan"); its id comes from its title or year."""
    return create_content(container, PLAN_TYPE, **fields)
