"""Benchmark of the Vietnamese lexicon against stock Plone's, at the catalog level.

    .venv/bin/python benchmarks/search.py                 # 10,000 items
    .venv/bin/python benchmarks/search.py --items 100000
    .venv/bin/python benchmarks/search.py --items 100000 --corpus dense
    .venv/bin/python benchmarks/search.py --facets --items 100000   # facet counts only
    .venv/bin/python benchmarks/search.py --items 100000 --store var/search.fs  # build, keep
    .venv/bin/python benchmarks/search.py --items 100000 --store var/search.fs  # time again

Builds, in one process and in memory, two ZCatalogs with a ``SearchableText``
ZCTextIndex: stock Plone's (``Okapi BM25 Rank`` on the ``plone_lexicon``
pipeline: Unicode Whitespace splitter + Unicode Ignoring Accents Case
Normalizer, ZCatalog sorting every scored hit) and eiso's (Vietnamese Accent
Folding Normalizer, ``PrecomputedOkapiIndex`` and the lazily ranked results of
``eiso.search.ranking``; stock ZCatalog code is restored while stock is timed).

Two corpora (``--corpus``):

- ``realistic`` (default): the mix of an agency's portal — half records (a
  title and a short description), three tenths legal texts (number, title,
  summary), a fifth internal documents (title and several hundred words of
  body) — written with sentences of the demo quality manual (seed 004) and
  ``vntext``'s ISO/administrative phrases, names and numbers: real word
  frequencies, frequent words in a large share of the items, a long tail;
- ``dense``: ~150 words per item drawn from 90 ISO phrases only, so that the
  query words are in 50–76 % of the items: the worst case for BM25.

Both index the same corpus. Then both answer
the same queries — one word, two words, a phrase, each typed with and
without diacritics, and a prefix as the search page sends it — and the script
reports the median and 95th percentile of each kind (search + the first 20
brains, as a result page) and eiso's ratio against stock.

Stock Plone misses the unaccented forms of words starting with a U+1E00–U+1EFF
letter, so its result sets are smaller for those queries; the counts are
printed so that the timing is read with that in mind.
"""

from BTrees.IIBTree import weightedIntersection as _weightedIntersection
from contextlib import contextmanager
from pathlib import Path

import argparse
import random
import statistics
import sys
import time


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PHRASES = """
hệ thống quản lý chất lượng|tiêu chuẩn quốc gia TCVN ISO 9001:2015|ủy ban nhân dân tỉnh
sở thông tin và truyền thông|quy trình kiểm soát tài liệu|kiểm soát hồ sơ|đánh giá nội bộ
xem xét của lãnh đạo|hành động khắc phục|sự không phù hợp|cải tiến thường xuyên
chính sách chất lượng|mục tiêu chất lượng|bối cảnh của tổ chức|nhu cầu và mong đợi
các bên quan tâm|rủi ro và cơ hội|ứng dụng công nghệ thông tin|ổn định tổ chức bộ máy
giải quyết thủ tục hành chính|tiếp nhận và trả kết quả|bộ phận một cửa|cơ chế một cửa liên thông
dịch vụ công trực tuyến|sự hài lòng của người dân|phiếu khảo sát ý kiến|thời hạn giải quyết
hồ sơ quá hạn|văn bản quy phạm pháp luật|quyết định ban hành|thông tư hướng dẫn|nghị định của chính phủ
trưởng phòng phụ trách|thư ký ISO|lãnh đạo sở phê duyệt|phân công nhiệm vụ|báo cáo định kỳ
lưu trữ hồ sơ điện tử|thời gian lưu trữ|tiêu hủy hồ sơ hết giá trị|mượn hồ sơ lưu trữ
đào tạo cán bộ công chức|năng lực và nhận thức|trao đổi thông tin nội bộ|kiểm soát thông tin dạng văn bản
hoạt động theo dõi đo lường|phân tích và đánh giá|chương trình đánh giá|chuyên gia đánh giá
ý kiến phản hồi của khách hàng|khiếu nại tố cáo|ủy quyền ký văn bản|ấn định thời hạn
ứng xử văn hóa công sở|ứng phó sự cố|ước tính kinh phí|ưu tiên xử lý|ấp dụng thống nhất
ổn định chất lượng dịch vụ|ủy ban mặt trận tổ quốc|ấn phẩm tuyên truyền|ở cơ sở|ứng trực
điều khoản áp dụng|loại trừ điều khoản|thiết kế và phát triển|kiểm soát quá trình bên ngoài
nguồn lực cho theo dõi và đo lường|cơ sở hạ tầng|môi trường vận hành các quá trình
tri thức của tổ chức|trách nhiệm và quyền hạn|hoạch định thay đổi|đầu ra không phù hợp
"""
PHRASES = [p.strip() for line in PHRASES.strip().splitlines() for p in line.split("|") if p.strip()]
# Syllables of people's and places' names: they make the lexicon as large as a
# real one (numbers and codes add more).
SYLLABLES = """an anh ánh bá bách bảo bắc bình bích bố cao cẩm chánh châu chí chính công cúc cường
danh dũng dung duy dương đại đạt điền định đoàn đông đức giang gia hà hải hạnh hào hiền hiếu hòa
hoàng học hồng huế hùng hưng hương hữu khang khánh khoa kiên kim lạc lam lan lâm lệ linh loan
long lộc lợi luân lực mai minh mỹ nam nga ngân nghĩa ngọc nguyên nhân nhật như ninh oanh phát
phong phú phúc phương quang quảng quế quốc quý quyên sơn tài tâm tân thạch thái thanh thành thảo
thắng thiện thịnh thọ thông thu thủy thư tiến tín toàn trà trạch trang trí trọng trung trúc tú
tuấn tùng tường uyên ưng văn vân việt vinh võ vũ xuân yên ý ấn ổ ủ ứ ửa""".split()
FILLER = ("và", "của", "theo", "cho", "trong", "đối với", "về việc", "các", "những", "được", "đã", "để")

