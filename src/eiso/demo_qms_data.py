"""Demo data of the quality management system of the demo agency (issue 4).

Plain data, in the SPEC's field names; ``eiso.demo`` creates the items. Dates are
``(day, month, year)``; ``None`` for a year offset means "this year".
The legal texts are real Vietnamese texts about ISO 9001 in state administration
and the agency's work, with their amend/replace chain.
"""

ISO = "Hệ thống quản lý chất lượng (ISO)"
# number, kind (eiso.legal_kinds), issuer, signed, effective, summary,
# field (eiso.fields), amends, replaces — oldest first.
LEGAL_TEXTS = (
    ("144/2006/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", (20, 6, 2006), (19, 7, 2006),
     "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn TCVN ISO 9001:2000 vào "
     "hoạt động của các cơ quan hành chính nhà nước",
     ISO, (), ()),
    ("118/2009/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", (30, 9, 2009), (15, 11, 2009),
     "Sửa đổi, bổ sung một số điều của Quyết định số 144/2006/QĐ-TTg ngày 20 tháng 6 năm 2006 "
     "về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn TCVN ISO 9001:2000 vào "
     "hoạt động của các cơ quan hành chính nhà nước",
     ISO, ("144/2006/QĐ-TTg",), ()),
    ("19/2014/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ", (5, 3, 2014), (20, 4, 2014),
     "Về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
     "9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
     ISO, (), ("144/2006/QĐ-TTg", "118/2009/QĐ-TTg")),
    ("26/2014/TT-BKHCN", "Thông tư", "Bộ Khoa học và Công nghệ", (10, 10, 2014), (1, 12, 2014),
     "Quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg ngày 05 tháng 3 năm 2014 của "
     "Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc "
     "gia TCVN ISO 9001:2008",
     ISO, (), ()),
    ("101/QĐ-BKHCN", "Quyết định", "Bộ Khoa học và Công nghệ", (21, 1, 2019), (21, 1, 2019),
     "Công bố mô hình khung hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO "
     "9001:2015 cho các cơ quan hành chính tại địa phương", ISO, (), ()),
    ("116/2015/TT-BTC", "Thông tư", "Bộ Tài chính", (11, 8, 2015), (1, 10, 2015),
     "Quy định công tác quản lý tài chính đối với việc tư vấn, xây dựng, áp dụng, duy trì và "
     "cải tiến Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào "
     "hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
     "Tài chính – Kế hoạch", (), ()),
    ("TCVN ISO 9001:2015", "Tiêu chuẩn (TCVN)", "Bộ Khoa học và Công nghệ", (31, 12, 2015),
     (31, 12, 2015), "Hệ thống quản lý chất lượng – Các yêu cầu",
     ISO, (), ()),
    ("77/2015/QH13", "Luật", "Quốc hội", (19, 6, 2015), (1, 1, 2016),
     "Luật Tổ chức chính quyền địa phương", "Tổ chức cán bộ", (), ()),
    ("47/2019/QH14", "Luật", "Quốc hội", (22, 11, 2019), (1, 7, 2020),
     "Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính "
     "quyền địa phương", "Tổ chức cán bộ", ("77/2015/QH13",), ()),
    ("83/2006/NĐ-CP", "Nghị định", "Chính phủ", (17, 8, 2006), (15, 9, 2006),
     "Quy định trình tự, thủ tục thành lập, tổ chức lại, giải thể tổ chức hành chính, tổ "
     "chức sự nghiệp nhà nước", "Tổ chức cán bộ", (), ()),
    ("158/2018/NĐ-CP", "Nghị định", "Chính phủ", (22, 11, 2018), (15, 1, 2019),
     "Quy định về thành lập, tổ chức lại, giải thể tổ chức hành chính",
     "Tổ chức cán bộ", (), ("83/2006/NĐ-CP",)),
    ("24/2014/NĐ-CP", "Nghị định", "Chính phủ", (4, 4, 2014), (20, 5, 2014),
     "Quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thành phố trực "
     "thuộc Trung ương", "Tổ chức cán bộ", (), ()),
    ("107/2020/NĐ-CP", "Nghị định", "Chính phủ", (14, 9, 2020), (5, 11, 2020),
     "Sửa đổi, bổ sung một số điều của Nghị định số 24/2014/NĐ-CP ngày 04 tháng 4 năm 2014 "
     "của Chính phủ quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, "
     "thành phố trực thuộc Trung ương", "Tổ chức cán bộ", ("24/2014/NĐ-CP",), ()),
    ("61/2018/NĐ-CP", "Nghị định", "Chính phủ", (23, 4, 2018), (21, 6, 2018),
     "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính",
     "Hành chính – Văn phòng", (), ()),
    ("107/2021/NĐ-CP", "Nghị định", "Chính phủ", (6, 12, 2021), (20, 2, 2022),
     "Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP ngày 23 tháng 4 năm 2018 "
     "của Chính phủ về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục "
     "hành chính", "Hành chính – Văn phòng", ("61/2018/NĐ-CP",), ()),
    ("30/2020/NĐ-CP", "Nghị định", "Chính phủ", (5, 3, 2020), (5, 3, 2020),
     "Về công tác văn thư", "Hành chính – Văn phòng", (), ()),
    ("01/2011/QH13", "Luật", "Quốc hội", (11, 11, 2011), (1, 7, 2012),
     "Luật Lưu trữ", "Hành chính – Văn phòng", (), ()),
    ("33/2024/QH15", "Luật", "Quốc hội", (21, 6, 2024), (1, 7, 2025),
     "Luật Lưu trữ", "Hành chính – Văn phòng", (), ("01/2011/QH13",)),
)

