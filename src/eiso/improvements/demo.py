"""Demo improvements of the Sở Khoa học và Công nghệ (seed 000 functions 12–14):
``eiso.demo`` calls ``ensure_improvements`` after the demo nonconformities.

Made as users make them: members propose, the leader decides, the ISO secretary
drafts this year's plan, fills it from the accepted proposals and the nonconformities
being corrected (``eiso.improvements.plans.feed``), gives an owner to the rows that
have none, and the leader approves and applies it: its proposals become planned.
A proposal accepted after that waits for the next plan. Idempotent: a proposal whose
title is in ``cai-tien`` already, or a plan of this year, is left alone.
"""

from eiso import logger
from eiso.content.improvement import PLAN_TYPE
from eiso.content.improvement import PROPOSAL_TYPE
from eiso.improvements import create_plan
from eiso.improvements import create_proposal
from eiso.improvements import plans
from plone import api

import datetime


SECRETARY = "thuky"
LEADER = "lanhdao"

# transitions (by the author, then the leader) that bring a proposal to its state
PATHS = {
    "pending": [("author", "submit")],
    "accepted": [("author", "submit"), (LEADER, "approve")],
    "rejected": [("author", "submit"), (LEADER, "reject")],
}

# (author, state before the plan, fields, leader's comment); "accepted" ones made
# before the plan is applied end up "planned"; LATE is accepted after it.
PROPOSALS = (
    ("hoso", "accepted", dict(
        title="Số hóa hồ sơ lưu trữ của Văn phòng Sở",
        department="van-phong-so",
        description="Hồ sơ lưu trữ giấy từ năm 2010 đến nay (khoảng 1.200 hộp) chỉ tra cứu "
                    "được bằng sổ mục lục; mỗi lần tìm một hồ sơ mất 30–60 phút, kho lưu trữ "
                    "tầng trệt có nguy cơ thấm nước",
        proposal="Scan các hồ sơ lưu trữ vĩnh viễn và lưu trữ có thời hạn trên 10 năm, nhập "
                 "mục lục vào phần mềm; ưu tiên hồ sơ TTHC và hồ sơ nhiệm vụ KH&CN",
        expected_benefit="Tra cứu hồ sơ dưới 5 phút; giảm rủi ro hư hỏng bản gốc; phục vụ "
                         "khai thác từ xa",
        iso_clauses=["7.5.3"],
    ), "Đồng ý, giao Văn phòng Sở lập dự toán và đưa vào kế hoạch cải tiến năm nay."),
    ("nhanvien", "accepted", dict(
        title="Rút ngắn thời gian thẩm định hồ sơ đăng ký nhiệm vụ KH&CN",
        department="phong-quan-ly-khoa-hoc",
        description="Thời gian thẩm định hồ sơ đăng ký nhiệm vụ KH&CN cấp tỉnh hiện là 20 ngày "
                    "làm việc, trong đó 7 ngày chờ chuyển hồ sơ giấy giữa các thành viên tổ "
                    "thẩm định",
        proposal="Gửi hồ sơ điện tử cho thành viên tổ thẩm định qua phần mềm; họp thẩm định "
                 "trực tuyến khi cần; phiếu nhận xét điền trực tiếp trên hệ thống",
        expected_benefit="Rút ngắn thời gian thẩm định còn 15 ngày làm việc; giảm chi phí "
                         "in, sao hồ sơ",
        iso_clauses=["8.5.1", "10.3"],
    ), "Đồng ý, Phòng Quản lý khoa học chủ trì thực hiện."),
    ("truongphong", "accepted_later", dict(
        title="Khảo sát mức độ hài lòng của tổ chức, cá nhân qua mã QR",
        department="phong-quan-ly-cong-nghe",
        description="Phiếu khảo sát giấy tại bộ phận một cửa ít được điền (khoảng 5% số hồ "
                    "sơ), kết quả tổng hợp thủ công cuối quý",
        proposal="Dán mã QR dẫn tới phiếu khảo sát trực tuyến trên giấy hẹn trả kết quả; "
                 "tổng hợp kết quả tự động hằng tháng",
        expected_benefit="Tăng tỷ lệ phản hồi; có số liệu sự hài lòng kịp thời cho xem xét "
                         "của lãnh đạo (ISO 9.1.2)",
        iso_clauses=["9.1.2"],
    ), "Đồng ý, bổ sung vào kế hoạch cải tiến khi điều chỉnh."),
    ("danhgiavien", "pending", dict(
        title="Lập danh mục chuẩn đo lường và nhắc hạn kiểm định trên phần mềm",
        department="thanh-tra-so",
        description="Hạn kiểm định các chuẩn đo lường dùng trong thanh tra, kiểm tra đang theo "
                    "dõi trên sổ tay của từng công chức",
        proposal="Lập danh mục chuẩn đo lường dùng chung, ghi hạn kiểm định; hệ thống nhắc "
                 "trước 30 ngày",
        expected_benefit="Không sử dụng chuẩn đo lường hết hạn kiểm định",
        iso_clauses=["7.1.5"],
    ), None),
    ("nhanvien", "rejected", dict(
        title="Trang bị máy tính bảng cho bộ phận một cửa",
        department="van-phong-so",
        description="Người dân phải chờ công chức nhập thông tin hồ sơ vào phần mềm",
        proposal="Trang bị 05 máy tính bảng để người dân tự nhập thông tin khi nộp hồ sơ",
        expected_benefit="Giảm thời gian tiếp nhận hồ sơ",
    ), "Chưa chấp nhận: Trung tâm Phục vụ hành chính công tỉnh đã bố trí máy tự phục vụ "
       "dùng chung; đề nghị hướng dẫn người dân sử dụng."),
)


def _propose(section, author, state, fields, comment):
    with api.env.adopt_user(username=author):
        item = create_proposal(section, **fields)
    for actor, transition in PATHS.get(state, []):
        user_id = author if actor == "author" else actor
        with api.env.adopt_user(username=user_id):
            api.content.transition(obj=item, transition=transition,
                                   comment=comment if actor != "author" else "")
    return item


def ensure_improvements(agency):
    """The proposals and this year's applied plan of the demo agency."""
    section = agency["cai-tien"]
    known = {brain.Title for brain in api.content.find(
        context=section, portal_type=PROPOSAL_TYPE, unrestricted=True)}
    late = []
    for author, state, fields, comment in PROPOSALS:
        if fields["title"] in known:
            continue
        logger.info("Creating improvement proposal %s", fields["title"])
        if state == "accepted_later":
            late.append((author, fields, comment))
            continue
        _propose(section, author, state, fields, comment)
    year = datetime.date.today().year
    if not api.content.find(context=section, portal_type=PLAN_TYPE, year=year,
                            unrestricted=True):
        logger.info("Creating the improvement plan of %s", year)
        with api.env.adopt_user(username=SECRETARY):
            plan = create_plan(section, year=year,
                               description="Cải tiến hệ thống quản lý chất lượng theo TCVN "
                                           "ISO 9001:2015 tại Sở, từ các đề xuất được chấp "
                                           "nhận và các sự không phù hợp đang khắc phục.")
            plans.feed(plan)
            # the rows of a department without a head: the ISO secretary follows them
            plan.actions = [dict(row, owner=row["owner"] or SECRETARY)
                            for row in plan.actions]
            api.content.transition(obj=plan, transition="submit")
        with api.env.adopt_user(username=LEADER):
            api.content.transition(obj=plan, transition="approve")
            api.content.transition(obj=plan, transition="apply")
    for author, fields, comment in late:
        _propose(section, author, "accepted", fields, comment)