QUERIES = {
    "rare word": [("trạch", "trach"), ("uyên", "uyen"), ("ửa", "ua")],
    "1 word": [("ủy", "uy"), ("ứng", "ung"), ("chất", "chat"), ("đánh", "danh"), ("ổn", "on")],
    "2 words": [("chất lượng", "chat luong"), ("ủy ban", "uy ban"), ("ứng dụng", "ung dung"),
                ("đánh giá", "danh gia"), ("hồ sơ", "ho so")],
    "phrase": [('"quản lý chất lượng"', '"quan ly chat luong"'),
               ('"ủy ban nhân dân"', '"uy ban nhan dan"'),
               ('"ứng dụng công nghệ"', '"ung dung cong nghe"'),
               ('"kiểm soát tài liệu"', '"kiem soat tai lieu"')],
    "prefix (page)": [("chất* AND lượ*", "chat* AND luo*"), ("ủy* AND ba*", "uy* AND ba*"),
                      ("đánh* AND giá*", "danh* AND gia*")],
}


class Item:
    def __init__(self, text):
        self.SearchableText = text


def name(rng):
    return " ".join(rng.choice(SYLLABLES).capitalize() for _ in range(rng.randint(2, 3)))


def text(rng, words):
    parts, count = [f"số {rng.randint(1, 999)}/{rng.randint(2015, 2026)}/QĐ-UBND", name(rng)], 4
    while count < words:
        phrase = rng.choice(PHRASES)
        parts.append(phrase)
        parts.append(rng.choice(FILLER))
        count += len(phrase.split()) + 1
    sentence = " ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def manual_sentences():
    """Sentences of the demo quality manual (seed 004 adapted): real Vietnamese."""
    import html
    import re

    source = ROOT / "src" / "eiso" / "demo_data" / "so-tay-chat-luong.html"
    plain = html.unescape(re.sub(r"<[^>]+>", " ", source.read_text(encoding="utf-8")))
    return [s.strip() for s in re.split(r"(?<=[.;:])\s+|\n+", plain) if len(s.split()) >= 5]


