"""Who the simulated staff are: the demo agencies and the load test's own accounts.

Every simulated user logs in with an account of its own, as real staff do: when
several simulated users share one account, their logins rewrite that account's
login time at the same moment — a ConflictError Zope cannot resolve, which a
real office never produces. ``make load`` creates the accounts below in the
demo agencies (loadtest/accounts.py) before the load starts.

Kept apart from the locustfile so that loadtest/accounts.py and check.py can
read it without importing locust, which patches the standard library (gevent).
"""

import math


PASSWORD = "taithu2026"

AGENCIES = (
    {
        "key": "khcn",
        "path": "/Plone/so-khcn",
        "section": "/so-khcn/boi-canh",  # where the load test creates its items
        "departments": ("van-phong-so", "phong-quan-ly-cong-nghe", "phong-quan-ly-khoa-hoc",
                        "thanh-tra-so"),
    },
    {
        "key": "tp",
        "path": "/Plone/so-tu-phap",
        "section": "/so-tu-phap/boi-canh",
        "departments": ("van-phong-so", "phong-xay-dung-kiem-tra-van-ban",
                        "phong-pho-bien-giao-duc-phap-luat", "phong-hanh-chinh-bo-tro-tu-phap",
                        "thanh-tra-so"),
    },
)

# role → (eiso roles besides Staff, department, full-name prefix)
ROLES = {
    "staff": ((), None, "Cán bộ tải thử"),
    "secretary": (("IsoSecretary",), "van-phong-so", "Thư ký ISO tải thử"),
    "leader": (("Leader",), "ban-giam-doc", "Lãnh đạo tải thử"),
}


def agency_of(number):
    """The agency of the ``number``-th simulated user: two of three in the first."""
    return AGENCIES[0] if number % 3 else AGENCIES[1]


def office_holders(users):
    """How many ISO secretaries, and how many leaders, among ``users`` simulated users.

    An agency has one or two ISO secretaries and a few leaders; everyone else is
    staff. Two of each per agency from 40 users on, at least one of each."""
    return min(2 * len(AGENCIES), max(1, users // 10))


def accounts_needed(users):
    """Accounts per agency and role for ``users`` simulated users: enough that no two
    users share one (the locustfile's weights give at most these many per role)."""
    return {"staff": max(1, users), "secretary": max(1, math.ceil(users / 3)),
            "leader": max(1, math.ceil(users / 6))}


def account(agency, role, index):
    return f"taithu-{agency['key']}-{role}-{index + 1:03d}"


# Vietnamese searches staff type: whole words with diacritics, and without them.
SEARCHES = (
    "chất lượng", "quy trình", "chính sách", "mục tiêu", "rủi ro", "hồ sơ",
    "tài liệu", "kiểm soát", "đánh giá nội bộ", "chat luong", "thu tuc hanh chinh",
)
