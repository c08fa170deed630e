"""Records through the pages and REST, as users do it: the records officer adds a
record with several files through the add form, members borrow through REST and
the forms, refusals come back in Vietnamese and change nothing."""

from datetime import date
from datetime import timedelta
from eiso.cases.handover import hand_over
from eiso.testing import browser
from eiso.testing import EISO_FUNCTIONAL_TESTING
from eiso.testing import RestSession
from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.namedfile.file import NamedBlobFile
from z3c.relationfield import RelationValue
from zope.component import getUtility
from zope.intid.interfaces import IIntIds

import io
import re
import transaction
import unittest




class RecordsFunctionalTestCase(unittest.TestCase):
    layer = EISO_FUNCTIONAL_TESTING

    def setUp(self):
        self.portal = self.layer["portal"]
        self.app = self.layer["app"]
        self.section = self.portal["co-quan-a"]["ho-so"]

    def create_record(self, code, title, year=2015, retention_years=5, section=None,
                      user="a-records"):
        login(self.portal, user)
        record = api.content.create(
            container=section or self.section, type="Record", code=code, title=title,
            record_kind="iso", department="van-phong", year=year,
            retention_years=retention_years, storage_location="Tủ 3", medium="paper",
            files=[NamedBlobFile(data=b"%PDF-1.4", filename=f"{code}.pdf",
                                 contentType="application/pdf")])
        logout()
        return record

    def borrow(self, record, user="a-staff"):
        login(self.portal, user)
        request = api.content.create(
            container=self.section, type="BorrowRequest", title="Mượn hồ sơ",
            records=[RelationValue(getUtility(IIntIds).getId(record))], purpose="Kiểm tra",
            borrow_date=date.today(), return_date=date.today() + timedelta(days=5))
        logout()
        return request

    def act(self, user, item, transition, **kwargs):
        login(self.portal, user)
        hand_over(item, transition, **kwargs)
        logout()

    def rest(self, user):
        session = RestSession(self.portal, user)
        self.addCleanup(session.close)
        return session

    def path(self, item):
        return "/" + "/".join(item.getPhysicalPath()[len(self.portal.getPhysicalPath()):])


