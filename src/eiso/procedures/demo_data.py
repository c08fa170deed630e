"""Demo procedure guides of a Sở Khoa học và Công nghệ, with the legal texts they rest on.

Codes are in the national database's format; amounts in đồng.
"""

KHCN = "Khoa học và Công nghệ"
# The procedure fields (lĩnh vực TTHC) of the department of science and technology:
# the demo adds them to the configured fields (``eiso.fields``).
FIELDS = (
    "Hoạt động khoa học và công nghệ",
    "Chuyển giao công nghệ",
    "An toàn bức xạ và hạt nhân",
    "Tiêu chuẩn – Đo lường – Chất lượng",
)

# Legal texts of the procedures, as eiso.demo_qms_data.LEGAL_TEXTS:
# number, kind, issuer, signed (d, m, y), effective (d, m, y), summary, field, amends, replaces.
LEGAL_TEXTS = (
    ("29/2013/QH13", "Luật", "Quốc hội", (18, 6, 2013), (1, 1, 2014),
     "Luật Khoa học và công nghệ", KHCN, (), ()),
    ("08/2014/NĐ-CP", "Nghị định", "Chính phủ", (27, 1, 2014), (15, 3, 2014),
     "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Khoa học và công nghệ",
     KHCN, (), ()),
    ("03/2014/TT-BKHCN", "Thông tư", "Bộ Khoa học và Công nghệ", (31, 3, 2014), (15, 5, 2014),
     "Hướng dẫn điều kiện thành lập và đăng ký hoạt động của tổ chức khoa học và công nghệ, "
     "văn phòng đại diện, chi nhánh của tổ chức khoa học và công nghệ", KHCN, (), ()),
    ("14/2014/TT-BKHCN", "Thông tư", "Bộ Khoa học và Công nghệ", (11, 6, 2014), (1, 8, 2014),
     "Quy định việc thu thập, đăng ký, lưu giữ và công bố thông tin về nhiệm vụ khoa học và "
     "công nghệ", KHCN, (), ()),
    ("07/2017/QH14", "Luật", "Quốc hội", (19, 6, 2017), (1, 7, 2018),
     "Luật Chuyển giao công nghệ", KHCN, (), ()),
    ("76/2018/NĐ-CP", "Nghị định", "Chính phủ", (15, 5, 2018), (15, 5, 2018),
     "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Chuyển giao công nghệ",
     KHCN, (), ()),
    ("18/2008/QH12", "Luật", "Quốc hội", (3, 6, 2008), (1, 1, 2009),
     "Luật Năng lượng nguyên tử", KHCN, (), ()),
    ("07/2010/NĐ-CP", "Nghị định", "Chính phủ", (25, 1, 2010), (15, 3, 2010),
     "Quy định chi tiết và hướng dẫn thi hành một số điều của Luật Năng lượng nguyên tử",
     KHCN, (), ()),
    ("04/2011/QH13", "Luật", "Quốc hội", (11, 11, 2011), (1, 7, 2012),
     "Luật Đo lường", KHCN, (), ()),
    ("21/2014/TT-BKHCN", "Thông tư", "Bộ Khoa học và Công nghệ", (15, 7, 2014), (1, 9, 2014),
     "Quy định về đo lường đối với lượng của hàng đóng gói sẵn", KHCN, (), ()),
)

# Registered after the guides: it replaces 07/2010/NĐ-CP, so the X-ray guide is flagged.
LATER_TEXT = (
    "142/2020/NĐ-CP", "Nghị định", "Chính phủ", (9, 12, 2020), (1, 2, 2021),
    "Quy định về việc tiến hành công việc bức xạ và hoạt động dịch vụ hỗ trợ ứng dụng năng "
    "lượng nguyên tử", KHCN, (), ("07/2010/NĐ-CP",),
)

ONE_STOP = "Bộ phận tiếp nhận và trả kết quả (Trung tâm Phục vụ hành chính công tỉnh)"

