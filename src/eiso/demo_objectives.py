"""Demo quality objectives (seed 002 §3): the agency's objectives of the year in two
versions; version 2 (the first objective's target lowered to 96 %) is applied and
has its results entered; version 1 stays readable, superseded."""

from eiso import logger
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import datetime


# (name, target of version 1, measurement method, responsible)
OBJECTIVES = (
    ("Đảm bảo sự hài lòng của khách hàng giải quyết DVC", 98.0,
     "Phiếu khảo sát sự hài lòng", "Văn phòng sở"),
    ("Duy trì HTQLCL trên phần mềm ISO điện tử đảm bảo yêu cầu TCVN ISO 9001:2015", 100.0,
     "Kết quả đánh giá nội bộ", "Thư ký ISO"),
    ("Giải quyết đầy đủ kịp thời và đúng hạn TTHC", 100.0,
     "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "Các phòng chuyên môn"),
    ("Hoàn thành nhiệm vụ của cấp trên giao", 100.0,
     "Tỷ lệ nhiệm vụ hoàn thành đúng hạn", "Ban Giám đốc"),
)
# Version 2: targets; the results and causes entered during the year (seed 002 §5).
VERSION_2_TARGETS = (96.0, 100.0, 100.0, 100.0)
RESULTS = ((96.0, "Khách hàng chưa hiểu"), (100.0, None), (100.0, None), (100.0, "Hoàn thành"))


def _rows(year, targets, results=None, objectives=OBJECTIVES):
    rows = []
    for index, (name, target, measurement, responsible) in enumerate(objectives):
        result, cause = results[index] if results else (None, None)
        rows.append({
            "name": name, "target": targets[index] if targets else target,
            "measurement": measurement, "responsible": responsible,
            "deadline": datetime.date(year, 12, 31), "result": result, "cause": cause,
        })
    return rows


def ensure_objectives(agency, year, objectives=OBJECTIVES, targets=VERSION_2_TARGETS,
                      results=RESULTS, secretary=None, leader=None):
    """Version 1 applied then superseded by version 2 (applied, with results).

    The keyword arguments: the data (``OBJECTIVES``, ``VERSION_2_TARGETS``, ``RESULTS``
    by default) and the accounts (the demo's secretary and leader by default)."""
    from eiso.demo import ensure_case
    from eiso.demo import LEADER
    from eiso.demo import SECRETARY

    secretary = secretary or SECRETARY
    leader = leader or LEADER
    container = agency["boi-canh"]
    intids = getUtility(IIntIds)
    policy = container.get(f"chinh-sach-chat-luong-nam-{year}")
    title = f"Mục tiêu chất lượng năm {year}"
    applied = ((secretary, "submit"), (leader, "approve"), (leader, "apply"))
    common = {"title": title, "year": year}
    if policy is not None:
        common["policy"] = RelationValue(intids.getId(policy))
    first_id, second_id = f"muc-tieu-chat-luong-nam-{year}", f"muc-tieu-chat-luong-nam-{year}-v2"
    if second_id in container:
        return container[second_id]
    first = ensure_case(container, first_id, "QualityObjectives",
                        dict(common, objectives=_rows(year, None, objectives=objectives),
                             version=1), applied, secretary=secretary)
    fields = dict(common, objectives=_rows(year, targets, results, objectives=objectives),
                  version=2,
                  previous=RelationValue(intids.getId(first)))
    if policy is not None:
        fields["policy"] = RelationValue(intids.getId(policy))
    logger.info("Creating version 2 of %s", title)
    return ensure_case(container, second_id, "QualityObjectives", fields, applied,
                       secretary=secretary)
