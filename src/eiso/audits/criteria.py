"""The audit criteria (Tiêu chí đánh giá) every internal audit's checklist is made from.

The record ``eiso.audit_criteria`` (ISO settings, ``@@eiso-settings``) holds one
question per line, ``clause | question``: the clause of ISO 9001:2015 (one of
``eiso.IsoClauses``) and what the auditor asks or checks. The default set below
covers clauses 4 to 10 as a Vietnamese state agency applies them (seed 004, the
quality manual of a Sở: TCVN ISO 9001:2015 for administrative procedures).
"""

from eiso import _
from eiso.vocabularies.iso_clauses import ISO_9001_CLAUSES
from zope.interface import Invalid


SEPARATOR = "|"
CLAUSES = frozenset(clause for clause, title in ISO_9001_CLAUSES)

DEFAULT_CRITERIA = [
    "4.1 | Cơ quan đã xác định và định kỳ xem xét các vấn đề nội bộ, bên ngoài (bối cảnh) "
    "ảnh hưởng đến hệ thống quản lý chất lượng chưa?",
    "4.2 | Các bên quan tâm (tổ chức, công dân, cơ quan cấp trên) và yêu cầu của họ đã "
    "được xác định, cập nhật chưa?",
    "4.4 | Các quy trình giải quyết thủ tục hành chính thuộc phạm vi áp dụng đã được "
    "xây dựng, ban hành và áp dụng đầy đủ chưa?",
    "5.1 | Lãnh đạo có chủ trì, tham gia các hoạt động của hệ thống (xem xét của lãnh đạo, "
    "phân bổ nguồn lực) không?",
    "5.2 | Chính sách chất lượng có được phổ biến và cán bộ, công chức hiểu đúng không?",
    "5.3 | Trách nhiệm, quyền hạn của từng vị trí đã được phân công bằng văn bản chưa?",
    "6.1 | Rủi ro và cơ hội của quy trình đã được nhận diện, có biện pháp xử lý và theo "
    "dõi kết quả chưa?",
    "6.2 | Mục tiêu chất lượng của đơn vị có đo lường được, có kế hoạch thực hiện và "
    "được theo dõi định kỳ không?",
    "7.1 | Nguồn lực (nhân sự, trang thiết bị, phần mềm một cửa) có đáp ứng yêu cầu "
    "giải quyết công việc không?",
    "7.2 | Cán bộ, công chức có được đào tạo, bồi dưỡng phù hợp với vị trí việc làm; "
    "hồ sơ đào tạo có được lưu không?",
    "7.3 | Cán bộ, công chức có nhận thức được đóng góp của mình vào hiệu lực của hệ "
    "thống không?",
    "7.4 | Việc trao đổi thông tin nội bộ và với tổ chức, công dân có được thực hiện "
    "theo quy định không?",
    "7.5.2 | Tài liệu có được soát xét, phê duyệt trước khi ban hành và có mã hiệu, lần "
    "ban hành không?",
    "7.5.3 | Tài liệu đang áp dụng có phải là phiên bản hiện hành; tài liệu lỗi thời có "
    "được thu hồi, đánh dấu không?",
    "7.5.3 | Hồ sơ có được lập, lưu trữ đúng thời hạn, dễ truy xuất theo danh mục hồ "
    "sơ không?",
    "8.1 | Công việc có được thực hiện đúng trình tự, biểu mẫu và thời hạn của quy "
    "trình không?",
    "8.2.1 | Thủ tục hành chính, thành phần hồ sơ, phí, lệ phí có được niêm yết công "
    "khai, đầy đủ tại bộ phận một cửa không?",
    "8.2.3 | Hồ sơ có được kiểm tra tính đầy đủ, hợp lệ trước khi tiếp nhận và có "
    "giấy tiếp nhận, hẹn trả kết quả không?",
    "8.4 | Dịch vụ, sản phẩm do bên ngoài cung cấp (bưu chính công ích, phần mềm) có "
    "được kiểm soát, đánh giá không?",
    "8.5.1 | Hồ sơ có được giải quyết, trả kết quả đúng hạn; hồ sơ trễ hạn có văn bản "
    "xin lỗi, hẹn lại không?",
    "8.5.3 | Hồ sơ, giấy tờ của tổ chức, công dân có được bảo quản, không để thất lạc, "
    "hư hỏng không?",
    "8.6 | Kết quả giải quyết có được kiểm tra, phê duyệt đúng thẩm quyền trước khi "
    "trả không?",
    "8.7 | Kết quả sai sót, không phù hợp có được phát hiện, kiểm soát và xử lý trước "
    "khi đến tay người dân không?",
    "9.1.2 | Mức độ hài lòng của tổ chức, công dân có được khảo sát, theo dõi và phân "
    "tích không?",
    "9.1.3 | Dữ liệu (tỷ lệ hồ sơ đúng hạn, phản ánh, kiến nghị) có được phân tích, "
    "báo cáo định kỳ không?",
    "9.2 | Các điểm không phù hợp của đợt đánh giá trước đã được khắc phục và kiểm tra "
    "hiệu lực chưa?",
    "9.3 | Kết quả cuộc xem xét của lãnh đạo có được thực hiện và theo dõi không?",
    "10.2 | Sự không phù hợp có được phân tích nguyên nhân, có hành động khắc phục và "
    "đánh giá hiệu lực không?",
    "10.3 | Đơn vị có đề xuất, thực hiện cải tiến để nâng cao chất lượng giải quyết "
    "công việc không?",
]


def parse_criterion(line):
    """(clause, question) of a ``clause | question`` line; ValueError when it is not one."""
    clause, separator, question = (line or "").partition(SEPARATOR)
    clause, question = clause.strip(), " ".join(question.split())
    if not separator or clause not in CLAUSES or not question:
        raise ValueError(line)
    return clause, question


def check_criteria(lines):
    """Every non-blank line is ``clause | question``; the error names the bad line."""
    for line in lines or ():
        if not (line or "").strip():
            continue
        try:
            parse_criterion(line)
        except ValueError:
            raise Invalid(_(
                "The line “${line}” is not “clause | question” with a clause of ISO "
                "9001:2015 (e.g. 7.5.3 | Hồ sơ có được lưu trữ đúng quy định không?).",
                mapping={"line": line}))
    return True


def criteria():
    """[(clause, question)] of the record ``eiso.audit_criteria`` (the default set when
    the record is missing); bad lines, which the control panel refuses, are skipped."""
    from plone import api

    lines = api.portal.get_registry_record("eiso.audit_criteria", default=None)
    if lines is None:
        lines = DEFAULT_CRITERIA
    result = []
    for line in lines:
        try:
            item = parse_criterion(line)
        except ValueError:
            continue
        if item not in result:
            result.append(item)
    return result
