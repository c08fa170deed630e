"""Stock-Plone baselines for the benchmark, added to the benchmark's own instance.

Run by ``run.py`` in a separate process while the server is stopped
(FileStorage allows one process at a time)::

    .venv/bin/python benchmarks/prepare.py stock-site DIR/etc/zope.conf
    .venv/bin/python benchmarks/prepare.py content DIR/etc/zope.conf

``stock-site`` creates a stock Classic UI site ``/stock`` (same distribution,
language and time zone as eiso's, without eiso) so that creating it can be
timed against ``eiso-create-site``, and its front page served as the stock
anonymous front page.

``content`` adds the same ~300-word Vietnamese Document, published, to
``/Plone`` and to ``/stock``, and an account ``thuky`` to ``/stock``, so that
the same user views eiso's pages and plain Document views. A second copy in
``/Plone`` gives ``thuky`` the Editor role: its toolbar then has the edit and
state menus, as the agency home has for the ISO secretary.

Each command prints one line ``RESULT {json}`` with its timings.
"""

import json
import sys
import time


STOCK_SITE_ID = "stock"
EISO_SITE_ID = "Plone"
DOCUMENT_ID = "trang-tham-chieu"
EDITOR_DOCUMENT_ID = "trang-bien-tap"
USER = "thuky"
PASSWORD = "eiso2026"

DOCUMENT_TITLE = "Chính sách chất lượng và cam kết cải tiến liên tục"
DOCUMENT_DESCRIPTION = (
    "Trang tham chiếu của phép đo hiệu năng: một trang Plone thông thường "
    "khoảng ba trăm từ tiếng Việt."
)
# About 300 words (space-separated syllables, as Vietnamese is written).
DOCUMENT_PARAGRAPHS = (
    "Sở Khoa học và Công nghệ xây dựng, áp dụng và duy trì hệ thống quản lý chất "
    "lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 trong toàn bộ hoạt động giải "
    "quyết thủ tục hành chính và cung cấp dịch vụ công cho tổ chức, cá nhân trên địa "
    "bàn tỉnh. Lãnh đạo sở cam kết cung cấp đầy đủ nguồn lực, phân công trách nhiệm "
    "rõ ràng và thường xuyên xem xét hiệu lực của hệ thống.",
    "Mục tiêu chất lượng hằng năm được thiết lập cho từng phòng chuyên môn, có thể "
    "đo lường được và nhất quán với chính sách chất lượng. Mỗi mục tiêu nêu rõ việc "
    "cần làm, nguồn lực cần thiết, người chịu trách nhiệm, thời hạn hoàn thành và "
    "cách đánh giá kết quả. Kết quả thực hiện được báo cáo trong cuộc họp xem xét "
    "của lãnh đạo ít nhất một lần mỗi năm.",
    "Tài liệu nội bộ của hệ thống được kiểm soát chặt chẽ: mọi quy trình, biểu mẫu "
    "và hướng dẫn đều được soạn thảo, kiểm tra, phê duyệt trước khi ban hành; khi "
    "sửa đổi phải ghi rõ nội dung thay đổi và lần ban hành. Tài liệu hết hiệu lực "
    "được thu hồi kịp thời để tránh sử dụng nhầm. Hồ sơ được lưu trữ đúng thời hạn, "
    "dễ tìm kiếm và được bảo vệ khỏi hư hỏng hoặc mất mát.",
    "Đánh giá nội bộ được thực hiện theo chương trình đã phê duyệt nhằm xác định hệ "
    "thống có phù hợp với yêu cầu của tiêu chuẩn và được áp dụng hiệu lực hay không. "
    "Các điểm không phù hợp được phân tích nguyên nhân, đề xuất hành động khắc phục "
    "và theo dõi đến khi kết thúc. Ý kiến phản hồi của người dân và doanh nghiệp "
    "được tiếp nhận, xử lý và công khai kết quả.",
)


def document_html():
    return "".join(f"<p>{paragraph}</p>" for paragraph in DOCUMENT_PARAGRAPHS)


def word_count():
    return sum(len(paragraph.split()) for paragraph in DOCUMENT_PARAGRAPHS)


def _open(zope_conf):
    # eiso's own helper: Zope started from zope_conf, root app as system user.
    from eiso.commands.site import open_app

    return open_app(zope_conf)


def create_stock_site(zope_conf):
    from plone.distribution.api import site as site_api
    from zope.component.hooks import setSite

    import transaction

    started = time.perf_counter()
    app = _open(zope_conf)
    opened = time.perf_counter()
    if STOCK_SITE_ID in app.objectIds():
        raise SystemExit(f"/{STOCK_SITE_ID} exists already: use a fresh instance")
    site = site_api.create(
        app,
        "classic",
        {
            "site_id": STOCK_SITE_ID,
            "title": "Plone (stock)",
            "description": "",
            "default_language": "vi",
            "portal_timezone": "Asia/Ho_Chi_Minh",
            "setup_content": False,
        },
    )
    setSite(site)
    transaction.commit()
    created = time.perf_counter()
    app._p_jar.close()
    return {
        "zope_startup_s": round(opened - started, 2),
        "site_creation_s": round(created - opened, 2),
    }


def _add_document(site, document_id):
    from plone import api
    from plone.app.textfield.value import RichTextValue

    if document_id in site.objectIds():
        api.content.delete(site[document_id])
    document = api.content.create(
        container=site,
        type="Document",
        id=document_id,
        title=DOCUMENT_TITLE,
        description=DOCUMENT_DESCRIPTION,
        text=RichTextValue(document_html(), "text/html", "text/x-html-safe"),
    )
    api.content.transition(obj=document, to_state="published")
    return document


def add_content(zope_conf):
    from plone import api
    from zope.component.hooks import setSite

    import transaction

    app = _open(zope_conf)
    paths = []
    for site_id in (EISO_SITE_ID, STOCK_SITE_ID):
        site = app[site_id]
        setSite(site)
        with api.env.adopt_user(username="admin"):
            paths.append("/".join(_add_document(site, DOCUMENT_ID).getPhysicalPath()))
            if site_id == EISO_SITE_ID:
                document = _add_document(site, EDITOR_DOCUMENT_ID)
                api.user.grant_roles(username=USER, obj=document, roles=["Editor"])
                paths.append("/".join(document.getPhysicalPath()))
            if site_id == STOCK_SITE_ID and api.user.get(username=USER) is None:
                # The stock site gets a plain Member of the same name and password.
                api.user.create(
                    email=f"{USER}@stock.example.vn", username=USER, password=PASSWORD
                )
        transaction.commit()
    app._p_jar.close()
    return {"documents": paths, "words": word_count()}


COMMANDS = {"stock-site": create_stock_site, "content": add_content}


def main(argv):
    if len(argv) != 2 or argv[0] not in COMMANDS:
        print(f"usage: prepare.py {{{'|'.join(COMMANDS)}}} ZOPE_CONF", file=sys.stderr)
        return 2
    result = COMMANDS[argv[0]](argv[1])
    print("RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
