"""Management reviews (Xem xét của lãnh đạo, SPEC §8, seed 002 §5).

The types are ``eiso.content.management_review``; the workflows' checks, who handles
each step and the reports the notice creates ``eiso.reviews.workflow``; the minutes
as a Word file ``eiso.reviews.minutes``; the demo ``eiso.reviews.demo``; the pages
``eiso.browser.reviews``. See docs/reviews.md.
"""

from eiso.content.fields import create_content
from eiso.content.fields import current_year
from eiso.content.management_review import default_review_title
from eiso.content.management_review import REVIEW_TYPE


def create_review(container, **fields):
    """Add a management review notice to a ``danh-gia`` section as the current user
    (needs "eiso: Add ManagementReview"); its id comes from its title."""
    name = fields.get("title") or default_review_title(fields.get("year") or current_year())
    return create_content(container, REVIEW_TYPE, name, **fields)
