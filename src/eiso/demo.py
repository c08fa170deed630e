"""Demo data: the agency of seed 002 with its departments, one account per role,
its applied context analysis and quality policy and next year's policy awaiting approval.

Applied with the ``eiso:demo`` profile (``make start`` and ``eiso-demo-data``
do it). Idempotent: what exists already is left alone.
"""

from eiso import logger
from eiso.audits.demo import ensure_audit_programme
from eiso.audits.demo import ensure_internal_audits
from eiso.declarations.demo import ensure_declaration
from eiso.demo_objectives import ensure_objectives
from eiso.demo_qms import ensure_documents
from eiso.demo_qms import ensure_records
from eiso.improvements.demo import ensure_improvements
from eiso.feedback.demo import ensure_feedback
from eiso.legal.demo import ensure_legal_documents
from eiso.members import AgencyMembers
from eiso.nonconformities.demo import ensure_nonconformities
from eiso.procedures.demo import ensure_procedure_guides
from eiso.reviews.demo import ensure_review
from eiso.assessments.demo import ensure_assessment
from eiso.risks.demo import ensure_risks
from eiso.staff.demo import ensure_staff_profiles
from eiso.roles import ASSESSOR
from eiso.statistics.demo import ensure_statistics
from plone import api

import copy
import datetime


AGENCY_ID = "so-khcn"
AGENCY = {
    "title": "Sở Khoa học và Công nghệ",
    "code": "SKHCN",
    "address": "Số 2 Lý Thường Kiệt, thành phố Đồng Hới, tỉnh Quảng Bình",
    "phone": "0232 3822 581",
    "email": "skhcn@quangbinh.gov.vn",
    "superior": "Ủy ban nhân dân tỉnh Quảng Bình",
}

# (id, title, code) — the departments of seed 002.
DEPARTMENTS = (
    ("van-phong-so", "Văn phòng sở", "VP"),
    ("phong-quan-ly-cong-nghe", "Phòng quản lý Công nghệ", "QLCN"),
    ("phong-quan-ly-khoa-hoc", "Phòng quản lý Khoa học", "QLKH"),
    ("thanh-tra-so", "Thanh tra Sở", "TTS"),
    ("ban-giam-doc", "Ban Giám đốc", "BGD"),
)

DEMO_PASSWORD = "eiso2026"

# (user id, full name, department id, agency roles) — one account per role.
ACCOUNTS = (
    ("quantri", "Nguyễn Văn Quân", "van-phong-so", ["Site Administrator"]),
    ("thuky", "Trần Thị Thu", "van-phong-so", ["IsoSecretary"]),
    ("lanhdao", "Lê Văn Long", "ban-giam-doc", ["Leader"]),
    ("truongphong", "Phạm Minh Trường", "phong-quan-ly-cong-nghe", ["DepartmentHead"]),
    ("vanban", "Hoàng Thị Vân", "van-phong-so", ["LegalOfficer"]),
    ("tailieu", "Đỗ Văn Tài", "van-phong-so", ["DocumentController"]),
    ("hoso", "Vũ Thị Hoa", "van-phong-so", ["RecordsOfficer"]),
    ("nhansu", "Bùi Thị Nhàn", "van-phong-so", ["HROfficer"]),
    ("nhanvien", "Ngô Văn Nam", "phong-quan-ly-khoa-hoc", []),
    ("danhgiavien", "Đặng Thị Đào", "thanh-tra-so", []),
)

# Global accounts: the superior agency's assessor.
ASSESSORS = (("chamdiem", "Phan Văn Chấm", "chamdiem@sokhcn.example.vn"),)


# The accounts that move the demo cases (seed 002: the secretary drafts, the leader decides).
SECRETARY = "thuky"
LEADER = "lanhdao"

