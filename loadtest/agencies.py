"""Who the simulated staff are: the demo agencies and their accounts (README, demo accounts).

Kept apart from the locustfile so that the count check (loadtest/check.py) can
read it without importing locust, which patches the standard library (gevent).
"""

PASSWORD = "eiso2026"

AGENCIES = (
    {
        "path": "/Plone/so-khcn",
        "section": "/so-khcn/boi-canh",  # where the load test creates its items
        "staff": ("nhanvien", "truongphong", "danhgiavien", "tailieu", "hoso", "vanban", "nhansu"),
        "secretary": "thuky",
        "leader": "lanhdao",
    },
    {
        "path": "/Plone/so-tu-phap",
        "section": "/so-tu-phap/boi-canh",
        "staff": ("tp-nhanvien", "tp-truongphong", "tp-tailieu"),
        "secretary": "tp-thuky",
        "leader": "tp-lanhdao",
    },
)

# Vietnamese searches staff type: whole words with diacritics, and without them.
SEARCHES = (
    "chất lượng", "quy trình", "chính sách", "mục tiêu", "rủi ro", "hồ sơ",
    "tài liệu", "kiểm soát", "đánh giá nội bộ", "chat luong", "thu tuc hanh chinh",
)
