"""The transition form "Chuyển hồ sơ" and the same hand-over through REST."""

from datetime import date
from datetime import timedelta
from eiso.cases.steps import CaseSteps
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from eiso.workingdays import add_working_days
from plone import api
from plone.app.testing import login
from plone.app.testing import logout

import re
import requests
import transaction
import unittest


class TransitionTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.app = self.layer["app"]
        self.portal = self.layer["portal"]
        login(self.portal, "a-secretary")
        self.policy = api.content.create(
            container=self.portal["co-quan-a"]["boi-canh"], type="QualityPolicy",
            id="chinh-sach-2026", title="Chính sách chất lượng 2026", year=2026,
            motto="Không ngừng nâng cao chất lượng", statements=["Phục vụ người dân"],
        )
        logout()
        transaction.commit()
        self.url = self.policy.absolute_url()

    def fresh(self):
        transaction.begin()
        return self.portal["co-quan-a"]["boi-canh"]["chinh-sach-2026"]

    def state(self):
        return api.content.get_state(self.fresh())


class TestTransitionForm(TransitionTestCase):
    def post_with_files(self, user, fields, files):
        """Submit the form like a browser does with several files (testbrowser cannot)."""
        b = self.open_form(user)
        token = re.search(r'name="_authenticator" value="([^"]+)"', b.contents).group(1)
        data = dict(fields, _authenticator=token)
        data.setdefault("form.save", "1")
        response = requests.post(
            self.url + "/@@case-transition", data=data, auth=(user, "secret123"),
            files=[("files:list", (name, content, kind)) for name, content, kind in files],
            headers={"Accept-Language": "vi"},
        )
        transaction.begin()
        return response

    def open_form(self, user):
        b = browser(self.app, user)
        b.open(self.url + "/@@case-transition")
        return b

    def test_secretary_submits_with_defaults(self):
        b = self.open_form("a-secretary")
        self.assertIn("Chuyển hồ sơ", b.contents)
        self.assertIn("Chưa chuyển (chỉ lưu thông tin, không gửi đi)", b.contents)
        self.assertIn("Trình duyệt", b.contents)
        self.assertIn("Lãnh đạo phê duyệt", b.contents)  # the next step
        form = b.getForm(id="eiso-case-transition")
        self.assertEqual(form.getControl(name="action").value, ["submit"])
        self.assertEqual(form.getControl(name="handlers:list").value, ["a-leader"])
        self.assertEqual(form.getControl(name="due_date").value,
                         add_working_days(date.today(), 3).isoformat())
        response = self.post_with_files("a-secretary", {
            "action": "submit", "handlers:list": "a-leader",
            "due_date": form.getControl(name="due_date").value,
            "comment": "Kính trình lãnh đạo xem xét",
        }, [("du-thao.pdf", b"%PDF-1.4 du thao", "application/pdf"),
            ("to-trinh.docx", b"PK docx", "application/vnd.openxmlformats")])
        self.assertEqual(response.url, self.url)
        self.assertIn("Đã chuyển hồ sơ", response.text)
        policy = self.fresh()
        self.assertEqual(api.content.get_state(policy), "pending")
        self.assertEqual(policy.responsible_users, ["a-leader"])
        first = list(CaseSteps(policy))[0]
        self.assertEqual(first["comment"], "Kính trình lãnh đạo xem xét")
        self.assertEqual([f.filename for f in first["files"]], ["du-thao.pdf", "to-trinh.docx"])

    def test_leader_sees_the_decisions_of_seed_002(self):
        self.test_secretary_submits_with_defaults()
        b = self.open_form("a-leader")
        for label in ("Chưa chuyển", "Bổ sung", "Không duyệt", "Duyệt"):
            self.assertIn(label, b.contents)
        form = b.getForm(id="eiso-case-transition")
        form.getControl(name="action").value = ["approve"]
        form.getControl(name="handlers:list").value = ["a-secretary"]
        form.getControl(name="form.save").click()
        self.assertEqual(self.state(), "approved")
        self.assertEqual(self.fresh().responsible_users, ["a-secretary"])

    def test_bad_input_shows_vietnamese_errors_and_changes_nothing(self):
        b = self.open_form("a-secretary")
        form = b.getForm(id="eiso-case-transition")
        form.getControl(name="due_date").value = (date.today() - timedelta(days=2)).isoformat()
        form.getControl(name="comment").value = "Giữ nguyên ý kiến"
        form.getControl(name="form.save").click()
        self.assertIn("Hạn xử lý không được là một ngày đã qua.", b.contents)
        self.assertIn("Giữ nguyên ý kiến", b.contents)  # nothing typed is lost
        self.assertEqual(self.state(), "draft")
        self.assertEqual(len(CaseSteps(self.fresh())), 1)

        form = b.getForm(id="eiso-case-transition")
        form.getControl(name="due_date").value = ""
        form.getControl(name="handlers:list").value = ["a-staff"]
        form.getControl(name="form.save").click()
        self.assertIn("cần vai trò Lãnh đạo", b.contents)
        self.assertEqual(self.state(), "draft")

        response = self.post_with_files(
            "a-secretary", {"action": "submit", "comment": "Có tệp lạ"},
            [("bien-ban.pdf", b"%PDF", "application/pdf"),
             ("virus.exe", b"MZ", "application/octet-stream")])
        self.assertIn("virus.exe", response.text)
        self.assertIn("không được chấp nhận", response.text)
        self.assertIn("Có tệp lạ", response.text)
        self.assertEqual(self.state(), "draft")
        self.assertEqual(list(CaseSteps(self.fresh()))[0]["files"], [])

        form = b.getForm(id="eiso-case-transition")
        form.getControl(name="due_date").value = "ngày mai"
        form.getControl(name="form.save").click()
        self.assertEqual(b.headers["status"], "200 OK")
        self.assertEqual(self.state(), "draft")

    def test_save_only_keeps_the_step(self):
        b = self.open_form("a-secretary")
        form = b.getForm(id="eiso-case-transition")
        form.getControl(name="action").value = ["__save__"]
        form.getControl(name="comment").value = "Đang lấy ý kiến các phòng"
        form.getControl(name="form.save").click()
        self.assertEqual(self.state(), "draft")
        self.assertEqual(list(CaseSteps(self.fresh()))[0]["notes"][0]["comment"],
                         "Đang lấy ý kiến các phòng")

    def test_who_may_not_act_is_sent_back(self):
        b = self.open_form("a-leader")  # the case still waits for the secretary
        self.assertNotIn("eiso-case-transition", b.contents)
        self.assertIn("Bạn không thể xử lý hồ sơ này ở bước hiện tại.", b.contents)
        b = self.open_form("b-leader")
        self.assertNotIn("eiso-case-transition", b.contents)

    def test_post_without_csrf_token_is_refused(self):
        b = browser(self.app, "a-secretary")
        b.post(self.url + "/@@case-transition", "action=submit&comment=x")
        self.assertEqual(self.state(), "draft")


