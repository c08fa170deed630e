"""The demo's second agency: the Sở Tư pháp (provincial Department of Justice), so that
the superior agency's views (``@@province-overview``) compare two agencies.

Smaller than the Sở Khoa học và Công nghệ (``eiso.demo``): its departments, five
accounts of its own (``tp-thuky`` ISO secretary, ``tp-lanhdao`` leader,
``tp-truongphong`` head of the civil judicial department, ``tp-tailieu`` document
controller, ``tp-nhanvien`` staff), its applied context analysis, quality policy and
objectives (next year's policy awaiting the leader), controlled documents in every state,
twelve months of one-stop-shop statistics and last year's assessment scored and
published by the superior agency's assessor ``chamdiem``, with other figures than the
first agency's. Everything is made by the ``ensure_*`` functions of the first agency,
given this agency's data and accounts; idempotent like them.
"""

from eiso.assessments.demo import ensure_assessment
from eiso.demo import ensure_agency
from eiso.demo import ensure_context_and_policy
from eiso.demo_objectives import ensure_objectives
from eiso.demo_qms import ensure_documents
from eiso.statistics.demo import ensure_statistics

import datetime


AGENCY_ID = "so-tu-phap"
AGENCY = {
    "title": "Sở Tư pháp",
    "code": "STP",
    "address": "Số 6 đường Hương Giang, thành phố Đồng Hới, tỉnh Quảng Bình",
    "phone": "0232 3822 357",
    "email": "stp@quangbinh.gov.vn",
    "superior": "Ủy ban nhân dân tỉnh Quảng Bình",
}
DOMAIN = "sotuphap.example.vn"

# (id, title, code)
DEPARTMENTS = (
    ("van-phong-so", "Văn phòng sở", "VP"),
    ("phong-xay-dung-kiem-tra-van-ban", "Phòng Xây dựng và Kiểm tra văn bản", "XDKTVB"),
    ("phong-pho-bien-giao-duc-phap-luat", "Phòng Phổ biến, giáo dục pháp luật", "PBGDPL"),
    ("phong-hanh-chinh-bo-tro-tu-phap", "Phòng Hành chính và Bổ trợ tư pháp", "HCBTTP"),
    ("thanh-tra-so", "Thanh tra Sở", "TTS"),
    ("ban-giam-doc", "Ban Giám đốc", "BGD"),
)

SECRETARY = "tp-thuky"
LEADER = "tp-lanhdao"
DEPARTMENT_HEAD = "tp-truongphong"
DOCUMENT_CONTROLLER = "tp-tailieu"
STAFF = "tp-nhanvien"

# (user id, full name, department id, agency roles)
ACCOUNTS = (
    (SECRETARY, "Nguyễn Thị Hằng", "van-phong-so", ["IsoSecretary"]),
    (LEADER, "Trần Quốc Hưng", "ban-giam-doc", ["Leader"]),
    (DEPARTMENT_HEAD, "Lê Thị Minh Phương", "phong-hanh-chinh-bo-tro-tu-phap",
     ["DepartmentHead"]),
    (DOCUMENT_CONTROLLER, "Hồ Văn Đức", "van-phong-so", ["DocumentController"]),
    (STAFF, "Phan Thị Lan", "phong-hanh-chinh-bo-tro-tu-phap", []),
)
# department id → its head
HEADS = {"phong-hanh-chinh-bo-tro-tu-phap": DEPARTMENT_HEAD, "ban-giam-doc": LEADER}

