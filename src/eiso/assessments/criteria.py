"""The scoring criteria (Tiêu chí chấm điểm) every assessment's grid is made from.

The record ``eiso.assessment_criteria`` (ISO settings, ``@@eiso-settings``) holds one
criterion per line, ``code | criterion | max points``. The default set follows the
provincial scoring of the application of TCVN ISO 9001:2015 in state agencies
(Quyết định 19/2014/QĐ-TTg, Thông tư 26/2014/TT-BKHCN; the Sở Khoa học và Công nghệ
checks and scores each agency's system every year): 12 criteria, 100 points.
"""

from eiso import _
from zope.interface import Invalid


SEPARATOR = "|"

DEFAULT_CRITERIA = [
    "1 | Xây dựng hệ thống quản lý chất lượng: quyết định ban hành, phạm vi áp dụng, "
    "ban chỉ đạo ISO | 10",
    "2 | Chính sách chất lượng và mục tiêu chất lượng: ban hành, phổ biến, theo dõi "
    "kết quả thực hiện | 8",
    "3 | Hệ thống tài liệu: sổ tay, quy trình, biểu mẫu được kiểm soát, cập nhật kịp "
    "thời | 10",
    "4 | Áp dụng đầy đủ các quy trình cho thủ tục hành chính thuộc phạm vi | 10",
    "5 | Kiểm soát hồ sơ: lập, lưu trữ, tra cứu theo danh mục hồ sơ | 6",
    "6 | Nhận diện và xử lý rủi ro, cơ hội | 6",
    "7 | Đánh giá nội bộ: kế hoạch, thực hiện, báo cáo kết quả hằng năm | 10",
    "8 | Xem xét của lãnh đạo: tổ chức hằng năm, theo dõi kết luận | 8",
    "9 | Khắc phục sự không phù hợp và cải tiến liên tục | 8",
    "10 | Giải quyết thủ tục hành chính đúng hạn; xin lỗi khi trễ hạn | 10",
    "11 | Đo lường sự hài lòng, xử lý phản ánh, kiến nghị của tổ chức, công dân | 8",
    "12 | Công bố hệ thống quản lý chất lượng phù hợp TCVN ISO 9001:2015 và duy trì, "
    "cải tiến | 6",
]


def parse_criterion(line):
    """(code, criterion, max points) of a ``code | criterion | max`` line; ValueError
    when it is not one (max a whole number from 1 to 100)."""
    parts = [part.strip() for part in (line or "").split(SEPARATOR)]
    if len(parts) != 3:
        raise ValueError(line)
    code, criterion, points = parts[0], " ".join(parts[1].split()), parts[2]
    if not code or not criterion or not points.isdigit():
        raise ValueError(line)
    points = int(points)
    if not 1 <= points <= 100:
        raise ValueError(line)
    return code, criterion, points


def check_criteria(lines):
    """Every non-blank line is ``code | criterion | max points`` and the codes are
    unique; the error names the bad line."""
    codes = set()
    for line in lines or ():
        if not (line or "").strip():
            continue
        try:
            code, criterion, points = parse_criterion(line)
        except ValueError:
            raise Invalid(_(
                "The line “${line}” is not “code | criterion | maximum points” with a "
                "whole number of points from 1 to 100 (e.g. 7 | Đánh giá nội bộ | 10).",
                mapping={"line": line}))
        if code in codes:
            raise Invalid(_("The code “${code}” is used twice (line “${line}”).",
                            mapping={"code": code, "line": line}))
        codes.add(code)
    return True


def criteria():
    """[(code, criterion, max points)] of the record ``eiso.assessment_criteria`` (the
    default set when the record is missing); bad lines, which the control panel
    refuses, are skipped."""
    from plone import api

    lines = api.portal.get_registry_record("eiso.assessment_criteria", default=None)
    if lines is None:
        lines = DEFAULT_CRITERIA
    result, codes = [], set()
    for line in lines:
        try:
            item = parse_criterion(line)
        except ValueError:
            continue
        if item[0] not in codes:
            codes.add(item[0])
            result.append(item)
    return result


def grid_rows():
    """The rows of a new assessment's grid, one per criterion, nothing scored."""
    return [
        {"code": code, "criterion": criterion, "max_points": points,
         "self_score": None, "evidence": None, "assessor_score": None,
         "assessor_comment": None}
        for code, criterion, points in criteria()
    ]
