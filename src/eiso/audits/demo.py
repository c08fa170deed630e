"""The demo agency's internal audit programme of the current year (seed 002 §4):
``eiso.demo`` calls ``ensure_audit_programme``.

Each department of the Sở Khoa học và Công nghệ is audited once, by the internal
auditor (Đặng Thị Đào, Thanh tra Sở) or the ISO secretary (Trần Thị Thu, Văn phòng
sở) — never by someone of the department audited — on the clauses of ISO 9001:2015
its work falls under (as in the quality manual of seed 004). The ISO secretary
drafts and submits it, the leader approves and applies it. Idempotent.
"""

SECRETARY = "thuky"
LEADER = "lanhdao"
AUDITOR = "danhgiavien"

SCOPE = (
    "Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 áp dụng cho các hoạt động "
    "quản lý nhà nước về khoa học và công nghệ và giải quyết thủ tục hành chính của Sở.\n"
    "Tất cả các phòng, đơn vị thuộc Sở được đánh giá ít nhất một lần trong năm."
)

# (department, month, auditors' user ids, clauses, note)
AUDITS = (
    ("ban-giam-doc", 3, (AUDITOR, SECRETARY), "4.1, 4.2, 4.3, 5.1, 5.2, 5.3, 6.1, 6.2, 9.3",
     "Đánh giá vai trò lãnh đạo, chính sách và mục tiêu chất lượng"),
    ("van-phong-so", 4, (AUDITOR,), "7.1, 7.2, 7.3, 7.4, 7.5, 8.2, 9.1.2",
     "Kiểm soát tài liệu, hồ sơ; tiếp nhận và trả kết quả TTHC"),
    ("phong-quan-ly-khoa-hoc", 5, (AUDITOR, SECRETARY), "8.1, 8.2, 8.5, 8.6, 8.7, 10.2",
     "Quy trình quản lý nhiệm vụ khoa học và công nghệ"),
    ("phong-quan-ly-cong-nghe", 6, (AUDITOR, SECRETARY), "8.1, 8.2, 8.4, 8.5, 8.6, 8.7, 9.1",
     "Quy trình thẩm định công nghệ, cấp phép an toàn bức xạ"),
    ("thanh-tra-so", 9, (SECRETARY,), "7.5, 8.1, 8.5, 8.7, 10.2",
     "Giải quyết khiếu nại, tố cáo; theo dõi hành động khắc phục"),
)


def programme_fields(year):
    from eiso.content.audit_programme import DEFAULT_CRITERIA
    from eiso.demo import ACCOUNTS

    names = {user_id: fullname for user_id, fullname, department, roles in ACCOUNTS}
    return {
        "title": f"Chương trình đánh giá nội bộ năm {year}",
        "year": year,
        "scope": SCOPE,
        "criteria": DEFAULT_CRITERIA,
        "schedule": [
            {"department": department, "month": month,
             "auditors": ", ".join(names[user_id] for user_id in auditors),
             "clauses": clauses, "note": note}
            for department, month, auditors, clauses, note in AUDITS
        ],
    }


def ensure_audit_programme(agency, year):
    """This year's programme, applied (created as the ISO secretary, approved and
    applied by the leader)."""
    from eiso.demo import ensure_case

    return ensure_case(
        agency["danh-gia"], f"chuong-trinh-danh-gia-noi-bo-nam-{year}", "AuditProgramme", programme_fields(year),
        ((SECRETARY, "submit"), (LEADER, "approve"), (LEADER, "apply")),
    )