# Controlled documents: code, title, level, kind, department, target state,
# issue number, effective date (day, month, years ago), iso clauses, summary.
# The quality manual's text is demo_data/so-tay-chat-luong.html; it is effective
# in its third issue (two former revisions in its history).
DOCUMENTS = (
    ("STCL", "Sổ tay chất lượng", "I", "Sổ tay", "van-phong-so", "effective", 3,
     (2, 1, 0), ("4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3"),
     "Mô tả hệ thống quản lý chất lượng của Sở theo TCVN ISO 9001:2015."),
    ("QĐ-PCTN", "Quy định trách nhiệm và quyền hạn trong hệ thống quản lý chất lượng", "I",
     "Quy chế", "ban-giam-doc", "effective", 1, (15, 1, 1), ("5.3",),
     "Phân công trách nhiệm của Ban Giám đốc, Thư ký ISO và trưởng các phòng."),
    ("QT-BIS-01", "Quy trình kiểm soát tài liệu và hồ sơ", "II", "Quy trình", "van-phong-so",
     "effective", 2, (10, 3, 1), ("7.5",),
     "Cách soạn thảo, xem xét, phê duyệt, ban hành, sửa đổi tài liệu và kiểm soát hồ sơ."),
    ("QT-BIS-02", "Quy trình đánh giá nội bộ", "II", "Quy trình", "van-phong-so", "effective",
     1, (10, 3, 1), ("9.2",), "Lập chương trình, kế hoạch, thực hiện và báo cáo đánh giá nội bộ."),
    ("QT-BIS-03", "Quy trình kiểm soát sự không phù hợp và hành động khắc phục", "II",
     "Quy trình", "van-phong-so", "effective", 1, (10, 3, 1), ("8.7", "10.2"),
     "Nhận biết, xử lý sự không phù hợp, tìm nguyên nhân và thực hiện hành động khắc phục."),
    ("QT-BIS-04", "Quy trình xem xét của lãnh đạo", "II", "Quy trình", "ban-giam-doc",
     "effective", 1, (10, 3, 1), ("9.3",), "Chuẩn bị, tổ chức họp và theo dõi kết luận xem xét."),
    ("QT-VP-01", "Quy trình quản lý văn bản đi – đến", "II", "Quy trình", "van-phong-so",
     "effective", 2, (1, 6, 1), ("7.4", "7.5"),
     "Tiếp nhận, đăng ký, trình, chuyển giao, theo dõi văn bản đến và phát hành văn bản đi."),
    ("QT-QLKH-01", "Quy trình xét giao trực tiếp nhiệm vụ khoa học và công nghệ cấp tỉnh",
     "II", "Quy trình", "phong-quan-ly-khoa-hoc", "reviewing", 1, None, ("8.1", "8.5.1"),
     "Tiếp nhận hồ sơ, thẩm định, họp hội đồng tư vấn và trình phê duyệt nhiệm vụ."),
    ("QT-QLCN-01", "Quy trình cấp giấy chứng nhận đăng ký chuyển giao công nghệ", "II",
     "Quy trình", "phong-quan-ly-cong-nghe", "pending", 1, None, ("8.1", "8.5.1", "8.6"),
     "Tiếp nhận, thẩm định hồ sơ và cấp giấy chứng nhận đăng ký hợp đồng chuyển giao công nghệ."),
    ("HD-VP-01", "Hướng dẫn lưu trữ hồ sơ điện tử", "III", "Hướng dẫn", "van-phong-so",
     "effective", 1, (1, 9, 1), ("7.5.3",),
     "Đặt tên tệp, cấu trúc thư mục, thời hạn lưu trữ và sao lưu hồ sơ điện tử."),
    ("HD-TTS-01", "Hướng dẫn tiếp công dân và xử lý đơn thư", "III", "Hướng dẫn", "thanh-tra-so",
     "draft", 1, None, ("8.2.1", "9.1.2"),
     "Tiếp công dân, phân loại, xử lý đơn khiếu nại, tố cáo, kiến nghị, phản ánh."),
    ("BM-VP-01", "Sổ theo dõi văn bản đến", "III", "Biểu mẫu", "van-phong-so", "effective", 1,
     (1, 6, 1), ("7.5.3",), "Mẫu sổ đăng ký văn bản đến."),
    ("BM-BIS-01", "Phiếu đề xuất sửa đổi tài liệu", "III", "Biểu mẫu", "van-phong-so",
     "effective", 1, (10, 3, 1), ("7.5.2",), "Mẫu phiếu đề nghị soạn thảo, sửa đổi tài liệu."),
    ("BM-BIS-05", "Danh mục hồ sơ chất lượng", "IV", "Biểu mẫu", "van-phong-so", "effective", 1,
     (10, 3, 1), ("7.5.3",), "Mẫu danh mục hồ sơ: tên, nơi lưu, thời hạn lưu trữ."),
)