# The context analysis, after seed 004 (a Sở's quality manual, ISO 9001 4.1–4.3).
CONTEXT_ANALYSIS = {
    "method": "SWOT",
    "internal_issues": [
        {"issue": "Đội ngũ cán bộ, công chức được đào tạo, nhận thức đầy đủ tầm quan trọng "
                  "của việc đáp ứng yêu cầu của tổ chức, công dân", "kind": "strength"},
        {"issue": "Hệ thống tài liệu HTQLCL (chính sách, quy trình, hướng dẫn, biểu mẫu) "
                  "được thiết lập và áp dụng trong toàn Sở", "kind": "strength"},
        {"issue": "Trang thiết bị, phòng làm việc, hệ thống thông tin liên lạc đáp ứng "
                  "yêu cầu giải quyết thủ tục hành chính", "kind": "strength"},
        {"issue": "Nguồn lực còn hạn chế, phải bổ sung dần qua đào tạo, sửa chữa, "
                  "mua sắm hằng năm", "kind": "weakness"},
        {"issue": "Một số quy trình tác nghiệp chưa được cập nhật kịp thời khi văn bản "
                  "pháp luật thay đổi", "kind": "weakness"},
    ],
    "external_issues": [
        {"issue": "Chương trình cải cách hành chính và chuyển đổi số của tỉnh; Trung tâm "
                  "hành chính công tỉnh tiếp nhận và trả kết quả", "kind": "opportunity"},
        {"issue": "Sự quan tâm, chỉ đạo của UBND tỉnh và Bộ Khoa học và Công nghệ",
         "kind": "opportunity"},
        {"issue": "Văn bản quy phạm pháp luật về khoa học và công nghệ thay đổi thường xuyên",
         "kind": "threat"},
        {"issue": "Yêu cầu của tổ chức, công dân về chất lượng và thời gian giải quyết "
                  "thủ tục hành chính ngày càng cao", "kind": "threat"},
    ],
    "interested_parties": [
        {"party": "Cơ quan cấp trên (UBND tỉnh, Bộ Khoa học và Công nghệ)",
         "needs": "Thực hiện đúng chức năng, nhiệm vụ được giao; báo cáo đầy đủ, đúng hạn",
         "monitoring": "Văn bản chỉ đạo, kết quả kiểm tra, chấm điểm cải cách hành chính"},
        {"party": "Tổ chức, công dân sử dụng dịch vụ công",
         "needs": "Giải quyết thủ tục hành chính đầy đủ, kịp thời, đúng hạn; giải đáp thắc "
                  "mắc, xử lý kịp thời phản ánh; giữ kín thông tin",
         "monitoring": "Phiếu khảo sát sự hài lòng, ý kiến phản ánh tại bàn tiếp nhận, "
                       "email, điện thoại"},
        {"party": "Các cơ quan quản lý nhà nước có liên quan",
         "needs": "Phối hợp, trao đổi thông tin kịp thời",
         "monitoring": "Công văn đến – đi, họp liên ngành"},
        {"party": "Các đối tác: nhà cung ứng, ngân hàng",
         "needs": "Hợp tác đúng cam kết, thanh toán đúng hạn",
         "monitoring": "Hợp đồng, biên bản nghiệm thu"},
        {"party": "Cán bộ, công chức và người lao động của Sở",
         "needs": "Môi trường làm việc phù hợp; được đào tạo, cập nhật tri thức",
         "monitoring": "Họp giao ban, hội nghị cán bộ công chức, đánh giá năng lực hằng năm"},
    ],
    "scope": "Hệ thống quản lý chất lượng của Sở Khoa học và Công nghệ tỉnh Quảng Bình "
             "phù hợp với TCVN ISO 9001:2015, áp dụng cho hoạt động quản lý nhà nước về "
             "khoa học và công nghệ và giải quyết thủ tục hành chính trên địa bàn tỉnh, "
             "tại Văn phòng sở, Phòng quản lý Công nghệ, Phòng quản lý Khoa học và "
             "Thanh tra Sở.",
    "exclusions": [
        {"clause": "8.3 – Thiết kế và phát triển sản phẩm và dịch vụ",
         "justification": "Hoạt động của Sở là quản lý nhà nước; sản phẩm, dịch vụ của Sở "
                          "là dịch vụ hành chính công theo quy định của pháp luật"},
    ],
}

# The quality policy of seed 002 §2.
POLICY_MOTTO = ("Không ngừng nâng cao chất lượng hoạt động quản lý nhà nước "
                "và dịch vụ công về KHCN")
POLICY_STATEMENTS = [
    "Thực hiện tốt vai trò quản lý nhà nước về KHCN",
    "Không ngừng nâng cao chất lượng dịch vụ công",
    "Sự hài lòng của cơ quan và người dân là thước đo hiệu quả công việc",
]
# Next year's draft adds one statement; it waits for the leader's approval.
NEXT_POLICY_STATEMENTS = POLICY_STATEMENTS + [
    "Đẩy mạnh chuyển đổi số trong giải quyết thủ tục hành chính về KHCN",
]


def ensure_case(container, item_id, portal_type, fields, steps, secretary=SECRETARY):
    """Create ``item_id`` as the secretary and move it through ``steps``.

    ``steps``: (user id, transition) in order, each done as that user.
    """
    item = container.get(item_id)
    if item is not None:
        return item
    logger.info("Creating %s %s", portal_type, fields["title"])
    with api.env.adopt_user(username=secretary):
        item = api.content.create(
            container=container, type=portal_type, id=item_id, safe_id=False, **fields
        )
    for user_id, transition in steps:
        with api.env.adopt_user(username=user_id):
            api.content.transition(obj=item, transition=transition)
    return item