def realistic_corpus(items, seed):
    """An agency's mix of records, legal texts and documents (see the module docstring)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from vntext import Text

    rng = random.Random(seed)
    text = Text(seed)
    manual = manual_sentences()

    def body(words):
        out, count = [], 0
        while count < words:
            sentence = rng.choice(manual) if rng.random() < 0.5 else text.sentence()
            out.append(sentence)
            count += len(sentence.split())
        return " ".join(out)

    corpus = []
    for number in range(items):
        share = rng.random()
        if share < 0.5:  # a record: code, title, who, a line or two
            corpus.append(f"HS-{number:06d} {text.title('Hồ sơ')} {name(rng)} "
                          f"{text.sentence()} {text.sentence() if rng.random() < 0.5 else ''}")
        elif share < 0.8:  # a legal text: number, issuer, title, summary
            kind, code, issuer = text.legal_number(number)
            corpus.append(f"{kind} {code} {issuer} {text.title(kind)} {body(rng.randint(30, 90))}")
        else:  # an internal document and its attached file
            corpus.append(f"QT-{number:05d} {text.title()} {body(rng.randint(200, 900))}")
    return corpus


def make_catalog(normalizer, index_type="Okapi BM25 Rank"):
    from Products.ZCatalog.ZCatalog import ZCatalog
    from Products.ZCTextIndex.ZCTextIndex import PLexicon
    from Products.ZCTextIndex.ZCTextIndex import ZCTextIndex
    from Products.CMFPlone.UnicodeSplitter.splitter import Splitter as UnicodeSplitter

    catalog = ZCatalog("catalog")
    catalog._setObject("plone_lexicon", PLexicon("plone_lexicon", "", UnicodeSplitter(), normalizer))

    class Extra:
        lexicon_id = "plone_lexicon"

    Extra.index_type = index_type

    index = ZCTextIndex("SearchableText", extra=Extra(), caller=catalog)
    catalog._catalog.addIndex("SearchableText", index)
    return catalog


def fill(catalog, corpus):
    import transaction

    started = time.perf_counter()
    for number, body in enumerate(corpus):
        catalog.catalog_object(Item(body), uid=f"/plone/item-{number}")
        if number % 1000 == 999:
            transaction.commit()
    transaction.commit()
    return time.perf_counter() - started


@contextmanager
def stock_zcatalog(stock):
    """ZCatalog as shipped (no lazy ranking) while ``stock`` is true."""
    from eiso.search.ranking import ranked_intersection
    from Products.ZCatalog import Catalog

    Catalog.weightedIntersection = _weightedIntersection if stock else ranked_intersection
    try:
        yield
    finally:
        Catalog.weightedIntersection = ranked_intersection


def timings(catalog, query, repeat):
    samples = []
    count = 0
    for _ in range(repeat):
        started = time.perf_counter()
        results = catalog(SearchableText=query)
        count = len(results)
        list(results[:20])
        samples.append((time.perf_counter() - started) * 1000)
    return samples, count


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def facet_counts(items, seed):
    """Time eiso.search.facets.count_values, both ways and as chosen, on
    Field/KeywordIndexes of ``items`` documents, for result sets of several sizes."""
    from BTrees.IIBTree import IISet
    from eiso.search import facets
    from Products.PluginIndexes.FieldIndex.FieldIndex import FieldIndex
    from Products.PluginIndexes.KeywordIndex.KeywordIndex import KeywordIndex

    class Record:
        def __init__(self, **fields):
            self.__dict__.update(fields)

    rng = random.Random(seed)
    clauses = [f"{a}.{b}" for a in range(4, 11) for b in range(1, 6)]
    types = ("ControlledDocument", "Record", "LegalDocument", "QualityPolicy", "ContextAnalysis")
    indexes = {"portal_type": FieldIndex("portal_type"), "year": FieldIndex("year"),
               "iso_clauses": KeywordIndex("iso_clauses"), "department": FieldIndex("department")}
    for rid in range(items):
        record = Record(year=rng.randint(2015, 2026), department=f"phong-{rng.randint(1, 300)}",
                        iso_clauses=rng.sample(clauses, 3), portal_type=rng.choice(types))
        for index in indexes.values():
            index.index_object(rid, record)
    print(f"\nfacet counts over {items:,} indexed items (ms): chosen / item by item / value by value")
    ratio = facets.COST_RATIO
    for size in (100, 1_000, 10_000, items):
        rids = IISet(rng.sample(range(items), min(size, items)))
        cells = []
        for name, index in indexes.items():
            times = []
            for forced in (ratio, 0, 10**9):
                facets.COST_RATIO = forced
                started = time.perf_counter()
                facets.count_values(index, rids, items)
                times.append((time.perf_counter() - started) * 1000)
            facets.COST_RATIO = ratio
            cells.append(f"{name} {times[0]:.1f}/{times[1]:.1f}/{times[2]:.1f}")
        print(f"{len(rids):>8} results: " + "; ".join(cells))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=150, help="words per item (title + body)")
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--corpus", choices=("realistic", "dense"), default="realistic")
    parser.add_argument("--facets", action="store_true", help="only time the facet counts")
    parser.add_argument("--store", help="keep the catalogs in this FileStorage: built on the first "
                        "run, only queried on the next ones (to time on a quiet machine)")
    options = parser.parse_args(argv)
    if options.facets:
        return facet_counts(options.items, options.seed)

    from eiso.search.lexicon import VietnameseNormalizer
    from eiso.search.ranking import INDEX_TYPE
    from Products.CMFPlone.UnicodeSplitter.splitter import I18NNormalizer

    import transaction
    import ZODB

    if options.store:
        from ZODB.FileStorage import FileStorage

        db = ZODB.DB(FileStorage(options.store), cache_size=2_000_000)
    else:
        # In a ZODB (in memory), as in a site: persistent BTrees, the catalog's cache upkeep.
        db = ZODB.DB(None, cache_size=400_000)
    root = db.open().root()
    built = root.get("corpus") == (options.corpus, options.items, options.seed, options.words)
    if built:
        print(f"{options.items:,} items, {options.corpus} corpus, catalogs of {options.store}")
    else:
        rng = random.Random(options.seed)
        if options.corpus == "dense":
            corpus = [text(rng, 12) + " " + text(rng, options.words - 12) for _ in range(options.items)]
        else:
            corpus = realistic_corpus(options.items, options.seed)
        root["stock"] = make_catalog(I18NNormalizer())
        root["eiso"] = make_catalog(VietnameseNormalizer(), INDEX_TYPE)
        transaction.commit()
        words = sum(len(item.split()) for item in corpus) / len(corpus)
        print(f"{options.items:,} items, {options.corpus} corpus, {words:.0f} words an item on average")
        for name in ("stock", "eiso"):
            seconds = fill(root[name], corpus)
            words = len(root[name].plone_lexicon._wids)
            print(f"indexing {name:5}: {seconds:6.1f} s ({options.items / seconds:,.0f} items/s), {words:,} words in the lexicon")
        root["corpus"] = (options.corpus, options.items, options.seed, options.words)
        transaction.commit()
    catalogs = {"stock": root["stock"], "eiso": root["eiso"]}

    print(f"\n{'query kind':<15}{'typed':<12}{'stock p50':>10}{'p95':>8}{'eiso p50':>10}{'p95':>8}"
          f"{'ratio p50':>10}{'ratio p95':>10}   hits stock / eiso")
    worst, fair = [], []
    for kind, pairs in QUERIES.items():
        for accents, label in ((0, "with ´`?~."), (1, "without")):
            stock_all, eiso_all, hits = [], [], []
            same_stock, same_eiso = [], []  # queries both answer alike: a fair ratio
            for pair in pairs:
                query = pair[accents]
                with stock_zcatalog(True):
                    stock, stock_count = timings(catalogs["stock"], query, options.repeat)
                with stock_zcatalog(False):
                    ours, eiso_count = timings(catalogs["eiso"], query, options.repeat)
                stock_all += stock
                eiso_all += ours
                if stock_count == eiso_count:
                    same_stock += stock
                    same_eiso += ours
                hits.append(f"{stock_count}/{eiso_count}")
            s50, s95 = statistics.median(stock_all), percentile(stock_all, 0.95)
            e50, e95 = statistics.median(eiso_all), percentile(eiso_all, 0.95)
            worst.append(e95)
            if same_stock:
                ratio50 = statistics.median(same_eiso) / statistics.median(same_stock)
                ratio95 = percentile(same_eiso, 0.95) / percentile(same_stock, 0.95)
                ratios = f"{ratio50:>10.2f}{ratio95:>10.2f}"
                fair.append((ratio50, ratio95))
            else:
                ratios = f"{'–':>10}{'–':>10}"
            print(f"{kind:<15}{label:<12}{s50:>9.2f} {s95:>7.2f} {e50:>9.2f} {e95:>7.2f}"
                  f"{ratios}   {' '.join(hits)}")
    print(f"\nratios (eiso / stock) over the queries both answer with the same hits; "
          f"worst: p50 {max(r[0] for r in fair):.2f}, p95 {max(r[1] for r in fair):.2f} (target ≤ 1.3)")
    print(f"worst eiso p95: {max(worst):.1f} ms (target < 100 ms at 100,000 items); times in ms,"
          " search + first 20 brains")
    transaction.abort()
    db.close()


if __name__ == "__main__":
    main()