class TestRecordForms(RecordsFunctionalTestCase):
    def test_the_records_officer_adds_a_record_with_several_files(self):
        page = browser(self.app, "a-records")
        page.open(self.section.absolute_url())
        page.getLink(id="eiso-add-Record").click()
        page.getControl(name="form.widgets.code").value = "HS-VP-2026-01"
        page.getControl(name="form.widgets.title").value = "Hồ sơ họp giao ban tuần"
        page.getControl(name="form.widgets.record_kind:list").value = ["work"]
        page.getControl(name="form.widgets.department:list").value = ["van-phong"]
        page.getControl(name="form.widgets.year").value = "2020"
        page.getControl(name="form.widgets.retention_years").value = "0"
        page.getControl(name="form.widgets.medium:list").value = ["both"]
        page.getControl(name="form.widgets.iso_clauses:list").value = ["7.5.3", "9.3"]
        page.getControl(name="form.widgets.files.buttons.add").click()
        page.getControl(name="form.widgets.files.buttons.add").click()
        page.getControl(name="form.widgets.files.0").add_file(
            io.BytesIO(b"%PDF-1.4 bien ban"), "application/pdf", "bien-ban.pdf")
        page.getControl(name="form.widgets.files.1").add_file(
            io.BytesIO(b"PK docx"), "application/vnd.openxmlformats-officedocument."
            "wordprocessingml.document", "ket-luan.docx")
        page.getControl(name="form.buttons.save").click()
        self.assertEqual(page.headers["status"], "200 OK")
        transaction.begin()
        record = self.section["ho-so-hop-giao-ban-tuan"]
        self.assertEqual([f.filename for f in record.files], ["bien-ban.pdf", "ket-luan.docx"])
        self.assertIsNone(record.disposal_due)
        self.assertIn("Vĩnh viễn", page.contents)
        self.assertIn("7.5.3 Kiểm soát thông tin dạng văn bản", page.contents)
        # editing without touching the files keeps them
        page.open(record.absolute_url() + "/edit")
        page.getControl(name="form.widgets.storage_location").value = "Kho lưu trữ, tủ 2"
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Đã lưu các thay đổi", page.contents)
        transaction.begin()
        self.assertEqual(len(record.files), 2)
        self.assertEqual(record.storage_location, "Kho lưu trữ, tủ 2")
        # a member of the agency reads the files, another agency does not
        staff = browser(self.app, "a-staff")
        staff.open(record.absolute_url() + "/@@record-file/1")
        self.assertEqual(staff.contents, b"PK docx")
        other = browser(self.app, "b-staff")
        other.open(record.absolute_url() + "/@@record-file/0")
        self.assertNotIn(b"%PDF", other.contents if isinstance(other.contents, bytes)
                         else other.contents.encode())
        self.assertRegex(other.url, "require_login|insufficient-privileges")
        other.open(self.section.absolute_url())
        self.assertRegex(other.url, "require_login|insufficient-privileges")

    def test_the_listing_filters_and_shows_who_borrowed(self):
        first = self.create_record("HS-01", "Sổ theo dõi công văn đến", year=2019)
        self.create_record("HS-02", "Hồ sơ đánh giá nội bộ", year=2021)
        request = self.borrow(first)
        self.act("a-leader", request, "approve")
        self.act("a-records", request, "lend")
        transaction.commit()
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url())
        table = page.contents[page.contents.index('id="eiso-records"'):]
        self.assertIn("Sổ theo dõi công văn đến", table)
        self.assertIn("Đang cho Nhân Viên A mượn đến ngày", table)
        self.assertIn("Đang lưu trữ", table)
        self.assertIn("5 năm", table)
        self.assertNotIn("eiso-disposal-due-link", page.contents)  # staff do not propose
        page.open(self.section.absolute_url() + "?year=2021")
        table = page.contents[page.contents.index('id="eiso-records"'):]
        self.assertIn("HS-02", table)
        self.assertNotIn("HS-01", table)
        # the record tells who has it, until when, and its history
        page.open(first.absolute_url())
        self.assertIn("eiso-record-lent", page.contents)
        self.assertIn(request.code, page.contents)

    def test_a_member_asks_to_borrow_through_the_add_form(self):
        record = self.create_record("HS-01", "Sổ theo dõi công văn đến")
        transaction.commit()
        page = browser(self.app, "a-staff")
        page.open(self.section.absolute_url())
        page.getLink(id="eiso-add-BorrowRequest").click()
        page.getControl(name="form.widgets.records").value = record.UID()
        page.getControl(name="form.widgets.purpose").value = "Phục vụ thanh tra"
        page.getControl(name="form.widgets.borrow_date").value = date.today().isoformat()
        page.getControl(name="form.widgets.return_date").value = (
            date.today() - timedelta(days=1)).isoformat()
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Ngày hẹn trả không được trước ngày mượn.", page.contents)
        transaction.begin()
        self.assertFalse(api.content.find(portal_type="BorrowRequest", unrestricted=True))
        page.getControl(name="form.widgets.return_date").value = (
            date.today() + timedelta(days=7)).isoformat()
        page.getControl(name="form.buttons.save").click()
        self.assertIn("Phục vụ thanh tra", page.contents)
        transaction.begin()
        request = api.content.find(portal_type="BorrowRequest",
                                   unrestricted=True)[0]._unrestrictedGetObject()
        self.assertEqual([r.to_object for r in request.records], [record])
        self.assertEqual(request.Creator(), "a-staff")
        self.assertEqual(request.responsible_users, ["a-leader"])

    def test_lend_refused_on_the_transition_form(self):
        record = self.create_record("HS-01", "Sổ theo dõi công văn đến")
        first = self.borrow(record)
        self.act("a-leader", first, "approve")
        self.act("a-records", first, "lend")
        second = self.borrow(record, user="a-head")
        self.act("a-leader", second, "approve")
        transaction.commit()
        page = browser(self.app, "a-records")
        page.open(second.absolute_url() + "/@@case-transition")
        page.getControl(name="action").value = ["lend"]
        page.getForm(id="eiso-case-transition").submit(name="form.save")
        self.assertIn("đã được cho mượn", page.contents)
        self.assertIn(first.code, page.contents)
        transaction.begin()
        self.assertEqual(api.content.get_state(second), "approved")

    def test_the_due_list_proposes_the_ticked_records(self):
        due = self.create_record("HS-01", "Sổ công văn 2015", year=2015)
        self.create_record("HS-02", "Sổ công văn năm nay", year=date.today().year)
        transaction.commit()
        staff = browser(self.app, "a-staff")
        staff.open(self.section.absolute_url() + "/@@disposal-due")
        self.assertNotIn("Sổ công văn 2015", staff.contents)  # not for them
        page = browser(self.app, "a-records")
        page.open(self.section.absolute_url())
        page.getLink(id="eiso-disposal-due-link").click()
        self.assertIn("Sổ công văn 2015", page.contents)
        self.assertNotIn("Sổ công văn năm nay", page.contents)
        page.getControl(name="form.create").click()  # nothing ticked
        self.assertIn("Hãy đánh dấu các hồ sơ cần hủy", page.contents)
        page.getControl(name="uids:list").value = [due.UID()]
        page.getControl(name="form.create").click()
        self.assertIn("Đã lập đề nghị hủy hồ sơ", page.contents)
        transaction.begin()
        proposal = api.content.find(context=self.section, portal_type="DisposalProposal",
                                    unrestricted=True)[0]._unrestrictedGetObject()
        self.assertEqual([r.to_object for r in proposal.records], [due])
        page.open(self.section.absolute_url() + "/@@disposal-due")
        self.assertIn("Không có hồ sơ nào đến hạn hủy", page.contents)


