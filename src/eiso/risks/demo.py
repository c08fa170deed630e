"""Demo risks and opportunities of the Sở Khoa học và Công nghệ (seed 001 "Phân tích rủi
ro", the quality manual of seed 004, clause 6.1): ``eiso.demo`` calls ``ensure_risks``.

Made as users make them: the ISO secretary or the head of department records a risk
from this year's context analysis and submits it, the leader approves, the treatment's
owner handles it and applies it once treated. Idempotent: a risk whose description is
in the register already is left alone.
"""

from eiso import logger
from eiso.content.risk import create_risk
from plone import api
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import datetime


SECRETARY = "thuky"
HEAD = "truongphong"
LEADER = "lanhdao"

# The transitions that bring a risk to each state: (who, transition); "owner" is the
# treatment's owner, "author" who recorded it.
STEPS = {
    "draft": (),
    "pending": (("author", "submit"),),
    "approved": (("author", "submit"), (LEADER, "approve")),
    "applied": (("author", "submit"), (LEADER, "approve"), ("owner", "apply")),
}

# (author, state, fields); ``due`` is the treatment's due date in days from today.
RISKS = (
    (SECRETARY, "applied", dict(
        kind="risk",
        description="Hồ sơ thủ tục hành chính trả kết quả trễ hạn so với thời gian công bố",
        process="Tiếp nhận và trả kết quả hồ sơ TTHC tại Trung tâm Phục vụ hành chính công",
        department="van-phong-so",
        cause="Hồ sơ luân chuyển giữa các phòng bằng giấy; thiếu theo dõi hạn xử lý từng bước",
        consequence="Người dân, doanh nghiệp không hài lòng; Sở bị phê bình trong đánh giá "
                    "chỉ số cải cách hành chính của tỉnh",
        likelihood=4, impact=4,
        treatment="Theo dõi hạn xử lý từng hồ sơ trên phần mềm một cửa, nhắc việc trước hạn",
        treatment_actions=["Cập nhật quy trình nội bộ giải quyết TTHC",
                           "Báo cáo hồ sơ sắp đến hạn hằng tuần tại giao ban"],
        treatment_owner=SECRETARY, due=45, residual_likelihood=2, residual_impact=3,
    )),
    (HEAD, "approved", dict(
        kind="risk",
        description="Thẩm định hồ sơ cấp phép sử dụng thiết bị X-quang chậm do thiếu "
                    "cán bộ có chuyên môn an toàn bức xạ",
        process="Cấp giấy phép tiến hành công việc bức xạ",
        department="phong-quan-ly-cong-nghe",
        cause="Chỉ có một công chức được đào tạo về an toàn bức xạ",
        consequence="Cơ sở y tế chậm đưa thiết bị vào sử dụng; hồ sơ quá hạn",
        likelihood=3, impact=4,
        treatment="Cử thêm công chức tham gia khóa đào tạo an toàn bức xạ của Cục ATBXHN",
        treatment_actions=["Lập danh sách cử đi đào tạo", "Phân công thẩm định chéo"],
        treatment_owner=HEAD, due=60,
    )),
    (HEAD, "applied", dict(
        kind="risk",
        description="Mất dữ liệu hồ sơ điện tử do sự cố máy chủ, không có bản sao lưu",
        process="Quản lý hạ tầng công nghệ thông tin",
        department="phong-quan-ly-cong-nghe",
        cause="Máy chủ đã sử dụng trên 7 năm; sao lưu thủ công, không định kỳ",
        consequence="Gián đoạn giải quyết TTHC; mất hồ sơ phải lưu trữ theo quy định",
        likelihood=2, impact=5,
        treatment="Sao lưu tự động hằng ngày lên hệ thống của Trung tâm dữ liệu tỉnh",
        treatment_actions=["Cấu hình sao lưu tự động", "Diễn tập khôi phục dữ liệu 6 tháng/lần"],
        treatment_owner=HEAD, due=30, residual_likelihood=1, residual_impact=5,
    )),
    (SECRETARY, "pending", dict(
        kind="risk",
        description="Văn bản quy phạm pháp luật mới về khoa học và công nghệ chưa được cập "
                    "nhật vào quy trình nội bộ",
        process="Kiểm soát văn bản bên ngoài",
        department="van-phong-so",
        cause="Chưa phân công người theo dõi văn bản mới ban hành",
        consequence="Giải quyết hồ sơ theo căn cứ pháp lý đã hết hiệu lực",
        likelihood=3, impact=3,
        treatment="Giao cán bộ văn bản rà soát Công báo hằng tháng, đề xuất sửa đổi quy trình",
        treatment_owner="vanban", due=30,
    )),
    (SECRETARY, "applied", dict(
        kind="risk",
        description="Khiếu nại của tổ chức về kết quả đánh giá, nghiệm thu nhiệm vụ khoa học "
                    "và công nghệ cấp tỉnh",
        process="Quản lý nhiệm vụ khoa học và công nghệ",
        department="phong-quan-ly-khoa-hoc",
        cause="Tiêu chí đánh giá chưa được công khai đầy đủ trước khi họp hội đồng",
        consequence="Kéo dài thời gian nghiệm thu; ảnh hưởng uy tín của Sở",
        likelihood=2, impact=3,
        treatment="Công khai tiêu chí, biên bản hội đồng trên Cổng thông tin điện tử của Sở",
        treatment_owner="nhanvien", due=40, residual_likelihood=1, residual_impact=3,
    )),
    (SECRETARY, "draft", dict(
        kind="risk",
        description="Hồ sơ lưu trữ giấy bị hư hỏng do kho lưu trữ ẩm, không có thiết bị "
                    "hút ẩm",
        process="Kiểm soát hồ sơ",
        department="van-phong-so",
        cause="Kho lưu trữ ở tầng trệt, chưa được trang bị máy hút ẩm",
        consequence="Mất hồ sơ phải lưu trữ vĩnh viễn",
        likelihood=3, impact=4,
        treatment="Mua sắm máy hút ẩm, giá kệ; số hóa hồ sơ lưu trữ vĩnh viễn",
        treatment_owner="hoso", due=90,
    )),
    (HEAD, "pending", dict(
        kind="risk",
        description="Kiểm tra đo lường tại cơ sở kinh doanh xăng dầu không phát hiện vi phạm "
                    "do thiếu chuẩn đo lường",
        process="Thanh tra, kiểm tra đo lường, chất lượng",
        department="thanh-tra-so",
        cause="Bình chuẩn kim loại hết hạn kiểm định",
        consequence="Không bảo vệ được quyền lợi người tiêu dùng",
        likelihood=2, impact=4,
        treatment="Kiểm định lại chuẩn đo lường trước mỗi đợt kiểm tra",
        treatment_owner="danhgiavien", due=30,
    )),
    (SECRETARY, "approved", dict(
        kind="risk",
        description="Cán bộ mới chưa nắm vững hệ thống quản lý chất lượng, áp dụng sai biểu mẫu",
        process="Đào tạo và nâng cao nhận thức",
        department="van-phong-so",
        cause="Chưa có chương trình đào tạo ISO cho cán bộ mới",
        consequence="Hồ sơ không phù hợp, phát hiện trong đánh giá nội bộ",
        likelihood=3, impact=2,
        treatment="Tổ chức đào tạo nhận thức ISO 9001:2015 cho cán bộ mới trong tháng đầu",
        treatment_owner="nhansu", due=50,
    )),
    (SECRETARY, "applied", dict(
        kind="opportunity",
        description="Cung cấp dịch vụ công trực tuyến toàn trình cho thủ tục đăng ký hoạt "
                    "động khoa học và công nghệ",
        process="Tiếp nhận và trả kết quả hồ sơ TTHC",
        department="phong-quan-ly-khoa-hoc",
        cause="Chương trình chuyển đổi số của tỉnh; Cổng dịch vụ công quốc gia",
        consequence="Giảm thời gian, chi phí đi lại của tổ chức; tăng sự hài lòng",
        likelihood=4, impact=4,
        treatment="Đề xuất đưa 10 thủ tục lên dịch vụ công trực tuyến toàn trình",
        treatment_actions=["Rà soát quy trình điện tử", "Hướng dẫn tổ chức nộp hồ sơ trực tuyến"],
        treatment_owner="nhanvien", due=75,
    )),
    (HEAD, "approved", dict(
        kind="opportunity",
        description="Kết nối, chia sẻ dữ liệu với Trung tâm Phục vụ hành chính công tỉnh",
        process="Quản lý hạ tầng công nghệ thông tin",
        department="phong-quan-ly-cong-nghe",
        cause="Tỉnh triển khai nền tảng tích hợp, chia sẻ dữ liệu (LGSP)",
        consequence="Không phải nhập lại hồ sơ; theo dõi tiến độ trực tuyến",
        likelihood=3, impact=4,
        treatment="Tích hợp phần mềm một cửa của Sở với LGSP của tỉnh",
        treatment_owner=HEAD, due=120,
    )),
    (SECRETARY, "pending", dict(
        kind="opportunity",
        description="Tranh thủ nguồn kinh phí Trung ương hỗ trợ doanh nghiệp đổi mới công nghệ",
        process="Quản lý công nghệ và thị trường công nghệ",
        department="phong-quan-ly-cong-nghe",
        cause="Chương trình đổi mới công nghệ quốc gia đến năm 2030",
        consequence="Tăng số doanh nghiệp được hỗ trợ; nâng cao năng lực cạnh tranh",
        likelihood=3, impact=3,
        treatment="Tổ chức hội nghị phổ biến chương trình cho doanh nghiệp trên địa bàn",
        treatment_owner=HEAD, due=90,
    )),
    (SECRETARY, "draft", dict(
        kind="opportunity",
        description="Người dân, doanh nghiệp đánh giá sự hài lòng trực tuyến sau khi nhận kết quả",
        process="Đo lường sự hài lòng của khách hàng",
        department="van-phong-so",
        cause="Phần mềm một cửa có chức năng đánh giá qua mã QR",
        consequence="Có số liệu thường xuyên cho xem xét của lãnh đạo",
        likelihood=2, impact=2,
        treatment="Đặt mã QR đánh giá tại bộ phận một cửa và trên phiếu hẹn",
        treatment_owner=SECRETARY, due=30,
    )),
)


def ensure_risks(agency, analysis=None):
    """The register of risks and opportunities of the demo agency (seed 001, 004)."""
    section = agency["boi-canh"]
    known = {
        brain.getObject().description
        for brain in api.content.find(context=section, portal_type="Risk", unrestricted=True)
    }
    relation = None
    if analysis is not None:
        relation = getUtility(IIntIds).getId(analysis)
    today = datetime.date.today()
    for author, state, fields in RISKS:
        if fields["description"] in known:
            continue
        fields = dict(fields)
        fields["treatment_due_date"] = today + datetime.timedelta(days=fields.pop("due"))
        fields["year"] = today.year
        if relation is not None:
            fields["context_analysis"] = RelationValue(relation)
        logger.info("Creating risk %s", fields["description"][:60])
        with api.env.adopt_user(username=author):
            risk = create_risk(section, **fields)
        for user_id, transition in STEPS[state]:
            user_id = {"author": author, "owner": fields["treatment_owner"]}.get(user_id, user_id)
            with api.env.adopt_user(username=user_id):
                api.content.transition(obj=risk, transition=transition)