# Records: code, title, kind, department, year offset, retention years, location, medium.
RECORDS = (
    ("HS-DGNB-2025", "Hồ sơ đánh giá nội bộ năm 2025", "Hồ sơ ISO", "van-phong-so", 1, 5,
     "Tủ ISO, ngăn 2, Văn phòng sở", "both"),
    ("HS-XXLD-2025", "Hồ sơ họp xem xét của lãnh đạo năm 2025", "Hồ sơ ISO", "ban-giam-doc", 1,
     5, "Tủ ISO, ngăn 3, Văn phòng sở", "both"),
    ("HS-VBD-2024", "Sổ đăng ký văn bản đến năm 2024", "Hồ sơ công việc", "van-phong-so", 2, 10,
     "Kho lưu trữ cơ quan, giá A1", "paper"),
    ("HS-CGCN-2019", "Hồ sơ cấp giấy chứng nhận chuyển giao công nghệ năm 2019",
     "Hồ sơ TTHC", "phong-quan-ly-cong-nghe", 7, 5, "Kho lưu trữ cơ quan, giá B2", "paper"),
    ("HS-TCD-2018", "Hồ sơ tiếp công dân năm 2018", "Hồ sơ công việc", "thanh-tra-so", 8, 5,
     "Kho lưu trữ cơ quan, giá C1", "paper"),
    ("HS-NVKH-2020", "Hồ sơ nhiệm vụ khoa học và công nghệ cấp tỉnh năm 2020", "Hồ sơ công việc",
     "phong-quan-ly-khoa-hoc", 6, 0, "Kho lưu trữ cơ quan, giá D1", "both"),
)