class TestRecordsRest(RecordsFunctionalTestCase):
    def test_borrowing_through_rest(self):
        record = self.create_record("HS-01", "Sổ theo dõi công văn đến")
        other = self.create_record("B-01", "Hồ sơ của huyện", user="b-admin",
                                   section=self.portal["co-quan-b"]["ho-so"])
        transaction.commit()
        staff = self.rest("a-staff")
        url = self.path(self.section)
        body = {"@type": "BorrowRequest", "title": "Mượn sổ công văn",
                "records": [record.UID()], "purpose": "Tra cứu",
                "borrow_date": date.today().isoformat(),
                "return_date": (date.today() - timedelta(days=1)).isoformat()}
        response = staff.post(url, json=body)
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Ngày hẹn trả không được trước ngày mượn", response.json()["message"])
        response = staff.post(url, json=dict(body, records=[other.UID()],
                                             return_date=date.today().isoformat()))
        self.assertEqual(response.status_code, 400, response.text)
        response = staff.post(url, json=dict(body, return_date=(date.today() + timedelta(days=3)).isoformat()))
        self.assertEqual(response.status_code, 201, response.text)
        first = response.json()["@id"][len(self.portal.absolute_url()):]
        leader = self.rest("a-leader")
        self.assertEqual(leader.post(first + "/@workflow/approve", json={}).status_code, 200)
        records_officer = self.rest("a-records")
        response = records_officer.post(first + "/@workflow/lend", json={})
        self.assertEqual(response.status_code, 200, response.text)
        # a second request for the same record: approved, but not lent
        response = self.rest("a-head").post(url, json=dict(
            body, return_date=(date.today() + timedelta(days=3)).isoformat()))
        second = response.json()["@id"][len(self.portal.absolute_url()):]
        leader.post(second + "/@workflow/approve", json={})
        response = records_officer.post(second + "/@workflow/lend", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("đã được cho mượn", response.json()["error"]["message"])
        transaction.begin()
        self.assertEqual(api.content.get_state(self.portal.unrestrictedTraverse(
            self.portal.getPhysicalPath() + tuple(second.strip("/").split("/")))), "approved")
        # the other agency sees nothing of it
        response = self.rest("b-staff").get(first)
        self.assertIn(response.status_code, (401, 403, 404))

    def test_execute_through_rest_needs_the_minutes(self):
        record = self.create_record("HS-01", "Sổ công văn 2015")
        login(self.portal, "a-records")
        proposal = api.content.create(
            container=self.section, type="DisposalProposal", title="Hủy hồ sơ 2015",
            records=[RelationValue(getUtility(IIntIds).getId(record))], reason="Hết hạn")
        hand_over(proposal, "submit")
        login(self.portal, "a-leader")
        hand_over(proposal, "approve")
        logout()
        transaction.commit()
        officer = self.rest("a-records")
        response = officer.post(self.path(proposal) + "/@workflow/execute", json={})
        self.assertEqual(response.status_code, 400, response.text)
        self.assertIn("Biên bản hủy", response.json()["error"]["message"])
        transaction.begin()
        self.assertEqual(api.content.get_state(record), "active")
        self.assertEqual(len(record.files), 1)
        # the records and the reason are frozen after drafting; the minutes are not
        response = officer.patch(self.path(proposal), json={"reason": "Khác"})
        transaction.begin()
        self.assertEqual(proposal.reason, "Hết hạn")
        response = officer.patch(self.path(proposal), json={"minutes": {
            "data": "JVBERi0xLjQ=", "encoding": "base64", "filename": "bien-ban-huy.pdf",
            "content-type": "application/pdf"}})
        self.assertEqual(response.status_code, 204, response.text)
        response = officer.post(self.path(proposal) + "/@workflow/execute", json={})
        self.assertEqual(response.status_code, 200, response.text)
        transaction.begin()
        self.assertEqual(api.content.get_state(record), "destroyed")
        self.assertEqual(record.files, [])
        self.assertEqual(proposal.minutes.filename, "bien-ban-huy.pdf")


class TestOverdueInTheInbox(RecordsFunctionalTestCase):
    def test_an_overdue_borrowing_is_quá_hạn_in_the_records_officers_inbox(self):
        record = self.create_record("HS-01", "Sổ theo dõi công văn đến")
        request = self.borrow(record)
        self.act("a-leader", request, "approve")
        self.act("a-records", request, "lend")
        request.return_date = request.due_date = date.today() - timedelta(days=3)
        request.reindexObject()
        transaction.commit()
        page = browser(self.app, "a-records")
        page.open(self.portal.absolute_url() + "/@@inbox")
        row = re.search(r'<tr[^>]*eiso-inbox-overdue[^>]*>.*?</tr>', page.contents, re.S)
        self.assertIsNotNone(row)
        self.assertIn(request.code, row.group(0))
        self.assertIn("Quá hạn", row.group(0))
