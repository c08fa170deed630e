"""The demo management review of the Sở Khoa học và Công nghệ, half-way as on seed
002's screen ("Trạng thái báo cáo của các phòng ban"): ``eiso.demo`` calls
``ensure_review`` after the demo objectives.

Made as users make it: the ISO secretary drafts the notice for four departments, the
leader approves it, the secretary notifies them (each report pre-filled with the
applied objectives' targets); Phòng quản lý Khoa học and Văn phòng sở report and the
leader concludes on them, Phòng quản lý Công nghệ has reported and waits for the
conclusion, Thanh tra Sở has not reported yet; the secretary has sent the review to
the leader, who cannot conclude it yet. Idempotent: an agency with a management
review already is left alone.
"""

from eiso import logger
from eiso.cases.handover import hand_over
from eiso.content.management_review import REVIEW_TYPE
from eiso.reviews import create_review
from plone import api

import datetime


SECRETARY = "thuky"
LEADER = "lanhdao"
DEPARTMENTS = ("phong-quan-ly-cong-nghe", "phong-quan-ly-khoa-hoc", "thanh-tra-so",
               "van-phong-so")

# department → (results by objective row, causes, results achieved, other inputs)
REPORTS = {
    "phong-quan-ly-khoa-hoc": (
        (96.0, 100.0, 100.0, 100.0),
        ("Khách hàng chưa hiểu rõ quy trình", "", "", "Hoàn thành"),
        "Đảm bảo các yêu cầu cải cách hành chính.",
        "Không có phản ánh, kiến nghị của tổ chức, cá nhân trong kỳ.",
    ),
    "van-phong-so": (
        (97.0, 100.0, 98.0, 100.0),
        ("", "", "Hai hồ sơ trễ hạn do chờ ý kiến của sở, ngành liên quan", ""),
        "Tiếp nhận và trả kết quả đúng quy định tại bộ phận một cửa.",
        "Đề xuất bổ sung 01 máy scan cho bộ phận một cửa.",
    ),
    "phong-quan-ly-cong-nghe": (
        (95.0, 100.0, 100.0, 90.0),
        ("Một số phiếu khảo sát chưa được thu hồi", "", "", "Chậm triển khai 01 nhiệm vụ"),
        "Hoàn thành phần lớn nhiệm vụ được giao.",
        "Cơ hội cải tiến: khảo sát sự hài lòng qua mã QR.",
    ),
}
CONCLUDED = ("phong-quan-ly-khoa-hoc", "van-phong-so")
CONCLUSIONS = {
    "phong-quan-ly-khoa-hoc": dict(
        conclusion="Đảm bảo các yêu cầu cải cách hành chính.",
        direction="Tiếp tục thực hiện tốt để cải cách hành chính, nâng cao chất lượng "
                  "phục vụ khách hàng.",
        responsibility="Trưởng phòng tổ chức triển khai"),
    "van-phong-so": dict(
        conclusion="Cơ bản đạt mục tiêu; còn hồ sơ trễ hạn do phối hợp liên ngành.",
        direction="Chủ động đôn đốc các sở, ngành cho ý kiến đúng hạn; trang bị máy scan.",
        responsibility="Chánh Văn phòng",
        corrective_action="Lập danh sách hồ sơ cần lấy ý kiến, nhắc hạn hằng tuần."),
}


def _fill(report, department):
    results, causes, performance, other = REPORTS[department]
    rows = []
    for number, row in enumerate(report.objectives or ()):
        row = dict(row)
        if number < len(results):
            row["result"] = results[number]
            row["cause"] = causes[number] or None
        rows.append(row)
    report.objectives = rows
    report.performance = performance
    report.other_inputs = other
    report.reindexObject()


def ensure_review(agency):
    section = agency["danh-gia"]
    if api.content.find(context=section, portal_type=REVIEW_TYPE, unrestricted=True):
        return None
    today = datetime.date.today()
    with api.env.adopt_user(username=SECRETARY):
        review = create_review(
            section, year=today.year, meeting_date=today + datetime.timedelta(days=14),
            meeting_place="Phòng họp tầng 2, Sở Khoa học và Công nghệ",
            report_deadline=today + datetime.timedelta(days=7),
            departments=list(DEPARTMENTS),
            notes="Các phòng báo cáo kết quả thực hiện mục tiêu chất lượng và các nội dung "
                  "xem xét; gửi trước hạn để Thư ký ISO tổng hợp.",
        )
        hand_over(review, "submit")
    with api.env.adopt_user(username=LEADER):
        hand_over(review, "approve", comment="Đồng ý, gửi thông báo cho các phòng.")
    with api.env.adopt_user(username=SECRETARY):
        hand_over(review, "notify")
    reports = review.reports()
    for department in REPORTS:
        report = reports[department]
        with api.env.adopt_user(username=report.responsible_users[0]):
            _fill(report, department)
            hand_over(report, "submit")
    for department in CONCLUDED:
        report = reports[department]
        with api.env.adopt_user(username=LEADER):
            for name, value in CONCLUSIONS[department].items():
                setattr(report, name, value)
            report.completion_date = today + datetime.timedelta(days=30)
            hand_over(report, "conclude")
    with api.env.adopt_user(username=SECRETARY):
        hand_over(review, "request_conclusion",
                  comment="Đã tổng hợp báo cáo của các phòng, kính trình lãnh đạo kết luận.")
    logger.info("eiso demo: management review %s", review.absolute_url(relative=True))
    return review