class TestRest(TransitionTestCase):
    def test_workflow_transition_uses_the_defaults(self):
        rest = RestSession(self.portal, "a-secretary")
        response = rest.post("/co-quan-a/boi-canh/chinh-sach-2026/@workflow/submit",
                             json={"comment": "Trình qua REST"})
        self.assertEqual(response.status_code, 200, response.text)
        policy = self.fresh()
        self.assertEqual(policy.responsible_users, ["a-leader"])
        self.assertEqual(policy.due_date, add_working_days(date.today(), 3))
        self.assertEqual(list(CaseSteps(policy))[0]["comment"], "Trình qua REST")

    def test_patch_the_assignment_then_transition(self):
        due = add_working_days(date.today(), 7)
        rest = RestSession(self.portal, "a-secretary")
        response = rest.patch("/co-quan-a/boi-canh/chinh-sach-2026", json={
            "responsible_users": ["a-leader"], "responsible_department": "phong-cntt",
            "due_date": due.isoformat(),
        })
        self.assertEqual(response.status_code, 204, response.text)
        rest.post("/co-quan-a/boi-canh/chinh-sach-2026/@workflow/submit", json={})
        policy = self.fresh()
        self.assertEqual(api.content.get_state(policy), "pending")
        self.assertEqual(policy.responsible_department, "phong-cntt")
        self.assertEqual(policy.due_date, due)
        leader = RestSession(self.portal, "a-leader")
        response = leader.patch("/co-quan-a/boi-canh/chinh-sach-2026",
                                json={"responsible_users": ["a-documents"]})
        self.assertEqual(response.status_code, 204, response.text)
        leader.post("/co-quan-a/boi-canh/chinh-sach-2026/@workflow/approve", json={})
        policy = self.fresh()
        self.assertEqual(policy.responsible_users, ["a-documents"])
        self.assertEqual(sorted(p for p, r in policy.get_local_roles() if "CaseHandler" in r),
                         ["a-documents"])
        item = leader.get("/co-quan-a/boi-canh/chinh-sach-2026").json()
        self.assertEqual(item["review_state"], "approved")
        self.assertEqual([u["token"] for u in item["responsible_users"]], ["a-documents"])

    def test_patch_rejects_bad_assignment(self):
        rest = RestSession(self.portal, "a-secretary")
        response = rest.patch("/co-quan-a/boi-canh/chinh-sach-2026",
                              json={"responsible_users": ["b-leader"]})
        self.assertEqual(response.status_code, 400, repr(response.text[:3000]))
        response = rest.patch("/co-quan-a/boi-canh/chinh-sach-2026",
                              json={"due_date": (date.today() - timedelta(days=1)).isoformat()})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Hạn xử lý không được là một ngày đã qua.", response.json()["message"])
        self.assertEqual(self.fresh().responsible_users, ["a-secretary"])

    def test_staff_cannot_move_the_case(self):
        rest = RestSession(self.portal, "a-staff")
        response = rest.post("/co-quan-a/boi-canh/chinh-sach-2026/@workflow/submit", json={})
        self.assertIn(response.status_code, (401, 403, 404))
        self.assertEqual(self.state(), "draft")
