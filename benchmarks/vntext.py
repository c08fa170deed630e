"""Realistic Vietnamese text for benchmark corpora: deterministic, no download.

Titles and bodies are assembled from the phrases of real ISO 9001 and
administrative documents (the seeds' quality manual, procedures, legal texts),
so word frequencies, diacritics and word lengths look like an agency's corpus:
many short, very frequent syllables ("của", "và", "các", "quản", "lý") and a long
tail of rarer ones. ``Text(seed)`` always produces the same sequence.

    from vntext import Text
    text = Text(42)
    text.title("Quy trình")      # "Quy trình tiếp nhận hồ sơ đăng ký ... năm 2024"
    text.paragraphs(300)          # about 300 words
"""

import random


SUBJECTS = (
    "hồ sơ", "tài liệu", "văn bản", "quy trình", "biểu mẫu", "kế hoạch", "báo cáo",
    "thủ tục hành chính", "giấy chứng nhận", "nhiệm vụ khoa học và công nghệ",
    "hợp đồng chuyển giao công nghệ", "đơn khiếu nại", "kiến nghị", "phản ánh",
    "mục tiêu chất lượng", "chính sách chất lượng", "sổ tay chất lượng",
    "chương trình đánh giá nội bộ", "sự không phù hợp", "hành động khắc phục",
    "ý kiến khách hàng", "cơ sở dữ liệu", "phần mềm một cửa", "dịch vụ công trực tuyến",
    "tiêu chuẩn đo lường chất lượng", "an toàn bức xạ", "sở hữu trí tuệ", "ứng dụng công nghệ",
)
ACTIONS = (
    "tiếp nhận", "thẩm định", "phê duyệt", "ban hành", "sửa đổi", "bổ sung", "kiểm soát",
    "lưu trữ", "xem xét", "đánh giá", "theo dõi", "đo lường", "cải tiến", "ứng dụng",
    "cấp", "gia hạn", "thu hồi", "hủy", "công bố", "triển khai", "hướng dẫn", "tổng hợp",
    "ủy quyền", "ổn định", "điều chỉnh", "đăng ký", "giải quyết", "trả kết quả",
)
ACTORS = (
    "Ban Giám đốc", "Văn phòng sở", "Thanh tra Sở", "Phòng quản lý Khoa học",
    "Phòng quản lý Công nghệ", "Thư ký ISO", "trưởng phòng", "cán bộ, công chức",
    "bộ phận tiếp nhận và trả kết quả", "Ủy ban nhân dân tỉnh", "tổ chức, công dân",
    "Trung tâm phục vụ hành chính công", "Hội đồng tư vấn", "chuyên viên thụ lý",
)
QUALIFIERS = (
    "theo đúng quy định", "trong thời hạn", "đúng hạn", "quá hạn", "kịp thời", "đầy đủ",
    "chính xác", "công khai, minh bạch", "theo TCVN ISO 9001:2015", "hằng năm",
    "định kỳ", "khi có yêu cầu", "trên môi trường điện tử", "bằng văn bản",
    "theo phân công của lãnh đạo", "phù hợp với yêu cầu của khách hàng",
)
CONNECTORS = (
    "và", "hoặc", "đồng thời", "sau đó", "trước khi", "nhằm", "để", "trong trường hợp",
    "căn cứ", "theo", "đối với", "liên quan đến",
)
KINDS = ("Quy trình", "Hướng dẫn", "Biểu mẫu", "Quy chế", "Kế hoạch", "Báo cáo", "Hồ sơ",
         "Quyết định", "Thông tư", "Nghị định", "Công văn")
LEGAL = ("Luật", "Nghị định", "Thông tư", "Quyết định", "Chỉ thị")
ISSUERS = ("Quốc hội", "Chính phủ", "Thủ tướng Chính phủ", "Bộ Khoa học và Công nghệ",
           "Bộ Nội vụ", "Bộ Tài chính", "Ủy ban nhân dân tỉnh")


class Text:
    def __init__(self, seed=0):
        self.random = random.Random(seed)

    def pick(self, words):
        return self.random.choice(words)

    def phrase(self):
        r = self.random
        parts = [self.pick(ACTORS), self.pick(ACTIONS), self.pick(SUBJECTS)]
        if r.random() < 0.7:
            parts.append(self.pick(QUALIFIERS))
        if r.random() < 0.5:
            parts += [self.pick(CONNECTORS), self.pick(ACTIONS), self.pick(SUBJECTS)]
        return " ".join(parts)

    def sentence(self):
        s = self.phrase()
        if self.random.random() < 0.4:
            s += ", " + self.phrase()
        return s[0].upper() + s[1:] + "."

    def title(self, kind=None):
        r = self.random
        kind = kind or self.pick(KINDS)
        title = f"{kind} {self.pick(ACTIONS)} {self.pick(SUBJECTS)}"
        if r.random() < 0.5:
            title += f" {self.pick(QUALIFIERS)}"
        if r.random() < 0.3:
            title += f" năm {r.randint(2015, 2026)}"
        return title

    def legal_number(self, index):
        r = self.random
        kind = self.pick(LEGAL)
        suffix = {"Luật": "QH", "Nghị định": "NĐ-CP", "Thông tư": "TT-BKHCN",
                  "Quyết định": "QĐ-UBND", "Chỉ thị": "CT-TTg"}[kind]
        return kind, f"{index}/{r.randint(2006, 2026)}/{suffix}", self.pick(ISSUERS)

    def paragraphs(self, words=300):
        out, count = [], 0
        while count < words:
            sentence = self.sentence()
            out.append(sentence)
            count += len(sentence.split())
        return " ".join(out)


# Queries for the search benchmark: (name, query with diacritics, query without).
QUERIES = (
    ("1 word", "thẩm định", "tham dinh"),
    ("1 word (ứ…)", "ứng dụng", "ung dung"),
    ("2 words", "hồ sơ lưu trữ", "ho so luu tru"),
    ("2 words", "khách hàng đúng hạn", "khach hang dung han"),
    ("phrase", '"sự không phù hợp"', '"su khong phu hop"'),
    ("phrase", '"chính sách chất lượng"', '"chinh sach chat luong"'),
    ("prefix", "chuyển gi*", "chuyen gi*"),
)
