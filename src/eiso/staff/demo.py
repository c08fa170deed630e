"""Demo staff profiles of the Sở Khoa học và Công nghệ: ``eiso.demo`` calls
``ensure_staff_profiles``.

Made as the HR officer (``nhansu``) makes them: one profile per demo account of the
agency, with degrees, certificates and appointments; the ISO internal auditor's
certificate comes with its scan (a one-page PDF made here). Idempotent: an account
that has a profile already is left alone.
"""

from eiso import logger
from eiso.content.fields import create_content
from eiso.staff.validation import other_profile
from plone import api
from plone.namedfile.file import NamedBlobFile

import datetime


HR_OFFICER = "nhansu"


def one_page_pdf(lines):
    """A valid one-page PDF showing ``lines`` (ASCII) in Helvetica."""
    text = "BT /F1 14 Tf 72 770 Td 18 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("ascii")),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def degree(name, issuer, year, number, note=None):
    return {"name": name, "issuer": issuer, "year": year, "number": number, "note": note}


def appointment(position, number, date, note=None):
    return {"position": position, "decision_number": number, "decision_date": date,
            "note": note}


ISO_CERTIFICATE = degree(
    "Chứng nhận Chuyên gia đánh giá nội bộ HTQLCL theo TCVN ISO 9001:2015",
    "Trung tâm Năng suất Việt Nam", 2023, "ISO-NB/2023/0417")
ISO_SCAN = ("chung-chi-danh-gia-vien-noi-bo-iso-9001.pdf", (
    "TRUNG TAM NANG SUAT VIET NAM",
    "CHUNG NHAN",
    "Chuyen gia danh gia noi bo he thong quan ly chat luong",
    "theo TCVN ISO 9001:2015",
    "So: ISO-NB/2023/0417",
))

# user id → fields of the profile (the full name is the account's).
PROFILES = {
    "lanhdao": dict(
        birth_date=datetime.date(1972, 8, 14), position="Phó Giám đốc Sở",
        department="ban-giam-doc", phone="0232 3822 101",
        degrees=[degree("Thạc sĩ Quản lý khoa học và công nghệ",
                        "Trường Đại học Khoa học Xã hội và Nhân văn – ĐHQG Hà Nội", 2005, "QLKH-0512"),
                 degree("Cao cấp lý luận chính trị", "Học viện Chính trị quốc gia Hồ Chí Minh",
                        2015, "CC-15-2231")],
        certificates=[degree("Bồi dưỡng kiến thức quản lý nhà nước ngạch chuyên viên cao cấp",
                             "Học viện Hành chính Quốc gia", 2018, "CVCC-18-077")],
        appointments=[appointment("Trưởng phòng Quản lý Công nghệ", "45/QĐ-UBND",
                                  datetime.date(2014, 3, 1)),
                      appointment("Phó Giám đốc Sở", "1127/QĐ-UBND",
                                  datetime.date(2019, 7, 15))],
    ),
    "truongphong": dict(
        birth_date=datetime.date(1980, 2, 27), position="Trưởng phòng",
        department="phong-quan-ly-cong-nghe", phone="0232 3822 115",
        degrees=[degree("Kỹ sư Vật lý kỹ thuật", "Trường Đại học Bách khoa Hà Nội", 2003, "B-03-8841"),
                 degree("Thạc sĩ Kỹ thuật hạt nhân", "Trường Đại học Bách khoa Hà Nội", 2010, "ThS-10-219")],
        certificates=[degree("An toàn bức xạ – nhân viên bức xạ", "Cục An toàn bức xạ và hạt nhân",
                             2021, "ATBX-21-0365")],
        appointments=[appointment("Phó Trưởng phòng Quản lý Công nghệ", "88/QĐ-SKHCN",
                                  datetime.date(2016, 5, 10)),
                      appointment("Trưởng phòng Quản lý Công nghệ", "152/QĐ-SKHCN",
                                  datetime.date(2020, 9, 1))],
    ),
    "thuky": dict(
        birth_date=datetime.date(1987, 11, 3), position="Chuyên viên",
        department="van-phong-so", phone="0232 3822 108",
        degrees=[degree("Cử nhân Quản trị kinh doanh", "Trường Đại học Kinh tế Huế", 2009, "CN-09-5532")],
        certificates=[ISO_CERTIFICATE,
                      degree("Tin học ứng dụng cơ bản", "Trường Đại học Quảng Bình", 2017, "UD-17-901")],
        appointments=[],
        scan=ISO_SCAN,
    ),
    "nhanvien": dict(
        birth_date=datetime.date(1993, 6, 19), position="Chuyên viên",
        department="phong-quan-ly-khoa-hoc", phone="0912 345 678",
        degrees=[degree("Kỹ sư Công nghệ sinh học", "Trường Đại học Nông Lâm Huế", 2015, "KS-15-1180")],
        certificates=[degree("Ngoại ngữ tiếng Anh bậc 3 (B1)", "Trường Đại học Ngoại ngữ Huế",
                             2019, "B1-19-3374")],
        appointments=[],
    ),
    "nhansu": dict(
        birth_date=datetime.date(1985, 4, 9), position="Chuyên viên phụ trách tổ chức cán bộ",
        department="van-phong-so", phone="0232 3822 109",
        degrees=[degree("Cử nhân Luật", "Trường Đại học Luật Huế", 2007, "L-07-2045")],
        certificates=[degree("Bồi dưỡng nghiệp vụ công tác tổ chức cán bộ",
                             "Học viện Hành chính Quốc gia", 2016, "TCCB-16-118")],
        appointments=[],
    ),
}


def ensure_staff_profiles(agency):
    section = agency["nhan-su"]
    users = {user.getId(): user for user in api.user.get_users()}
    made = 0
    with api.env.adopt_user(username=HR_OFFICER):
        for user_id, fields in PROFILES.items():
            if user_id not in users or other_profile(section, user_id) is not None:
                continue
            fields = dict(fields)
            scan = fields.pop("scan", None)
            user = users[user_id]
            email = user.getProperty("email") or None
            if scan:
                filename, lines = scan
                fields["files"] = [NamedBlobFile(data=one_page_pdf(lines), filename=filename,
                                                 contentType="application/pdf")]
            create_content(section, "StaffProfile", user_id=user_id, email=email, **fields)
            made += 1
    if made:
        logger.info("Created %s demo staff profiles", made)
