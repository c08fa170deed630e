"""Demo nonconformities of the Sở Khoa học và Công nghệ (seed 000 functions 29–30, the
quality manual of seed 004, clause 10.2 "Sự không phù hợp và hành động khắc phục"):
``eiso.demo`` calls ``ensure_nonconformities``.

Made as users make them: a member reports it, the head of the department (the ISO
secretary where the department has no head) analyses it, the leader approves, the
person responsible corrects, the ISO secretary verifies and closes. Idempotent: a
nonconformity whose description is in ``kiem-soat`` already is left alone.
"""

from eiso import logger
from eiso.nonconformities import create_nonconformity
from eiso.nonconformities.workflow import analysts
from plone import api

import datetime


SECRETARY = "thuky"
LEADER = "lanhdao"

# (who, transition, fields set just before) that bring a nonconformity to each state;
# "analyst" is its first handler, "responsible" the person responsible.
STEPS = ("analyse", "approve", "implement", "verify", "close")
UNTIL = {
    "reported": 0, "analysed": 1, "approved": 2, "implementing": 3, "verified": 4, "closed": 5,
}
ACTORS = {"analyse": "analyst", "approve": LEADER, "implement": "responsible",
          "verify": SECRETARY, "close": SECRETARY}

# (reporter, state, fields, verification); ``due`` is the action's due date in days from today.
NONCONFORMITIES = (
    ("nhanvien", "closed", dict(
        source="audit",
        clause="7.5.3",
        department="phong-quan-ly-khoa-hoc",
        description="Hồ sơ xét duyệt nhiệm vụ khoa học và công nghệ cấp tỉnh năm trước thiếu "
                    "biên bản họp hội đồng tư vấn tuyển chọn; sổ theo dõi hồ sơ không ghi "
                    "ngày giao nhận (phát hiện trong đánh giá nội bộ đợt 1)",
        correction="Bổ sung bản sao biên bản họp hội đồng vào hồ sơ; cập nhật sổ theo dõi",
        root_cause="Chưa quy định người chịu trách nhiệm lưu biên bản sau họp hội đồng; "
                   "biểu mẫu sổ theo dõi không có cột ngày giao nhận",
        corrective_action="Sửa đổi quy trình quản lý nhiệm vụ KH&CN: thư ký hội đồng nộp biên "
                          "bản cho phòng trong 02 ngày làm việc; bổ sung cột ngày giao nhận "
                          "vào biểu mẫu sổ theo dõi",
        responsible="nhanvien", due=20,
    ), "Đã kiểm tra 05 hồ sơ nhiệm vụ xét duyệt sau ngày khắc phục: đủ biên bản hội đồng, "
       "sổ theo dõi ghi đủ ngày giao nhận."),
    ("thuky", "implementing", dict(
        source="feedback",
        clause="8.2.1",
        department="van-phong-so",
        description="Tổ chức phản ánh trên Cổng dịch vụ công: hồ sơ đăng ký hoạt động khoa học "
                    "và công nghệ trả kết quả chậm 03 ngày so với giấy hẹn, không có văn bản "
                    "xin lỗi, hẹn lại",
        correction="Trả kết quả cho tổ chức; gửi văn bản xin lỗi và giải thích lý do chậm",
        root_cause="Hồ sơ chuyển giữa bộ phận một cửa và phòng chuyên môn bằng giấy, không "
                   "có cảnh báo hạn xử lý",
        corrective_action="Theo dõi hạn xử lý từng bước trên phần mềm một cửa; bộ phận một "
                          "cửa báo cáo hồ sơ sắp đến hạn tại giao ban hằng tuần",
        responsible="quantri", due=30,
    ), None),
    ("danhgiavien", "approved", dict(
        source="staff",
        clause="7.1.5",
        department="thanh-tra-so",
        description="Bình chuẩn kim loại dùng trong kiểm tra đo lường xăng dầu đã hết hạn "
                    "kiểm định 02 tháng nhưng vẫn được mang đi kiểm tra tại cơ sở",
        correction="Dừng sử dụng bình chuẩn; mượn bình chuẩn còn hạn của Chi cục TCĐLCL",
        root_cause="Không có danh mục phương tiện đo, chuẩn đo lường kèm hạn kiểm định; "
                   "không phân công người theo dõi",
        corrective_action="Lập danh mục chuẩn đo lường với hạn kiểm định; nhắc hạn trước "
                          "30 ngày; kiểm tra hạn trước mỗi đợt kiểm tra",
        responsible="danhgiavien", due=25,
    ), None),
    ("truongphong", "analysed", dict(
        source="review",
        clause="9.1.3",
        department="phong-quan-ly-cong-nghe",
        description="Mục tiêu chất lượng “100% hồ sơ cấp phép tiến hành công việc bức xạ "
                    "giải quyết đúng hạn” của 6 tháng đầu năm không đạt (đạt 92%), chưa có "
                    "phân tích nguyên nhân trong báo cáo xem xét của lãnh đạo",
        root_cause="Chỉ một công chức được đào tạo an toàn bức xạ thẩm định hồ sơ; hồ sơ "
                   "tăng 40% so với cùng kỳ",
        corrective_action="Cử thêm 02 công chức dự khóa đào tạo an toàn bức xạ; phân công "
                          "thẩm định chéo; báo cáo tiến độ hằng tháng",
        responsible="truongphong", due=45,
    ), None),
    ("hoso", "reported", dict(
        source="staff",
        clause="7.5.3",
        department="van-phong-so",
        description="Kho lưu trữ tầng trệt bị thấm nước sau mưa lớn; 03 hộp hồ sơ lưu trữ "
                    "vĩnh viễn năm 2015 bị ẩm, mờ chữ",
        correction="Chuyển các hộp hồ sơ lên giá cao, phơi khô; lập biên bản hiện trạng",
    ), None),
)


def ensure_nonconformities(agency):
    """The nonconformities of the demo agency, in the states of ``NONCONFORMITIES``."""
    section = agency["kiem-soat"]
    known = {
        brain.getObject().description
        for brain in api.content.find(context=section, portal_type="Nonconformity",
                                      unrestricted=True)
    }
    today = datetime.date.today()
    for reporter, state, fields, verification in NONCONFORMITIES:
        if fields["description"] in known:
            continue
        fields = dict(fields)
        analysis = {name: fields.pop(name) for name in
                    ("root_cause", "corrective_action", "responsible") if name in fields}
        if "due" in fields:
            analysis["action_due_date"] = today + datetime.timedelta(days=fields.pop("due"))
        logger.info("Creating nonconformity %s", fields["description"][:60])
        with api.env.adopt_user(username=reporter):
            item = create_nonconformity(section, **fields)
        analyst = analysts(item)[0]
        for transition in STEPS[:UNTIL[state]]:
            if transition == "analyse":
                for name, value in analysis.items():
                    setattr(item, name, value)
            if transition == "verify":
                item.verification = verification
                item.action_effective = True
            user_id = {"analyst": analyst,
                       "responsible": analysis.get("responsible")}.get(
                ACTORS[transition], ACTORS[transition])
            with api.env.adopt_user(username=user_id):
                api.content.transition(obj=item, transition=transition)
        item.reindexObject()