# code, name, field, department, processing days, charge, fee, fee note,
# components [(paper, originals, copies, note)], steps [(step, responsible, duration, output)],
# legal basis (numbers), form file names, state to reach.
GUIDES = (
    ("1.004486", "Cấp Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ",
     "Hoạt động khoa học và công nghệ", "phong-quan-ly-khoa-hoc", 15, None, None,
     "Không thu phí, lệ phí.",
     (("Đơn đăng ký hoạt động khoa học và công nghệ (Mẫu 01)", 1, 0, ""),
      ("Quyết định thành lập tổ chức khoa học và công nghệ", 0, 1, "Bản sao chứng thực"),
      ("Điều lệ tổ chức và hoạt động", 1, 0, ""),
      ("Lý lịch khoa học của người đứng đầu (Mẫu 03)", 1, 0, ""),
      ("Giấy tờ chứng minh trụ sở làm việc", 0, 1, "Hợp đồng thuê hoặc giấy chứng nhận")),
     (("Tiếp nhận, kiểm tra hồ sơ, viết phiếu hẹn", ONE_STOP, "0,5 ngày", "Phiếu tiếp nhận"),
      ("Chuyển hồ sơ đến phòng chuyên môn", ONE_STOP, "0,5 ngày", "Phiếu luân chuyển"),
      ("Thẩm định hồ sơ, dự thảo giấy chứng nhận", "Phòng Quản lý Khoa học", "10 ngày",
       "Tờ trình, dự thảo giấy chứng nhận"),
      ("Xem xét, ký duyệt", "Lãnh đạo Sở", "3 ngày", "Giấy chứng nhận đã ký"),
      ("Vào sổ, đóng dấu, trả kết quả", ONE_STOP, "1 ngày", "Giấy chứng nhận")),
     ("29/2013/QH13", "08/2014/NĐ-CP", "03/2014/TT-BKHCN", "61/2018/NĐ-CP"),
     ("Mau-01-Don-dang-ky-hoat-dong-KHCN.docx",), "applied"),
    ("1.002192", "Đăng ký thông tin kết quả nhiệm vụ khoa học và công nghệ",
     "Hoạt động khoa học và công nghệ", "phong-quan-ly-khoa-hoc", 5, None, None,
     "Không thu phí, lệ phí.",
     (("Phiếu đăng ký kết quả nhiệm vụ khoa học và công nghệ (Mẫu 01)", 2, 0, ""),
      ("Báo cáo tổng hợp kết quả nhiệm vụ", 1, 0, "Bản in và bản điện tử"),
      ("Quyết định công nhận kết quả đánh giá, nghiệm thu", 0, 1, "")),
     (("Tiếp nhận hồ sơ", ONE_STOP, "0,5 ngày", "Phiếu tiếp nhận"),
      ("Kiểm tra, đăng ký thông tin", "Phòng Quản lý Khoa học", "3 ngày", "Dự thảo giấy chứng nhận"),
      ("Ký giấy chứng nhận đăng ký", "Lãnh đạo Sở", "1 ngày", "Giấy chứng nhận đã ký"),
      ("Trả kết quả", ONE_STOP, "0,5 ngày", "Giấy chứng nhận đăng ký kết quả")),
     ("29/2013/QH13", "14/2014/TT-BKHCN"),
     ("Mau-01-Phieu-dang-ky-ket-qua-nhiem-vu.docx",), "applied"),
    ("1.003945", "Cấp giấy phép tiến hành công việc bức xạ (sử dụng thiết bị X-quang y tế)",
     "An toàn bức xạ và hạt nhân", "phong-quan-ly-cong-nghe", 15, 2000000, None,
     "Phí thẩm định cấp giấy phép: 2.000.000 đồng mỗi thiết bị.",
     (("Đơn đề nghị cấp giấy phép tiến hành công việc bức xạ", 1, 0, ""),
      ("Phiếu khai báo thiết bị X-quang", 1, 0, "Mỗi thiết bị một phiếu"),
      ("Báo cáo đánh giá an toàn", 1, 0, ""),
      ("Chứng chỉ nhân viên bức xạ của người phụ trách an toàn", 0, 1, ""),
      ("Biên bản kiểm định thiết bị X-quang", 0, 1, "Còn hiệu lực")),
     (("Tiếp nhận hồ sơ, thu phí thẩm định", ONE_STOP, "0,5 ngày", "Phiếu tiếp nhận, biên lai"),
      ("Thẩm định hồ sơ, kiểm tra thực tế nếu cần", "Phòng Quản lý Công nghệ", "11 ngày",
       "Biên bản thẩm định"),
      ("Trình ký giấy phép", "Phòng Quản lý Công nghệ", "1 ngày", "Tờ trình"),
      ("Ký giấy phép", "Lãnh đạo Sở", "2 ngày", "Giấy phép đã ký"),
      ("Trả kết quả", ONE_STOP, "0,5 ngày", "Giấy phép")),
     ("18/2008/QH12", "07/2010/NĐ-CP"),
     ("Don-de-nghi-cap-giay-phep-buc-xa.docx", "Phieu-khai-bao-thiet-bi-X-quang.docx"),
     "applied"),
    ("1.005140", "Đăng ký hợp đồng chuyển giao công nghệ",
     "Chuyển giao công nghệ", "phong-quan-ly-cong-nghe", 5, None, None,
     "Không thu phí, lệ phí.",
     (("Văn bản đề nghị đăng ký chuyển giao công nghệ", 1, 0, ""),
      ("Hợp đồng chuyển giao công nghệ", 1, 1, "Có chữ ký, đóng dấu các bên"),
      ("Danh mục thiết bị kèm theo (nếu có)", 1, 0, "")),
     (("Tiếp nhận hồ sơ", ONE_STOP, "0,5 ngày", "Phiếu tiếp nhận"),
      ("Thẩm định hợp đồng", "Phòng Quản lý Công nghệ", "3 ngày", "Dự thảo giấy chứng nhận"),
      ("Ký giấy chứng nhận đăng ký", "Lãnh đạo Sở", "1 ngày", "Giấy chứng nhận đã ký"),
      ("Trả kết quả", ONE_STOP, "0,5 ngày", "Giấy chứng nhận đăng ký chuyển giao công nghệ")),
     ("07/2017/QH14", "76/2018/NĐ-CP"),
     ("Van-ban-de-nghi-dang-ky-CGCN.docx",), "applied"),
    ("1.001264", "Công bố sử dụng dấu định lượng",
     "Tiêu chuẩn – Đo lường – Chất lượng", "phong-quan-ly-cong-nghe", 5, None, None,
     "Không thu phí, lệ phí.",
     (("Bản công bố sử dụng dấu định lượng trên nhãn hàng đóng gói sẵn", 1, 0, ""),
      ("Quy trình kiểm soát lượng của hàng đóng gói sẵn", 0, 1, "")),
     (("Tiếp nhận hồ sơ", ONE_STOP, "0,5 ngày", "Phiếu tiếp nhận"),
      ("Kiểm tra hồ sơ, thông báo tiếp nhận công bố", "Phòng Quản lý Công nghệ", "3,5 ngày",
       "Thông báo tiếp nhận"),
      ("Trả kết quả", ONE_STOP, "1 ngày", "Thông báo tiếp nhận công bố")),
     ("04/2011/QH13", "21/2014/TT-BKHCN"),
     ("Ban-cong-bo-su-dung-dau-dinh-luong.docx",), "draft"),
)
