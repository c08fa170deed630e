"""Demo declaration of conformity of the Sở Khoa học và Công nghệ: the decision of
the director declaring the agency's QMS conformant to TCVN ISO 9001:2015, with a small
PDF, recorded by the ISO secretary and published. ``eiso.demo`` calls
``ensure_declaration``; idempotent (a declaration with the same number is left alone).
"""

from eiso import logger
from eiso.content.conformity_declaration import INITIAL
from eiso.content.conformity_declaration import PORTAL_TYPE
from eiso.content.fields import create_content
from eiso.staff.demo import one_page_pdf
from plone import api
from plone.namedfile.file import NamedBlobFile

import datetime


SECRETARY = "thuky"
NUMBER = "45/QĐ-SKHCN"
SCOPE = ("Toàn bộ hoạt động tiếp nhận, giải quyết và trả kết quả thủ tục hành chính "
         "thuộc thẩm quyền của Sở Khoa học và Công nghệ; các hoạt động quản lý nội bộ "
         "của Văn phòng Sở và các phòng chuyên môn.")
# The PDF's text: the standard PDF fonts have no Vietnamese letters, so it is unaccented.
PDF_LINES = (
    "UBND TINH - SO KHOA HOC VA CONG NGHE",
    f"QUYET DINH so {NUMBER.replace('Đ', 'D')}",
    "Ve viec cong bo He thong quan ly chat luong phu hop",
    "Tieu chuan quoc gia TCVN ISO 9001:2015",
    "Dieu 1. Cong bo He thong quan ly chat luong cua So Khoa hoc va Cong nghe",
    "phu hop Tieu chuan quoc gia TCVN ISO 9001:2015.",
    "Dieu 2. Pham vi ap dung: hoat dong giai quyet thu tuc hanh chinh.",
    "GIAM DOC",
)


def ensure_declaration(agency):
    section = agency["boi-canh"]
    if any(getattr(item, "portal_type", None) == PORTAL_TYPE
           and item.decision_number == NUMBER for item in section.objectValues()):
        return
    today = datetime.date.today()
    with api.env.adopt_user(username=SECRETARY):
        item = create_content(
            section, PORTAL_TYPE, name="cong-bo-iso-9001",
            decision_number=NUMBER,
            decision_date=datetime.date(today.year, 1, 15),
            declaration_kind=INITIAL,
            scope=SCOPE,
            files=[NamedBlobFile(one_page_pdf(PDF_LINES), contentType="application/pdf",
                                 filename="quyet-dinh-cong-bo-iso-9001.pdf")],
        )
        api.content.transition(obj=item, transition="publish")
    logger.info("eiso demo: declaration of conformity %s published", NUMBER)