CONTEXT_ANALYSIS = {
    "method": "SWOT",
    "internal_issues": [
        {"issue": "Đội ngũ công chức có trình độ chuyên môn về pháp luật, được bồi dưỡng "
                  "nghiệp vụ hằng năm", "kind": "strength"},
        {"issue": "Phần mềm quản lý lý lịch tư pháp và hộ tịch dùng chung toàn quốc",
         "kind": "strength"},
        {"issue": "Số lượng hồ sơ cấp Phiếu lý lịch tư pháp lớn so với biên chế của phòng",
         "kind": "weakness"},
    ],
    "external_issues": [
        {"issue": "Chương trình chuyển đổi số quốc gia; cấp Phiếu lý lịch tư pháp trực tuyến "
                  "trên Cổng dịch vụ công", "kind": "opportunity"},
        {"issue": "Xác minh thông tin lý lịch phụ thuộc vào cơ quan công an và tòa án",
         "kind": "threat"},
    ],
    "interested_parties": [
        {"party": "UBND tỉnh, Bộ Tư pháp",
         "needs": "Thực hiện đúng chức năng quản lý nhà nước về công tác tư pháp",
         "monitoring": "Văn bản chỉ đạo, kết quả kiểm tra công tác tư pháp"},
        {"party": "Tổ chức, công dân yêu cầu cấp Phiếu lý lịch tư pháp, chứng thực, "
                  "công chứng",
         "needs": "Giải quyết đúng hạn, thủ tục đơn giản, được hướng dẫn rõ ràng",
         "monitoring": "Phiếu khảo sát sự hài lòng, đường dây nóng, hòm thư góp ý"},
        {"party": "Các tổ chức hành nghề công chứng, luật sư, đấu giá tài sản",
         "needs": "Được hướng dẫn, kiểm tra công khai, minh bạch",
         "monitoring": "Báo cáo định kỳ, kết quả thanh tra, kiểm tra"},
    ],
    "scope": "Hệ thống quản lý chất lượng của Sở Tư pháp tỉnh Quảng Bình phù hợp với "
             "TCVN ISO 9001:2015, áp dụng cho hoạt động quản lý nhà nước về công tác tư pháp "
             "và giải quyết thủ tục hành chính tại Văn phòng sở và các phòng chuyên môn.",
    "exclusions": [
        {"clause": "8.3 – Thiết kế và phát triển sản phẩm và dịch vụ",
         "justification": "Sản phẩm của Sở là dịch vụ hành chính công theo quy định của "
                          "pháp luật"},
    ],
}

POLICY_MOTTO = "Pháp luật nghiêm minh – Phục vụ tận tâm – Giải quyết đúng hạn"
POLICY_STATEMENTS = [
    "Tham mưu xây dựng văn bản quy phạm pháp luật của tỉnh đúng trình tự, có chất lượng",
    "Giải quyết thủ tục hành chính về tư pháp công khai, minh bạch, đúng hạn",
    "Lấy sự hài lòng của tổ chức, công dân làm thước đo chất lượng phục vụ",
]
NEXT_POLICY_STATEMENTS = POLICY_STATEMENTS + [
    "Cấp Phiếu lý lịch tư pháp trực tuyến toàn trình cho mọi hồ sơ đủ điều kiện",
]

# (name, target of version 1, measurement, responsible)
OBJECTIVES = (
    ("Cấp Phiếu lý lịch tư pháp đúng hạn", 100.0, "Tỷ lệ hồ sơ trả kết quả đúng hạn",
     "Phòng Hành chính và Bổ trợ tư pháp"),
    ("Thẩm định dự thảo văn bản quy phạm pháp luật trong thời hạn luật định", 100.0,
     "Số báo cáo thẩm định đúng hạn / tổng số", "Phòng Xây dựng và Kiểm tra văn bản"),
    ("Tổ chức khảo sát sự hài lòng của tổ chức, công dân", 95.0,
     "Tỷ lệ khách hàng hài lòng", "Văn phòng sở"),
)
VERSION_2_TARGETS = (98.0, 100.0, 95.0)
RESULTS = ((97.2, "Chờ kết quả xác minh của cơ quan công an"), (100.0, None),
           (96.0, None))

# (code, title, level, kind, department, state, issue, effective (d, m, years ago),
# clauses, summary) — as ``eiso.demo_qms_data.DOCUMENTS``.
DOCUMENTS = (
    ("QT-VP-01", "Quy trình kiểm soát tài liệu và hồ sơ", "II", "Quy trình", "van-phong-so",
     "effective", 1, (15, 2, 1), ("7.5",),
     "Soạn thảo, xem xét, phê duyệt, ban hành, sửa đổi tài liệu và kiểm soát hồ sơ."),
    ("QT-HCTP-01", "Quy trình cấp Phiếu lý lịch tư pháp", "II", "Quy trình",
     "phong-hanh-chinh-bo-tro-tu-phap", "effective", 2, (1, 4, 1), ("8.1", "8.5.1"),
     "Tiếp nhận, tra cứu, xác minh thông tin và cấp Phiếu lý lịch tư pháp cho cá nhân."),
    ("QT-BTTP-01", "Quy trình cấp thẻ công chứng viên", "II", "Quy trình",
     "phong-hanh-chinh-bo-tro-tu-phap", "pending", 1, None, ("8.1", "8.5.1"),
     "Tiếp nhận, thẩm định hồ sơ và cấp thẻ công chứng viên."),
    ("QT-XDVB-01", "Quy trình thẩm định dự thảo văn bản quy phạm pháp luật", "II",
     "Quy trình", "phong-xay-dung-kiem-tra-van-ban", "reviewing", 1, None, ("8.1",),
     "Tiếp nhận hồ sơ thẩm định, tổ chức thẩm định và phát hành báo cáo thẩm định."),
    ("HD-PBGDPL-01", "Hướng dẫn tổ chức hội nghị phổ biến, giáo dục pháp luật", "III",
     "Hướng dẫn", "phong-pho-bien-giao-duc-phap-luat", "draft", 1, None, ("7.4",),
     "Chuẩn bị tài liệu, mời báo cáo viên, tổ chức và báo cáo kết quả hội nghị."),
    ("BM-HCTP-01", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "III", "Biểu mẫu",
     "phong-hanh-chinh-bo-tro-tu-phap", "effective", 1, (1, 4, 1), ("8.2.3",),
     "Mẫu tờ khai dành cho cá nhân yêu cầu cấp Phiếu lý lịch tư pháp."),
)

