"""Demo customer feedback of the Sở Khoa học và Công nghệ (seed 000 functions 27–28):
``eiso.demo`` calls ``ensure_feedback``.

Made as users and citizens make them: one arrives through the agency's public form
(the path of the form's action, ``eiso.feedback.public.file_feedback``), the others
are recorded by a member; the ISO secretary assigns them, the head of the handling
department responds, the leader approves or rejects; one opens a nonconformity.
Idempotent: a feedback whose content is in ``kiem-soat`` already is left alone.
"""

from eiso import logger
from eiso.feedback import create_feedback
from eiso.feedback import open_nonconformity
from eiso.feedback.public import ensure_feedback_form
from eiso.feedback.public import file_feedback
from plone import api

import datetime


SECRETARY = "thuky"
LEADER = "lanhdao"
PUBLIC = "public form"

STEPS = ("assign", "respond", "approve")
UNTIL = {"received": 0, "handling": 1, "responded": 2, "closed": 3}

# (who records it or PUBLIC, state, fields, nonconformity description or None)
FEEDBACK = (
    (PUBLIC, "received", dict(
        ho_ten="Nguyễn Thị Hạnh",
        lien_he="hanh.nguyen@example.vn",
        thu_tuc="Đăng ký hoạt động khoa học và công nghệ",
        noi_dung="Tôi đã nộp hồ sơ đăng ký hoạt động khoa học và công nghệ qua bưu điện từ "
                 "ngày 05 nhưng chưa nhận được phiếu hẹn. Đề nghị Sở cho biết hồ sơ đã được "
                 "tiếp nhận chưa.",
    ), None),
    ("nhanvien", "handling", dict(
        channel="phone",
        citizen_name="Công ty TNHH Thiết bị Y tế Minh An",
        contact="0232 3822 456",
        department="phong-quan-ly-cong-nghe",
        description="Doanh nghiệp phản ánh thời gian thẩm định hồ sơ cấp giấy phép tiến hành "
                    "công việc bức xạ kéo dài hơn thời hạn ghi trong giấy hẹn 04 ngày.",
    ), None),
    ("hoso", "responded", dict(
        channel="in_person",
        citizen_name="Ông Lê Văn Tâm",
        contact="0912 456 789",
        department="van-phong-so",
        description="Bộ phận một cửa yêu cầu nộp thêm bản sao chứng thực giấy tờ đã có trong "
                    "cơ sở dữ liệu quốc gia về dân cư.",
        response="Sở đã chấn chỉnh bộ phận một cửa: không yêu cầu bản sao giấy tờ đã khai "
                 "thác được trên Cơ sở dữ liệu quốc gia về dân cư. Xin cảm ơn ông đã phản ánh.",
    ), None),
    ("nhanvien", "closed", dict(
        channel="public_service_portal",
        citizen_name="Bà Phạm Thị Lan",
        contact="0905 111 222",
        department="phong-quan-ly-khoa-hoc",
        description="Phiếu hẹn trả kết quả hồ sơ xác nhận nhiệm vụ khoa học ghi sai ngày, "
                    "tôi đến nhận kết quả nhưng hồ sơ chưa được giải quyết.",
        response="Sở xin lỗi bà vì phiếu hẹn ghi sai ngày. Kết quả đã được trả ngày hôm sau; "
                 "Sở đã mở báo cáo sự không phù hợp để khắc phục việc ghi phiếu hẹn.",
    ), "Phiếu hẹn trả kết quả ghi sai ngày do nhập tay, không đối chiếu thời hạn giải quyết "
       "của thủ tục (phản ánh của người dân qua Cổng dịch vụ công)"),
    ("hoso", "rejected", dict(
        channel="email",
        citizen_name="Khuyến mãi lớn",
        contact="khuyenmai@example.com",
        description="Giảm giá 50% máy lọc nước cho cơ quan nhà nước, liên hệ ngay hôm nay!",
    ), None),
)
REJECTION = "Thư quảng cáo, không phải ý kiến phản ánh về thủ tục hành chính."


def _procedure(agency):
    brains = api.content.find(context=agency["thu-tuc"], portal_type="ProcedureGuide",
                              unrestricted=True, sort_on="sortable_title")
    return brains[0]._unrestrictedGetObject() if brains else None


def ensure_feedback(agency):
    """The public form and the feedback of the demo agency, in the states of ``FEEDBACK``."""
    from z3c.relationfield import RelationValue
    from zope.component import getUtility
    from zope.intid.interfaces import IIntIds

    form = ensure_feedback_form(agency)
    section = agency["kiem-soat"]
    known = {
        brain._unrestrictedGetObject().description
        for brain in api.content.find(context=section, portal_type="CustomerFeedback",
                                      unrestricted=True)
    }
    procedure = _procedure(agency)
    for who, state, fields, nonconformity in FEEDBACK:
        content = fields.get("noi_dung") or fields.get("description")
        if content in known:
            continue
        logger.info("Creating customer feedback %s", content[:60])
        if who == PUBLIC:
            item = file_feedback(form, agency, fields)
            continue
        fields = dict(fields)
        department = fields.pop("department", None)
        response = fields.pop("response", None)
        with api.env.adopt_user(username=who):
            item = create_feedback(section, received_date=datetime.date.today(), **fields)
        if procedure is not None and state == "closed":
            item.procedure = RelationValue(getUtility(IIntIds).register(procedure))
        if state == "rejected":
            with api.env.adopt_user(username=LEADER):
                api.content.transition(obj=item, transition="reject", comment=REJECTION)
        for transition in STEPS[:UNTIL.get(state, 0)]:
            if transition == "assign":
                item.department = department
                actor = SECRETARY
            elif transition == "respond":
                item.response = response
                actor = item.responsible_users[0]
            else:
                actor = LEADER
            with api.env.adopt_user(username=actor):
                api.content.transition(obj=item, transition=transition)
        if nonconformity:
            with api.env.adopt_user(username=SECRETARY):
                open_nonconformity(item, nonconformity)
        item.reindexObject()
