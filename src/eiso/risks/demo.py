"""Demo risks and opportunities of the Sở Khoa học và Công nghệ (seed 001 "Phân tích rủi
ro", the quality manual of seed 004, clause 6.1): ``eiso.demo`` calls ``ensure_risks``.

Made as users make them: the ISO secretary or the head of department records a risk
with its treatment actions (each with its owner and due date) from this year's context
analysis and submits it, the leader approves, the owners record their actions done
("Cập nhật biện pháp") and, once all are, the ISO secretary applies it. Idempotent: a
risk whose description is in the register already is left alone.
"""

from eiso import logger
from eiso.content.risk import create_risk
from eiso.risks.treatment import record_done
from plone import api
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import datetime


# What the owners wrote when recording their actions done ("Cập nhật biện pháp").
RESULTS = {
    "Cập nhật quy trình nội bộ giải quyết TTHC trên phần mềm một cửa":
        "Quy trình sửa đổi được Giám đốc Sở ban hành, áp dụng từ ngày ký",
    "Báo cáo hồ sơ sắp đến hạn hằng tuần tại giao ban":
        "Báo cáo tại giao ban thứ Hai hằng tuần; không còn hồ sơ trễ hạn trong tháng",
    "Lập danh sách công chức cử đi đào tạo an toàn bức xạ":
        "Danh sách 02 công chức đã gửi Phòng Tổ chức",
    "Cấu hình sao lưu tự động hằng ngày":
        "Sao lưu lúc 22 giờ hằng ngày lên Trung tâm dữ liệu tỉnh",
    "Diễn tập khôi phục dữ liệu 6 tháng/lần": "Khôi phục thành công trong 2 giờ",
    "Công khai tiêu chí đánh giá trên Cổng thông tin điện tử của Sở":
        "Đã đăng tải tiêu chí tại chuyên mục Khoa học và công nghệ",
    "Đăng biên bản họp hội đồng nghiệm thu": "Đã đăng 12 biên bản trong năm",
    "Rà soát quy trình điện tử của 10 thủ tục": "10 quy trình điện tử đã được phê duyệt",
    "Hướng dẫn tổ chức nộp hồ sơ trực tuyến": "Đã phát hành tài liệu hướng dẫn, video",
}
SECRETARY = "thuky"
HEAD = "truongphong"
LEADER = "lanhdao"

# The transitions that bring a risk to each state: (who, transition); "author" is who
# recorded it. Between ``approve`` and ``apply`` the owners record their actions done.
STEPS = {
    "draft": (),
    "pending": (("author", "submit"),),
    "approved": (("author", "submit"), (LEADER, "approve")),
    "applied": (("author", "submit"), (LEADER, "approve"), (SECRETARY, "apply")),
}

# (author, state, fields); ``actions``: (action, owner, due date in days from today,
# done that many days ago or None: still open). An applied risk has all its actions done.
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
        actions=[("Cập nhật quy trình nội bộ giải quyết TTHC trên phần mềm một cửa",
                  SECRETARY, 10, 15),
                 ("Báo cáo hồ sơ sắp đến hạn hằng tuần tại giao ban", HEAD, 20, 5)],
        residual_likelihood=2, residual_impact=3,
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
        actions=[("Lập danh sách công chức cử đi đào tạo an toàn bức xạ", "nhansu", 15, 3),
                 ("Phân công thẩm định chéo hồ sơ cấp phép", HEAD, 30, None),
                 ("Đăng ký khóa đào tạo với Cục An toàn bức xạ và hạt nhân", "nhanvien", 60,
                  None)],
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
        actions=[("Cấu hình sao lưu tự động hằng ngày", HEAD, 10, 20),
                 ("Diễn tập khôi phục dữ liệu 6 tháng/lần", "nhanvien", 20, 7)],
        residual_likelihood=1, residual_impact=5,
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
        actions=[("Rà soát Công báo hằng tháng, lập danh mục văn bản mới", "vanban", 30, None),
                 ("Đề xuất sửa đổi các quy trình bị ảnh hưởng", SECRETARY, 45, None)],
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
        actions=[("Công khai tiêu chí đánh giá trên Cổng thông tin điện tử của Sở",
                  "nhanvien", 20, 30),
                 ("Đăng biên bản họp hội đồng nghiệm thu", "nhanvien", 40, 10)],
        residual_likelihood=1, residual_impact=3,
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
        actions=[("Lập dự toán mua máy hút ẩm, giá kệ", "hoso", 30, None),
                 ("Số hóa hồ sơ lưu trữ vĩnh viễn", "hoso", 90, None)],
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
        actions=[("Gửi bình chuẩn kim loại đi kiểm định", "danhgiavien", 30, None)],
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
        actions=[("Xây dựng chương trình đào tạo ISO cho cán bộ mới", "nhansu", -5, None),
                 ("Tổ chức lớp đào tạo nhận thức ISO 9001:2015", SECRETARY, 50, None)],
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
        actions=[("Rà soát quy trình điện tử của 10 thủ tục", "nhanvien", 30, 12),
                 ("Hướng dẫn tổ chức nộp hồ sơ trực tuyến", SECRETARY, 60, 2)],
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
        actions=[("Tích hợp phần mềm một cửa của Sở với LGSP của tỉnh", HEAD, 120, None),
                  ("Kiểm thử liên thông dữ liệu với Trung tâm", "nhanvien", 90, None)],
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
        actions=[("Tổ chức hội nghị phổ biến chương trình cho doanh nghiệp", HEAD, 90, None)],
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
        actions=[("Đặt mã QR đánh giá tại bộ phận một cửa và trên phiếu hẹn", SECRETARY, 30,
                  None)],
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
        actions = fields.pop("actions")
        fields["treatment_actions"] = [
            {"action": action, "owner": owner, "due_date": today + datetime.timedelta(days=due),
             "done": None, "result": None}
            for action, owner, due, done in actions
        ]
        fields["year"] = today.year
        if relation is not None:
            fields["context_analysis"] = RelationValue(relation)
        logger.info("Creating risk %s", fields["description"][:60])
        with api.env.adopt_user(username=author):
            risk = create_risk(section, **fields)
        for user_id, transition in STEPS[state]:
            if transition == "apply":
                record_actions_done(risk, actions, today)
            user_id = author if user_id == "author" else user_id
            with api.env.adopt_user(username=user_id):
                api.content.transition(obj=risk, transition=transition)
        if state == "approved":
            record_actions_done(risk, actions, today)


def record_actions_done(risk, actions, today):
    """Each owner records his done actions, as with "Cập nhật biện pháp"."""
    for index, (action, owner, due, done) in enumerate(actions):
        if done is None:
            continue
        with api.env.adopt_user(username=owner):
            record_done(risk, {index: (today - datetime.timedelta(days=done),
                                       RESULTS.get(action))})
