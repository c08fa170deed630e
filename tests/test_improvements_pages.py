"""Improvements in the browser and through REST: the add forms in Vietnamese, the
proposal's and the plan's pages, "Lấy từ đề xuất và sự không phù hợp" (POST and CSRF),
the cai-tien listing and REST create/read with 400 on bad input."""

from datetime import date
from eiso.cases.handover import hand_over
from eiso.improvements import create_plan
from eiso.improvements import create_proposal
from eiso.nonconformities import create_nonconformity
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from urllib.parse import urlencode

import transaction
import unittest


YEAR = date.today().year
ROW_FIELDS = ("action", "source", "source_ref", "owner", "deadline", "result", "status")


class ImprovementPagesTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        self.agency = self.portal["co-quan-a"]
        self.section = self.agency["cai-tien"]
        self.url = self.section.absolute_url()

    def rest(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    def accepted(self, title="Số hóa hồ sơ lưu trữ", department="phong-cntt"):
        login(self.portal, "a-staff")
        item = create_proposal(self.section, title=title, department=department,
                               description="Tra cứu hồ sơ giấy mất 30 phút",
                               proposal="Scan hồ sơ và lưu trên phần mềm")
        hand_over(item, "submit")
        login(self.portal, "a-leader")
        hand_over(item, "approve")
        logout()
        return item


class TestProposalPages(ImprovementPagesTestCase):
    def test_staff_proposes_with_the_add_form(self):
        page = browser(self.app, "a-staff")
        page.open(self.url)
        self.assertIn("eiso-add-ImprovementProposal", page.contents)
        self.assertNotIn("eiso-add-ImprovementPlan", page.contents)  # the secretary's
        page.open(self.url + "/++add++ImprovementProposal")
        for label in ("Tên đề xuất", "Phòng ban liên quan", "Thực trạng",
                      "Nội dung đề xuất cải tiến", "Lợi ích dự kiến", "Điều khoản ISO 9001:2015"):
            self.assertIn(label, page.contents)
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.title").value = "Rút ngắn thời gian thẩm định"
        form.getControl(name="form.widgets.description").value = "   "
        form.getControl(name="form.buttons.save").click()
        self.assertIn("++add++ImprovementProposal", page.url)
        self.assertIn("Bắt buộc", page.contents)
        form = page.getForm(id="form")
        form.getControl(name="form.widgets.description").value = "Thẩm định mất 20 ngày"
        form.getControl(name="form.widgets.proposal").value = "Thẩm định trực tuyến"
        form.getControl(name="form.widgets.expected_benefit").value = "Còn 15 ngày"
        form.getControl(name="form.widgets.department:list").value = ["phong-cntt"]
        form.getControl(name="form.buttons.save").click()
        self.assertIn("/cai-tien/rut-ngan-thoi-gian-tham-dinh", page.url)
        for text in ("Thực trạng", "Thẩm định mất 20 ngày", "Thẩm định trực tuyến",
                     "Còn 15 ngày", "Phòng Công nghệ thông tin", "Người đề xuất",
                     "Nhân Viên A", "Dự thảo", "Quá trình xử lý", f"DXCT-{YEAR}-"):
            self.assertIn(text, page.contents)

    def test_reject_without_a_reason_is_refused_on_the_form(self):
        login(self.portal, "a-staff")
        item = create_proposal(self.section, title="Máy tính bảng cho một cửa",
                               description="Người dân chờ nhập hồ sơ",
                               proposal="Trang bị máy tính bảng")
        hand_over(item, "submit")
        logout()
        transaction.commit()
        page = browser(self.app, "a-leader")
        page.open(item.absolute_url() + "/@@case-transition")
        for text in ("Chấp nhận", "Không chấp nhận", "Bổ sung"):
            self.assertIn(text, page.contents)
        page.getControl(name="action").value = ["reject"]
        page.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertIn("Cần ghi lý do không chấp nhận đề xuất vào ô ý kiến.", page.contents)
        self.assertNotIn("Traceback", page.contents)
        transaction.begin()
        self.assertEqual(api.content.get_state(item), "pending")
        page.getControl(name="action").value = ["reject"]
        page.getControl(name="comment").value = "Đã có máy tự phục vụ dùng chung"
        page.getForm(id="eiso-case-transition").submit(name="form.save")
        transaction.begin()
        self.assertEqual(api.content.get_state(item), "rejected")
        page.open(item.absolute_url())
        self.assertIn("Không chấp nhận", page.contents)
        self.assertIn("Đã có máy tự phục vụ dùng chung", page.contents)  # the timeline

    def test_listing_filters_and_agency_b(self):
        first = self.accepted()
        login(self.portal, "a-secretary")
        create_plan(self.section, year=YEAR)
        login(self.portal, "a-staff")
        create_proposal(self.section, title="Đề xuất còn nháp", description="x", proposal="y")
        logout()
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(self.url)
        self.assertEqual(page.headers["status"], "200 OK")
        self.assertIn("eiso-add-ImprovementProposal", page.contents)
        self.assertIn("eiso-add-ImprovementPlan", page.contents)
        self.assertIn("Tìm thấy 2 đề xuất và kế hoạch.", page.contents)  # not the draft
        self.assertIn(first.code, page.contents)
        self.assertIn("Đưa vào kế hoạch cải tiến", page.contents)  # the current step
        page.open(self.url + "?portal_type=ImprovementPlan")
        self.assertIn("Tìm thấy 1 đề xuất và kế hoạch.", page.contents)
        self.assertIn(f"Kế hoạch cải tiến liên tục năm {YEAR}", page.contents)
        self.assertIn('<option value="pending">Chờ quyết định / Chờ duyệt</option>',
                      page.contents)
        page.open(self.url + "?review_state=accepted")
        self.assertIn("Tìm thấy 1 đề xuất và kế hoạch.", page.contents)
        self.assertIn("Số hóa hồ sơ lưu trữ", page.contents)
        page.open(self.url + f"?year={YEAR - 1}")
        self.assertIn("Không có đề xuất hay kế hoạch nào khớp với bộ lọc.", page.contents)
        page.open(self.url + "?year=abc&portal_type=Nonsense")
        self.assertIn("Không có đề xuất hay kế hoạch nào khớp với bộ lọc.", page.contents)
        other = browser(self.app, "b-staff")
        other.open(first.absolute_url())
        self.assertIn("insufficient-privileges", other.url)
        self.assertNotIn(first.code, other.contents)
        other.open(self.portal["co-quan-b"]["cai-tien"].absolute_url())
        self.assertIn("Chưa có đề xuất hay kế hoạch cải tiến nào.", other.contents)


class TestPlanPages(ImprovementPagesTestCase):
    def add_form(self, page, rows, year=YEAR):
        page.open(self.url + "/++add++ImprovementPlan")
        fields = [
            ("_authenticator", page.getControl(name="_authenticator").value),
            ("form.widgets.year", str(year)),
            ("form.widgets.title", ""),
            ("form.buttons.save", "Lưu"),
            ("form.widgets.actions.count", str(len(rows))),
        ]
        for number, row in enumerate(rows):
            fields.append((f"form.widgets.actions.{number}-empty-marker", "1"))
            row = dict(dict.fromkeys(ROW_FIELDS, ""), source="other", status="not_started",
                       **row)
            for name, value in row.items():
                suffix = ":list" if name in ("source", "owner", "status") else ""
                fields.append((f"form.widgets.actions.{number}.widgets.{name}{suffix}", value))
                if suffix:
                    fields.append(
                        (f"form.widgets.actions.{number}.widgets.{name}-empty-marker", "1"))
        page.post(self.url + "/++add++ImprovementPlan", urlencode(fields))

    def test_add_form_validation_in_vietnamese(self):
        page = browser(self.app, "a-secretary")
        page.open(self.url + "/++add++ImprovementPlan")
        for label in ("Năm", "Các hoạt động cải tiến", "Hoạt động cải tiến", "Nguồn",
                      "Mã tham chiếu", "Người thực hiện", "Thời hạn hoàn thành",
                      "Kết quả thực hiện", "Tình trạng"):
            self.assertIn(label, page.contents)
        self.assertIn("Nhân Viên A (a-staff)", page.contents)
        self.add_form(page, [{"action": "Số hóa hồ sơ", "owner": "a-staff"}])
        self.assertIn("Hoạt động 1: cần nhập Thời hạn hoàn thành.", page.contents)
        self.add_form(page, [{"action": "Số hóa hồ sơ", "owner": "a-staff",
                              "deadline": f"{YEAR}-06-30"},
                             {"action": "Khảo sát", "owner": "a-staff",
                              "deadline": f"{YEAR - 1}-12-31"}])
        self.assertIn(f"Hoạt động 2: thời hạn 31/12/{YEAR - 1} trước năm của kế hoạch "
                      f"({YEAR}).", page.contents)
        self.assertNotIn("Traceback", page.contents)
        transaction.begin()
        self.assertEqual(len(api.content.find(context=self.section, portal_type="ImprovementPlan",
                                              unrestricted=True)), 0)
        self.add_form(page, [{"action": "Số hóa hồ sơ", "owner": "a-staff",
                              "deadline": f"{YEAR + 1}-03-31"}])
        self.assertIn(f"/cai-tien/ke-hoach-cai-tien-lien-tuc-nam-{YEAR}", page.url)
        transaction.begin()
        plan = self.section[f"ke-hoach-cai-tien-lien-tuc-nam-{YEAR}"]
        self.assertEqual(plan.actions[0]["owner"], "a-staff")
        self.assertEqual(plan.actions[0]["deadline"], date(YEAR + 1, 3, 31))

    def test_feed_button_the_table_and_print(self):
        proposal = self.accepted()
        login(self.portal, "a-staff")
        nonconformity = create_nonconformity(
            self.agency["kiem-soat"], description="Hồ sơ trả trễ hạn", source="staff",
            department="phong-cntt")
        nonconformity.root_cause, nonconformity.corrective_action = "Thiếu theo dõi", \
            "Theo dõi hạn trên phần mềm"
        nonconformity.responsible, nonconformity.action_due_date = "a-staff", date(YEAR, 1, 1)
        login(self.portal, "a-head")
        hand_over(nonconformity, "analyse")
        login(self.portal, "a-leader")
        api.content.transition(obj=nonconformity, transition="approve")
        login(self.portal, "a-secretary")
        plan = create_plan(self.section, year=YEAR)
        logout()
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(plan.absolute_url())
        self.assertIn("Kế hoạch chưa có hoạt động nào.", page.contents)
        # a GET, or a POST without the token, changes nothing
        page.open(plan.absolute_url() + "/@@improvement-plan-feed")
        self.assertEqual(page.headers["status"], "403 Forbidden")
        page.post(plan.absolute_url() + "/@@improvement-plan-feed", "")
        self.assertEqual(page.headers["status"], "403 Forbidden")
        transaction.begin()
        self.assertEqual(plan.actions, [])
        page.open(plan.absolute_url())
        page.getForm(id="eiso-plan-feed").submit()
        self.assertIn("Đã thêm 2 hoạt động", page.contents)
        for text in (proposal.code, nonconformity.code, "Trưởng Phòng A", "Nhân Viên A",
                     f"31/12/{YEAR}", "Theo dõi hạn trên phần mềm", "Đề xuất cải tiến",
                     "Sự không phù hợp", "Chưa thực hiện"):
            self.assertIn(text, page.contents)
        # the nonconformity's action was due on 1 January: overdue (unless today is 1/1)
        if date.today() > date(YEAR, 1, 1):
            self.assertIn("eiso-badge-overdue", page.contents)
        page.getLink(proposal.code).click()
        self.assertEqual(page.url, proposal.absolute_url())
        self.assertIn("Trong kế hoạch cải tiến", page.contents)
        page.open(plan.absolute_url())
        page.getForm(id="eiso-plan-feed").submit()
        self.assertIn("Không còn đề xuất được chấp nhận hay sự không phù hợp nào", page.contents)
        transaction.begin()
        self.assertEqual(len(plan.actions), 2)
        page.open(plan.absolute_url() + "/@@print")
        self.assertIn(self.agency.Title(), page.contents)
        self.assertIn(f"Kế hoạch cải tiến liên tục năm {YEAR}", page.contents)
        self.assertIn(proposal.code, page.contents)
        self.assertIn("window.print()", page.contents)
        # others may neither fill it nor see the button
        staff = browser(self.app, "a-staff")
        staff.open(plan.absolute_url())  # a draft plan is not the members' yet
        self.assertIn("insufficient-privileges", staff.url)
        self.assertNotIn(plan.code, staff.contents)
        leader = browser(self.app, "a-leader")
        leader.open(plan.absolute_url())
        self.assertNotIn("eiso-plan-feed", leader.contents)


class TestRest(ImprovementPagesTestCase):
    def test_proposals_and_plans_through_rest(self):
        staff = self.rest("a-staff")
        body = {"@type": "ImprovementProposal", "title": "Số hóa hồ sơ",
                "description": "Tra cứu chậm", "proposal": "Scan hồ sơ",
                "department": "phong-cntt", "iso_clauses": ["7.5.3"]}
        response = staff.post("/co-quan-a/cai-tien", json=body)
        self.assertEqual(response.status_code, 201, response.text)
        path = response.json()["@id"][len(self.portal.absolute_url()):]
        response = staff.get(path)
        self.assertEqual(response.json()["proposal"], "Scan hồ sơ")
        response = staff.post("/co-quan-a/cai-tien", json=dict(body, proposal="  "))
        self.assertEqual(response.status_code, 400, response.text)
        self.assertEqual(staff.post(path + "/@workflow/submit", json={}).status_code, 200)
        leader = self.rest("a-leader")
        response = leader.post(path + "/@workflow/reject", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Cần ghi lý do không chấp nhận", response.json()["error"]["message"])
        self.assertEqual(leader.post(path + "/@workflow/approve", json={}).status_code, 200)
        transaction.begin()
        code = self.portal.unrestrictedTraverse(path.strip("/")).code
        # the plan: staff may not add one; the secretary may, with checked rows
        plan = {"@type": "ImprovementPlan", "year": YEAR, "actions": [
            {"action": "Số hóa hồ sơ", "source": "proposal", "source_ref": code,
             "owner": "a-head", "deadline": f"{YEAR}-09-30", "status": "not_started"}]}
        self.assertIn(staff.post("/co-quan-a/cai-tien", json=plan).status_code, (401, 403))
        secretary = self.rest("a-secretary")
        bad = dict(plan, actions=[dict(plan["actions"][0], owner=None)])
        response = secretary.post("/co-quan-a/cai-tien", json=bad)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Hoạt động 1: cần nhập Người thực hiện.", response.json()["message"])
        bad = dict(plan, actions=[dict(plan["actions"][0], deadline=f"{YEAR - 1}-10-01")])
        response = secretary.post("/co-quan-a/cai-tien", json=bad)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("trước năm của kế hoạch", response.json()["message"])
        response = secretary.post("/co-quan-a/cai-tien", json=plan)
        self.assertEqual(response.status_code, 201, response.text)
        plan_path = response.json()["@id"][len(self.portal.absolute_url()):]
        response = secretary.get(plan_path)
        self.assertEqual(response.json()["title"], f"Kế hoạch cải tiến liên tục năm {YEAR}")
        self.assertEqual(response.json()["actions"][0]["owner"], "a-head")
        self.assertEqual(secretary.post(plan_path + "/@workflow/submit", json={}).status_code,
                         200)
        self.assertEqual(leader.post(plan_path + "/@workflow/approve", json={}).status_code, 200)
        self.assertEqual(leader.post(plan_path + "/@workflow/apply", json={}).status_code, 200)
        self.assertEqual(staff.get(path).json()["review_state"], "planned")
        # agency B sees neither
        other = self.rest("b-staff")
        for item in (path, plan_path):
            self.assertIn(other.get(item).status_code, (401, 403, 404))


class TestResults(ImprovementPagesTestCase):
    def applied_plan(self):
        login(self.portal, "a-secretary")
        rows = [dict(action=action, source="other", source_ref=None, owner="a-head",
                     deadline=date(YEAR, 12, 31), result=None, status="not_started")
                for action in ("Số hóa hồ sơ lưu trữ", "Khảo sát mức độ hài lòng")]
        plan = create_plan(self.section, year=YEAR, actions=rows)
        hand_over(plan, "submit")
        login(self.portal, "a-leader")
        hand_over(plan, "approve")
        hand_over(plan, "apply")
        logout()
        transaction.commit()
        return plan

    def test_the_iso_secretary_records_results_on_the_applied_plan(self):
        plan = self.applied_plan()
        url = plan.absolute_url() + "/@@improvement-plan-results"
        page = browser(self.app, "a-secretary")
        page.open(plan.absolute_url())
        page.getLink("Cập nhật kết quả thực hiện").click()
        self.assertEqual(page.url, url)
        page.getControl(name="status_1").value = ["done"]
        page.getControl(name="status_2").value = ["in_progress"]
        page.getControl(name="result_2").value = "Đã in mã QR"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Cần ghi kết quả của hoạt động đã hoàn thành.", page.contents)
        transaction.begin()
        self.assertEqual([row["status"] for row in plan.actions], ["not_started"] * 2)
        page.getControl(name="result_1").value = "Đã scan 1.200 hộp hồ sơ"
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.url, plan.absolute_url())
        self.assertIn("Đã scan 1.200 hộp hồ sơ", page.contents)
        self.assertIn("Đã hoàn thành", page.contents)
        transaction.begin()
        self.assertEqual([(row["status"], row["result"]) for row in plan.actions],
                         [("done", "Đã scan 1.200 hộp hồ sơ"), ("in_progress", "Đã in mã QR")])
        self.assertEqual(plan.actions[0]["owner"], "a-head")  # the rest stays as approved
        # a status outside the list is refused, without a traceback
        page.open(url)
        form = [("_authenticator", page.getControl(name="_authenticator").value),
                ("form.buttons.save", "1"), ("status_1", "finished"), ("result_1", "x"),
                ("status_2", "in_progress"), ("result_2", "")]
        page.post(url, urlencode(form))
        self.assertIn("Hãy chọn tình trạng của hoạt động.", page.contents)
        # without the token, nothing is saved
        page.post(url, urlencode(form[1:]))
        self.assertEqual(page.headers["status"], "403 Forbidden")
        transaction.begin()
        self.assertEqual(plan.actions[0]["status"], "done")

    def test_only_the_secretary_and_only_on_the_applied_plan(self):
        plan = self.applied_plan()
        url = plan.absolute_url() + "/@@improvement-plan-results"
        for user in ("a-staff", "a-head", "a-leader"):
            page = browser(self.app, user)
            page.open(plan.absolute_url())
            self.assertNotIn("eiso-plan-results-link", page.contents)
            page.open(url)
            self.assertIn("insufficient-privileges", page.url, user)
        login(self.portal, "a-secretary")
        draft = create_plan(self.section, year=YEAR, title="Kế hoạch điều chỉnh")
        logout()
        transaction.commit()
        page = browser(self.app, "a-secretary")
        page.open(draft.absolute_url() + "/@@improvement-plan-results")
        self.assertEqual(page.url, draft.absolute_url())
        self.assertIn("Chỉ cập nhật kết quả thực hiện trên kế hoạch đang áp dụng.",
                      page.contents)