# The one-stop-shop fields of the Sở Tư pháp and their monthly volumes.
FIELDS = ("Lý lịch tư pháp", "Công chứng", "Luật sư", "Quốc tịch")
VOLUMES = (120, 14, 4, 6)
LATE = {1: (6, 0, 0, 1), 7: (4, 1, 0, 0), 11: (2, 0, 0, 0)}

# code → (self score, evidence, assessor's score, assessor's comment), as
# ``eiso.assessments.demo.SCORES``: the assessor's total is 78 (fair).
SCORES = {
    "1": (10, "Quyết định ban hành HTQLCL, quyết định thành lập Ban chỉ đạo ISO.", 9,
          "Ban chỉ đạo chưa kiện toàn khi thay đổi nhân sự."),
    "2": (7, "Chính sách, mục tiêu chất lượng năm; báo cáo kết quả.", 6,
          "Mục tiêu cấp Phiếu lý lịch tư pháp không đạt, chưa phân tích nguyên nhân."),
    "3": (9, "Danh mục tài liệu nội bộ.", 8, "01 quy trình chưa cập nhật biểu mẫu mới."),
    "4": (9, "Hồ sơ giải quyết TTHC tại bộ phận một cửa.", 8, ""),
    "5": (5, "Danh mục hồ sơ chất lượng.", 5, ""),
    "6": (5, "Sổ theo dõi rủi ro.", 4, "Chưa đánh giá lại rủi ro sau khi đổi phần mềm."),
    "7": (8, "Kế hoạch, báo cáo đánh giá nội bộ.", 7, ""),
    "8": (7, "Biên bản họp xem xét của lãnh đạo.", 6, "Kết luận chưa có người phụ trách."),
    "9": (6, "Phiếu yêu cầu khắc phục.", 5, ""),
    "10": (10, "Báo cáo giải quyết TTHC: 96,5 % đúng hạn.", 9,
           "12 hồ sơ trễ hạn, đã có văn bản xin lỗi."),
    "11": (7, "Kết quả khảo sát sự hài lòng.", 6, ""),
    "12": (6, "Quyết định công bố HTQLCL.", 5, "Chưa công bố lại sau khi sửa đổi phạm vi."),
}


def ensure_second_agency(portal):
    """Create what is missing of the Sở Tư pháp (see the module)."""
    from eiso.demo import DEMO_PASSWORD

    agency = ensure_agency(portal, AGENCY_ID, AGENCY, DEPARTMENTS, ACCOUNTS, DEMO_PASSWORD,
                           DOMAIN)
    organisation = agency["to-chuc"]
    for department_id, user_id in HEADS.items():
        department = organisation[department_id]
        if not department.head:
            department.head = user_id
            department.reindexObject()
    year = datetime.date.today().year
    ensure_context_and_policy(agency, year, context=CONTEXT_ANALYSIS, motto=POLICY_MOTTO,
                              statements=POLICY_STATEMENTS,
                              next_statements=NEXT_POLICY_STATEMENTS,
                              secretary=SECRETARY, leader=LEADER)
    ensure_objectives(agency, year, objectives=OBJECTIVES, targets=VERSION_2_TARGETS,
                      results=RESULTS, secretary=SECRETARY, leader=LEADER)
    ensure_documents(agency, documents=DOCUMENTS, controller=DOCUMENT_CONTROLLER,
                     secretary=SECRETARY, leader=LEADER)
    ensure_statistics(agency, secretary=SECRETARY, fields=FIELDS, volumes=VOLUMES,
                      late_months=LATE)
    ensure_assessment(agency, scores=SCORES, secretary=SECRETARY, leader=LEADER,
                      approval="Đồng ý, gửi UBND tỉnh chấm điểm.")
    return agency
