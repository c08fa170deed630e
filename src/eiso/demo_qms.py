"""Demo documents and records of the demo agency (issue 4): ``eiso.demo`` calls these.

The data is ``eiso.demo_qms_data``. Items are made the way users make them: the
document controller drafts, the ISO secretary reviews, the leader approves (the
case engine then makes the document effective); the records officer files records,
a member borrows one. Idempotent: an item whose code exists is left alone.
"""

from eiso import logger
from eiso.content.fields import create_content
from eiso.demo_qms_data import DOCUMENTS
from eiso.demo_qms_data import RECORDS
from pathlib import Path
from plone import api
from plone.app.textfield.value import RichTextValue
from plone.namedfile.file import NamedBlobFile
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import datetime
import html
import io
import zipfile


DOCUMENT_CONTROLLER = "tailieu"
SECRETARY = "thuky"
LEADER = "lanhdao"
RECORDS_OFFICER = "hoso"
BORROWER = "nhanvien"
MANUAL = Path(__file__).parent / "demo_data" / "so-tay-chat-luong.html"
KINDS = {"Sổ tay": "so-tay", "Quy chế": "quy-che", "Quy trình": "quy-trinh",
         "Hướng dẫn": "huong-dan", "Biểu mẫu": "bieu-mau"}
RECORD_KINDS = {"Hồ sơ công việc": "work", "Hồ sơ ISO": "iso", "Hồ sơ TTHC": "procedure"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# The steps a document goes through to reach each state: (user, transition).
STEPS = {
    "draft": (),
    "reviewing": ((DOCUMENT_CONTROLLER, "submit"),),
    "pending": ((DOCUMENT_CONTROLLER, "submit"), (SECRETARY, "endorse")),
    "effective": ((DOCUMENT_CONTROLLER, "submit"), (SECRETARY, "endorse"), (LEADER, "approve")),
}


def make_docx(*paragraphs):
    """A minimal Word document (DOCX) with ``paragraphs``: what Word needs to open it."""
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'
        for text in paragraphs
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
        ),
        "word/document.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>"
        ),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def procedure_paragraphs(code, title, summary, agency_title="Sở Khoa học và Công nghệ"):
    """The body of a demo procedure: purpose, scope, steps, records, as agencies write them."""
    return [
        f"{code} {title}".upper(),
        "1. Mục đích",
        f"{summary} Quy trình này quy định trình tự, trách nhiệm và thời hạn thực hiện.",
        "2. Phạm vi áp dụng",
        f"Áp dụng đối với các phòng, đơn vị thuộc {agency_title}.",
        "3. Tài liệu viện dẫn",
        "TCVN ISO 9001:2015; Quyết định số 19/2014/QĐ-TTg; Sổ tay chất lượng (STCL).",
        "4. Nội dung quy trình",
        "Bước 1: Tiếp nhận và kiểm tra hồ sơ, tài liệu đầu vào (bộ phận một cửa, 0,5 ngày).",
        "Bước 2: Chuyên viên thụ lý xem xét, thẩm định và đề xuất (phòng chuyên môn).",
        "Bước 3: Trưởng phòng kiểm tra, trình lãnh đạo Sở phê duyệt.",
        "Bước 4: Lãnh đạo Sở phê duyệt; văn thư phát hành và trả kết quả đúng hạn.",
        "5. Hồ sơ lưu",
        "Hồ sơ được lưu tại phòng chủ trì theo Danh mục hồ sơ chất lượng (BM-BIS-05).",
    ]


# The manual's two revisions: (years before its current issue, what changed).
REVISIONS = (
    (1, "Sửa đổi lần 2: cập nhật chức năng, nhiệm vụ theo quyết định mới của UBND tỉnh."),
    (0, "Sửa đổi lần 3: bổ sung rủi ro, cơ hội (6.1) và hoạch định thay đổi (6.3)."),
)


def move(item, steps):
    for user_id, transition in steps:
        with api.env.adopt_user(username=user_id):
            api.content.transition(obj=item, transition=transition)


def revise(document, effective_date, note):
    """One revision as users make it: the document controller checks out a working copy,
    notes the change, and it goes through review and approval; approved, it takes effect
    (the case engine checks it in: issue + 1, the former issue kept in the history)."""
    from eiso.documents.revision import start_revision

    with api.env.adopt_user(username=DOCUMENT_CONTROLLER):
        copy = start_revision(document, reviser=DOCUMENT_CONTROLLER)
        copy.effective_date = effective_date
        copy.review_date = effective_date.replace(year=effective_date.year + 1)
        copy.text = RichTextValue(f"<p><em>{html.escape(note)}</em></p>" + document.text.raw,
                                  "text/html", "text/x-html-safe")
        copy.reindexObject()
    move(copy, STEPS["effective"])


