"""The demo agency's internal audit programme of the current year (seed 002 §4) and
two internal audits of it: ``eiso.demo`` calls ``ensure_audit_programme`` and
``ensure_internal_audits``.

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
    ("phong-quan-ly-khoa-hoc", 5, (AUDITOR, SECRETARY), "7.5, 8.1, 8.2, 8.5, 8.6, 8.7, 10.2",
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


# Internal audits (Cuộc đánh giá nội bộ) of this year's programme: ``eiso.demo`` calls
# ``ensure_internal_audits`` after the programme, the nonconformities and the
# improvements. The first audit is closed: its report linked the nonconformity the
# nonconformities' demo reported from it ("phát hiện trong đánh giá nội bộ đợt 1")
# and found an opportunity for improvement; the second is being carried out.
TEAM_MEMBER = "nhanvien"

CLOSED_AUDIT = {
    "id": "danh-gia-noi-bo-dot-1-phong-quan-ly-khoa-hoc",
    "title": "Đánh giá nội bộ đợt 1 – Phòng Quản lý khoa học",
    "department": "phong-quan-ly-khoa-hoc",
    "scope": "Quy trình quản lý nhiệm vụ khoa học và công nghệ cấp tỉnh: tuyển chọn, "
             "xét duyệt, ký hợp đồng, kiểm tra tiến độ và nghiệm thu.",
    "team": (AUDITOR, SECRETARY),
    "days_ago": 45,
}
OPEN_AUDIT = {
    "id": "danh-gia-noi-bo-dot-2-van-phong-so",
    "title": "Đánh giá nội bộ đợt 2 – Văn phòng Sở",
    "department": "van-phong-so",
    "scope": "Kiểm soát tài liệu, hồ sơ; tiếp nhận và trả kết quả thủ tục hành chính tại "
             "bộ phận một cửa.",
    "team": (AUDITOR, TEAM_MEMBER),
    "days_ago": 0,
}
# (clause, answer, evidence) of the closed audit's checklist, each for the first
# question of that clause; the others conform.
CLOSED_ANSWERS = (
    ("7.5.3", "not_conform", "Hồ sơ nhiệm vụ mã số ĐT.05/2025 thiếu biên bản họp hội đồng "
     "tư vấn tuyển chọn"),
    ("8.5.1", "observation", "Phiếu hẹn số 15, 21/2026 thiếu số điện thoại liên hệ của tổ chức"),
    ("8.2.1", "not_applicable", "Phòng không trực tiếp tiếp nhận hồ sơ tại bộ phận một cửa"),
)
CONFORM_EVIDENCE = "Kiểm tra 05 hồ sơ nhiệm vụ năm nay: thực hiện đúng quy trình"
CLOSED_FINDINGS = (
    ("observation", "8.5.1", "Một số phiếu hẹn trả kết quả không ghi số điện thoại liên hệ "
     "của tổ chức chủ trì nhiệm vụ", "Phiếu hẹn số 15, 21/2026"),
    ("opportunity", "10.3", "Theo dõi tiến độ nhiệm vụ khoa học và công nghệ trên phần mềm "
     "thay cho sổ theo dõi giấy, nhắc hạn báo cáo định kỳ tự động", None),
)


def _audit_fields(audit, programme, today):
    import datetime

    start = today - datetime.timedelta(days=audit["days_ago"])
    return {
        "title": audit["title"],
        "programme": programme.UID() if programme is not None else None,
        "scope": audit["scope"],
        "start_date": start,
        "end_date": start + datetime.timedelta(days=2),
        "departments": [audit["department"]],
        "lead_auditor": audit["team"][0],
        "team": list(audit["team"][1:]),
    }


def _answered(rows, answers, evidence):
    special = {clause: (answer, text) for clause, answer, text in answers}
    result = []
    for row in rows:
        answer, note = special.pop(row.get("clause"), ("conform", evidence))
        result.append(dict(row, answer=answer, evidence=note))
    return result


def ensure_internal_audits(agency, year):
    """This year's two demo audits (idempotent)."""
    import datetime

    from eiso.demo import ensure_case
    from eiso.nonconformities.demo import NONCONFORMITIES
    from plone import api
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    section = agency["danh-gia"]
    programme = section.get(f"chuong-trinh-danh-gia-noi-bo-nam-{year}")
    today = datetime.date.today()
    started = ((SECRETARY, "submit"), (LEADER, "approve"), (AUDITOR, "start"))
    if CLOSED_AUDIT["id"] not in section:
        audit = ensure_case(section, CLOSED_AUDIT["id"], "InternalAudit",
                            _audit_fields(CLOSED_AUDIT, programme, today), started)
        audit.checklist = _answered(audit.checklist, CLOSED_ANSWERS, CONFORM_EVIDENCE)
        findings = [{"kind": kind, "clause": clause, "department": CLOSED_AUDIT["department"],
                     "description": description, "evidence": evidence, "nonconformity": None}
                    for kind, clause, description, evidence in CLOSED_FINDINGS]
        # The nonconformity the nonconformities' demo reported from this audit.
        reporter, state, fields, verification = NONCONFORMITIES[0]
        found = [brain._unrestrictedGetObject() for brain in api.content.find(
            context=agency["kiem-soat"], portal_type="Nonconformity", unrestricted=True)
            if brain._unrestrictedGetObject().description == fields["description"]]
        if found:
            nonconformity = found[0]
            nonconformity.source_item = RelationValue(getUtility(IIntIds).register(audit))
            nonconformity.reindexObject()
            findings.insert(0, {"kind": "nonconformity", "clause": fields["clause"],
                                "department": fields["department"],
                                "description": fields["description"],
                                "evidence": "Hồ sơ nhiệm vụ mã số ĐT.05/2025",
                                "nonconformity": nonconformity.UID()})
        audit.findings = findings
        for user_id, transition in ((AUDITOR, "report"), (LEADER, "close")):
            with api.env.adopt_user(username=user_id):
                api.content.transition(obj=audit, transition=transition)
    if OPEN_AUDIT["id"] not in section:
        audit = ensure_case(section, OPEN_AUDIT["id"], "InternalAudit",
                            _audit_fields(OPEN_AUDIT, programme, today), started)
        rows = list(audit.checklist)
        audit.checklist = (_answered(rows[:5], (), "Đã kiểm tra tại bộ phận một cửa")
                           + rows[5:])
