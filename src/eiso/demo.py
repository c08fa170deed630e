"""Demo data: the agency of seed 002 with its departments and one account per role.

Applied with the ``eiso:demo`` profile (``make start`` and ``eiso-demo-data``
do it). Idempotent: what exists already is left alone.
"""

from eiso import logger
from eiso.members import AgencyMembers
from eiso.roles import ASSESSOR
from plone import api


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
    return agency