def _date(offset):
    """(day, month, years ago) → a date; None stays None."""
    if offset is None:
        return None
    day, month, years_ago = offset
    date = datetime.date(datetime.date.today().year - years_ago, month, day)
    return min(date, datetime.date.today())


def _existing_codes(section, portal_type):
    return {brain.code for brain in api.content.find(
        context=section, portal_type=portal_type, unrestricted=True)}


def ensure_documents(agency, documents=DOCUMENTS, controller=DOCUMENT_CONTROLLER,
                     secretary=SECRETARY, leader=LEADER):
    """The quality manual of seed 004 and the agency's procedures, instructions and forms.

    The keyword arguments: the data (rows as ``DOCUMENTS``) and the accounts moving the
    documents (this agency's by default; ``eiso.demo_second_agency`` passes its own)."""
    section = agency["tai-lieu"]
    existing = _existing_codes(section, "ControlledDocument")
    users = {DOCUMENT_CONTROLLER: controller, SECRETARY: secretary, LEADER: leader}
    for (code, title, level, kind, department, state, issue, effective, clauses,
         summary) in documents:
        if code in existing:
            continue
        logger.info("Demo document %s %s", code, title)
        fields = {
            "code": code, "title": title, "description": summary, "level": level,
            "document_kind": KINDS[kind], "department": department, "issue_number": issue,
            "iso_clauses": list(clauses), "distribution": [],
        }
        effective_date = _date(effective)
        if effective_date is not None:
            fields["effective_date"] = effective_date
            fields["review_date"] = effective_date.replace(year=effective_date.year + 1)
        if code == "STCL":
            fields["text"] = RichTextValue(MANUAL.read_text(encoding="utf-8"), "text/html",
                                           "text/x-html-safe")
        else:
            paragraphs = procedure_paragraphs(code, title, summary, agency.Title())
            fields["file"] = NamedBlobFile(
                data=make_docx(*paragraphs), contentType=DOCX, filename=f"{code}.docx")
        if code == "STCL":
            # issue 1 two years ago, revised twice since (seed 004's manual is issue 3)
            fields["issue_number"] = 1
            fields["effective_date"] = effective_date.replace(year=effective_date.year - 2)
            fields["review_date"] = fields["effective_date"].replace(
                year=fields["effective_date"].year + 1)
        with api.env.adopt_user(username=controller):
            document = create_content(section, "ControlledDocument", **fields)
        move(document, [(users[user_id], transition) for user_id, transition in STEPS[state]])
        if code == "STCL":
            for years_ago, note in REVISIONS:
                revise(document, effective_date.replace(year=effective_date.year - years_ago),
                       note)


def ensure_records(agency):
    """Records of several years; two are past their disposal date; one is lent, overdue."""
    section = agency["ho-so"]
    existing = _existing_codes(section, "Record")
    today = datetime.date.today()
    created = {}
    for code, title, kind, department, years_ago, retention, location, medium in RECORDS:
        if code in existing:
            continue
        logger.info("Demo record %s %s", code, title)
        with api.env.adopt_user(username=RECORDS_OFFICER):
            created[code] = create_content(
                section, "Record", code=code, title=title,
                record_kind=RECORD_KINDS[kind], department=department,
                year=today.year - years_ago, retention_years=retention,
                storage_location=location, medium=medium, iso_clauses=["7.5.3"],
            )
    record = created.get("HS-VBD-2024")
    if record is None:
        return
    # nhanvien borrowed the register of incoming letters and is late bringing it back.
    intids = getUtility(IIntIds)
    with api.env.adopt_user(username=BORROWER):
        request = create_content(
            section, "BorrowRequest",
            title="Mượn sổ đăng ký văn bản đến năm 2024",
            records=[RelationValue(intids.getId(record))],
            purpose="Tra cứu văn bản đến phục vụ thanh tra công vụ.",
            borrow_date=today - datetime.timedelta(days=20),
            return_date=today - datetime.timedelta(days=6),
        )
    for user_id, transition in ((LEADER, "approve"), (RECORDS_OFFICER, "lend")):
        with api.env.adopt_user(username=user_id):
            api.content.transition(obj=request, transition=transition)