def ensure_context_and_policy(agency, year, context=CONTEXT_ANALYSIS, motto=POLICY_MOTTO,
                              statements=POLICY_STATEMENTS,
                              next_statements=NEXT_POLICY_STATEMENTS,
                              secretary=SECRETARY, leader=LEADER):
    """This year's applied context analysis and policy; next year's policy pending.

    The keyword arguments are the data and the accounts (those of this agency by
    default; ``eiso.demo_second_agency`` passes its own)."""
    container = agency["boi-canh"]
    applied = ((secretary, "submit"), (leader, "approve"), (leader, "apply"))
    ensure_case(
        container, f"boi-canh-to-chuc-nam-{year}", "ContextAnalysis",
        dict(copy.deepcopy(context), title=f"Bối cảnh tổ chức năm {year}", year=year),
        applied, secretary=secretary,
    )
    ensure_case(
        container, f"chinh-sach-chat-luong-nam-{year}", "QualityPolicy",
        {"title": f"Chính sách chất lượng năm {year}", "year": year,
         "motto": motto, "statements": list(statements)},
        applied, secretary=secretary,
    )
    ensure_case(
        container, f"chinh-sach-chat-luong-nam-{year + 1}", "QualityPolicy",
        {"title": f"Chính sách chất lượng năm {year + 1}", "year": year + 1,
         "motto": motto, "statements": list(next_statements)},
        ((secretary, "submit"),), secretary=secretary,
    )


def ensure_agency(portal, agency_id, fields, departments, accounts, password, domain):
    """Create what is missing of an agency: itself, its departments, its accounts.

    ``departments``: (id, title, code); ``accounts``: (user id, full name,
    department id, roles besides Staff); e-mail addresses are user id @ ``domain``.
    """
    agency = portal.get(agency_id)
    if agency is None:
        logger.info("Creating agency %s", fields["title"])
        agency = api.content.create(
            container=portal, type="Agency", id=agency_id, safe_id=False, **fields
        )
    organisation = agency["to-chuc"]
    for department_id, title, code in departments:
        if department_id not in organisation:
            api.content.create(
                container=organisation,
                type="Department",
                id=department_id,
                title=title,
                code=code,
                safe_id=False,
            )
    members = AgencyMembers(agency)
    for user_id, fullname, department_id, roles in accounts:
        if api.user.get(userid=user_id) is None:
            logger.info("Creating account %s (%s)", user_id, fullname)
            members.add(
                user_id=user_id,
                fullname=fullname,
                email=f"{user_id}@{domain}",
                password=password,
                department=department_id,
                roles=roles,
            )
    return agency


def ensure_assessor(user_id, fullname, email, password):
    """A global account of the superior agency (role Assessor)."""
    if api.user.get(userid=user_id) is None:
        logger.info("Creating assessor account %s", user_id)
        api.user.create(
            email=email, username=user_id, password=password, properties={"fullname": fullname}
        )
        api.user.grant_roles(username=user_id, roles=[ASSESSOR])


def create_demo_content(context=None):
    portal = api.portal.get()
    agency = ensure_agency(
        portal, AGENCY_ID, AGENCY, DEPARTMENTS, ACCOUNTS, DEMO_PASSWORD, "sokhcn.example.vn"
    )
    organisation = agency["to-chuc"]
    heads = {"phong-quan-ly-cong-nghe": "truongphong", "ban-giam-doc": "lanhdao",
             "van-phong-so": "quantri"}
    for department_id, user_id in heads.items():
        department = organisation[department_id]
        if not department.head:
            department.head = user_id
            department.reindexObject()
    for user_id, fullname, email in ASSESSORS:
        ensure_assessor(user_id, fullname, email, DEMO_PASSWORD)
    ensure_context_and_policy(agency, datetime.date.today().year)
    ensure_objectives(agency, datetime.date.today().year)
    ensure_legal_documents(agency)
    ensure_documents(agency)
    ensure_records(agency)
    ensure_procedure_guides(agency)
    year = datetime.date.today().year
    ensure_risks(agency, agency["boi-canh"].get(f"boi-canh-to-chuc-nam-{year}"))
    ensure_nonconformities(agency)
    ensure_audit_programme(agency, year)
    ensure_improvements(agency)
    ensure_internal_audits(agency, year)
    ensure_review(agency)
    ensure_feedback(agency)
    ensure_staff_profiles(agency)
    ensure_assessment(agency)
    ensure_statistics(agency)
    ensure_declaration(agency)
    # A second, smaller agency, so that the superior agency's views compare two.
    from eiso.demo_second_agency import ensure_second_agency

    ensure_second_agency(portal)
    return agency
