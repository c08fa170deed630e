"""The demo assessment of the Sở Khoa học và Công nghệ: last year's, scored by the
superior agency and published (``eiso.demo`` calls ``ensure_assessment``).

Made as users make it: the ISO secretary (``thuky``) scores each criterion of the
default criteria with its evidence and submits it, the leader (``lanhdao``) approves it,
the superior agency's assessor (``chamdiem``) scores, comments and publishes it. This
year is left to self-assess. Idempotent: an agency with an assessment of that year is
left alone.
"""

from eiso import logger
from eiso.assessments.workflow import ASSESSOR
from eiso.assessments.workflow import SELF
from eiso.assessments.workflow import set_scores
from eiso.content.assessment import ASSESSMENT_TYPE
from eiso.content.fields import create_content
from plone import api

import datetime


SECRETARY = "thuky"
LEADER = "lanhdao"
ASSESSOR_ID = "chamdiem"

# code → (self score, evidence, assessor's score, assessor's comment); criteria the
# settings no longer have are skipped, new ones get their maximum.
SCORES = {
    "1": (10, "Quyết định ban hành HTQLCL và thành lập Ban chỉ đạo ISO của Sở.", 10, ""),
    "2": (8, "Chính sách và mục tiêu chất lượng năm, báo cáo kết quả 6 tháng.", 7,
          "Chưa đo lường được 01 mục tiêu của Thanh tra Sở."),
    "3": (9, "Danh mục tài liệu nội bộ, sổ theo dõi phân phối tài liệu.", 8,
          "02 quy trình chưa cập nhật căn cứ pháp lý mới."),
    "4": (10, "Hồ sơ giải quyết TTHC lưu theo quy trình tại bộ phận một cửa.", 9,
          "01 thủ tục chưa có quy trình nội bộ."),
    "5": (6, "Danh mục hồ sơ, sổ theo dõi mượn trả hồ sơ.", 5,
          "Hồ sơ năm trước chưa chuyển lưu trữ cơ quan."),
    "6": (5, "Sổ đăng ký rủi ro và cơ hội của các phòng.", 5, ""),
    "7": (10, "Chương trình, báo cáo đánh giá nội bộ năm.", 9,
          "Chưa đánh giá hiệu lực 01 hành động khắc phục."),
    "8": (8, "Thông báo, biên bản họp xem xét của lãnh đạo.", 8, ""),
    "9": (7, "Phiếu yêu cầu khắc phục, kế hoạch cải tiến.", 6,
          "Cải tiến còn ít, chủ yếu do đoàn đánh giá đề xuất."),
    "10": (10, "Báo cáo tình hình giải quyết TTHC: 98,6 % đúng hạn.", 9,
           "03 hồ sơ trễ hạn chưa có văn bản xin lỗi."),
    "11": (7, "Kết quả khảo sát sự hài lòng, sổ theo dõi phản ánh.", 7, ""),
    "12": (6, "Quyết định công bố HTQLCL phù hợp TCVN ISO 9001:2015.", 6, ""),
}


def ensure_assessment(agency, scores=None, secretary=SECRETARY, leader=LEADER,
                      assessor=ASSESSOR_ID,
                      approval="Đồng ý, gửi Sở Khoa học và Công nghệ chấm điểm."):
    """Last year's assessment, published; the keyword arguments: the scores (as
    ``SCORES``), the accounts and the leader's comment (this agency's by default)."""
    year = datetime.date.today().year - 1
    section = agency["danh-gia"]
    if api.content.find(context=section, portal_type=ASSESSMENT_TYPE, year=year,
                        unrestricted=True):
        return None
    with api.env.adopt_user(username=secretary):
        item = create_content(section, ASSESSMENT_TYPE, year=year,
                              notes="Tự chấm điểm theo bộ tiêu chí của tỉnh.")
        own, assessed = demo_scores(item, scores)
        set_scores(item, own, SELF)
        api.content.transition(obj=item, transition="submit")
    with api.env.adopt_user(username=leader):
        api.content.transition(obj=item, transition="approve", comment=approval)
    with api.env.adopt_user(username=assessor):
        set_scores(item, assessed, ASSESSOR)
        api.content.transition(obj=item, transition="score")
        api.content.transition(obj=item, transition="publish")
    logger.info("eiso demo: assessment %s published (%s points)", year, item.assessor_total())
    return item


def demo_scores(item, scores=None):
    """({code: self cells}, {code: assessor's cells}) of the item's grid: ``scores``
    (``SCORES`` by default), kept within each row's maximum (the criteria may have been
    changed)."""
    scores = SCORES if scores is None else scores
    own, assessed = {}, {}
    for row in item.scores:
        top = row["max_points"]
        self_score, evidence, score, comment = scores.get(row["code"], (top, "", top, ""))
        own[row["code"]] = {"self_score": min(self_score, top), "evidence": evidence}
        assessed[row["code"]] = {"assessor_score": min(score, top),
                                 "assessor_comment": comment}
    return own, assessed
