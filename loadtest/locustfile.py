"""Simulated staff of the demo agencies: browse, search, create and approve.

Run through ``make load`` (loadtest/run.py), which sets:

- ``LOADTEST_URLS``: the Zope clients' base URLs, space-separated; users are
  spread over them in turn;
- ``LOADTEST_RECORDS``: the file each write the server acknowledged is appended
  to (one JSON line: action, uid, path, state) — the count check reads it;
- ``LOADTEST_MARKER``: a word put in every created title, so the count check
  finds this run's items.

Three kinds of user, each logged in through the login form (the ``__ac``
cookie, as a browser does) with an account of its own (loadtest/agencies.py):

- ``Secretary`` (IsoSecretary; two per agency with 40 users or more,
  ``agencies.office_holders``): creates a quality policy in *Bối cảnh và lãnh
  đạo* over REST and submits it (``@workflow/submit``) — first thing after
  logging in, then about one task in three; browses in between;
- ``Leader`` (Leader; as many as secretaries): approves the policies submitted
  in the agency (``@workflow/approve``) as soon as there are some; otherwise
  reads the inbox and browses;
- ``Staff`` (role Staff; everyone else, two of three in the Sở Khoa học và Công
  nghệ, one in the Sở Tư pháp): agency home, the ISO inbox (page and REST), a
  controlled document, a section listing, Vietnamese searches (page and REST
  ``@search``).

Secretaries and leaders are spread evenly over the two agencies.

A request fails when its status is not the expected one or the page is not what
the user should see (the login form, no toolbar, a state other than the one the
transition leads to).
"""

from loadtest.agencies import account
from loadtest.agencies import accounts_needed
from loadtest.agencies import agency_of
from loadtest.agencies import AGENCIES
from loadtest.agencies import office_holders
from loadtest.agencies import PASSWORD
from loadtest.agencies import SEARCHES
from locust import between
from locust import events
from locust import HttpUser
from locust import task

import collections
import html
import itertools
import json
import os
import random


URLS = os.environ.get("LOADTEST_URLS", "http://127.0.0.1:55642").split()
RECORDS = os.environ.get("LOADTEST_RECORDS", "writes.jsonl")
TALLY = os.environ.get("LOADTEST_TALLY", "")
MARKER = os.environ.get("LOADTEST_MARKER", "LT")
USERS = int(os.environ.get("LOADTEST_USERS", "50"))
JSON = {"Accept": "application/json", "Content-Type": "application/json"}
SECTIONS = ("to-chuc", "boi-canh", "danh-gia", "tai-lieu", "ho-so", "kiem-soat")

_numbers = itertools.count(1)
_accounts = collections.defaultdict(itertools.count)  # (agency, role) → next account index
_offices = collections.defaultdict(itertools.count)  # role → secretaries / leaders started
_items = itertools.count(1)
# Per agency: the items submitted and not yet picked by a leader (URL, uid).
_submitted = collections.defaultdict(collections.deque)
_records = None


def record(action, uid, path, state):
    """Append one acknowledged write to the records file (gevent: no interleaving)."""
    global _records
    if _records is None:
        _records = open(RECORDS, "a", encoding="utf-8")
    _records.write(json.dumps({"action": action, "uid": uid, "path": path, "state": state},
                              ensure_ascii=False) + "\n")
    _records.flush()


# Every request, counted here too: locust's CSV is a snapshot taken when the run
# time is up, before the users finish their last task (--stop-timeout); this
# tally, written when locust quits, includes those last requests.
_tally = {"requests": 0, "failures": 0, "errors": collections.Counter()}


@events.request.add_listener
def count_request(request_type, name, response_time, response_length, exception=None, **kwargs):
    _tally["requests"] += 1
    if exception is not None:
        _tally["failures"] += 1
        _tally["errors"][f"{request_type} {name}: {str(exception)[:300]}"] += 1


@events.quitting.add_listener
def write_tally(environment, **kwargs):
    if TALLY:
        with open(TALLY, "w", encoding="utf-8") as f:
            json.dump({"requests": _tally["requests"], "failures": _tally["failures"],
                       "errors": dict(_tally["errors"].most_common(50))}, f, ensure_ascii=False)


class EisoUser(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    role = "staff"

    def on_start(self):
        number = next(_numbers)
        self.client.base_url = URLS[number % len(URLS)]
        if self.role == "staff":
            self.agency = agency_of(number)
        else:  # secretaries and leaders: in turn in each agency
            self.agency = AGENCIES[next(_offices[self.role]) % len(AGENCIES)]
        # An account of its own (loadtest/agencies.py, created by loadtest/accounts.py).
        index = next(_accounts[self.agency["key"], self.role]) % accounts_needed(USERS)[self.role]
        self.login = account(self.agency, self.role, index)
        self.documents = []
        self.log_in()
        self.find_documents()

    # -- helpers -----------------------------------------------------------

    def log_in(self):
        with self.client.post(
            "/Plone/login",
            data={"__ac_name": self.login, "__ac_password": PASSWORD,
                  "buttons.login": "Đăng nhập", "came_from": ""},
            name="login form", catch_response=True, allow_redirects=False,
        ) as response:
            if "__ac" not in self.client.cookies:
                response.failure(f"{self.login}: no __ac cookie after the login form (HTTP {response.status_code})")
            elif response.status_code not in (200, 302, 303):
                response.failure(f"{self.login}: login answered HTTP {response.status_code}")
            else:
                response.success()

    def page(self, path, name, expect=None, params=None):
        """GET an HTML page as the logged-in user; it must show the toolbar (and ``expect``)."""
        with self.client.get(path, params=params, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return
            text = html.unescape(response.text)
            if 'id="edit-zone"' not in text:
                response.failure(f"{self.login}: no toolbar: not logged in")
            elif expect and expect not in text:
                response.failure(f"{expect!r} not in the page")
            else:
                response.success()

    def rest_get(self, path, name, params=None, require=None):
        """GET a REST service; the answer must be JSON (with the key ``require``)."""
        with self.client.get(path, params=params, headers=JSON, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:200]}")
                return None
            try:
                data = response.json()
            except ValueError:
                response.failure("not JSON")
                return None
            if require and require not in data:
                response.failure(f"no {require!r} in the answer")
                return None
            response.success()
            return data

    def find_documents(self):
        data = self.rest_get(f"{self.agency['path']}/@search", "REST GET @search (controlled documents)",
                             {"portal_type": "ControlledDocument", "b_size": 50})
        if data:
            self.documents = [item["@id"] for item in data.get("items", [])]

    # -- reading -----------------------------------------------------------

    @task(3)
    def agency_home(self):
        self.page(self.agency["path"], "page: agency home", "eiso-section-")

    @task(2)
    def inbox_page(self):
        self.page(f"{self.agency['path']}/@@inbox", "page: @@inbox")

    @task(1)
    def inbox_rest(self):
        self.rest_get(f"{self.agency['path']}/@inbox", "REST GET @inbox", {"tab": "waiting"})

    @task(3)
    def document(self):
        if not self.documents:
            return self.agency_home()
        self.page(random.choice(self.documents), "page: controlled document")

    @task(2)
    def section_listing(self):
        self.page(f"{self.agency['path']}/{random.choice(SECTIONS)}", "page: section listing")

    @task(2)
    def search_page(self):
        self.page("/Plone/@@search", "page: @@search (Vietnamese)",
                  params={"SearchableText": random.choice(SEARCHES)})

    @task(2)
    def search_rest(self):
        self.rest_get(f"{self.agency['path']}/@search", "REST GET @search (Vietnamese)",
                      {"SearchableText": random.choice(SEARCHES), "metadata_fields": "review_state"},
                      require="items_total")


class Staff(EisoUser):
    weight = 6


class Secretary(EisoUser):
    """The ISO secretary: drafts quality policies and submits them to the leaders."""

    fixed_count = office_holders(USERS)
    role = "secretary"

    def on_start(self):
        super().on_start()
        # She logged in to draft a policy: the first thing she does.
        self.create_and_submit()

    @task(8)
    def create_and_submit(self):
        number = next(_items)
        title = f"Chính sách chất lượng — tải thử {MARKER} số {number}"
        body = {
            "@type": "QualityPolicy", "title": title, "year": 2027,
            "motto": "Phục vụ người dân và doanh nghiệp",
            "statements": ["Giải quyết thủ tục hành chính đúng hạn", f"Mục tiêu số {number}"],
        }
        section = f"{self.agency['path']}/boi-canh"
        with self.client.post(section, data=json.dumps(body), headers=JSON,
                              name="REST POST create QualityPolicy", catch_response=True) as response:
            if response.status_code != 201:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                return
            data = response.json()
            if data.get("title") != title or data.get("review_state") != "draft":
                response.failure(f"unexpected answer: {data.get('title')!r}, {data.get('review_state')!r}")
                return
            response.success()
        url, uid = data["@id"], data["UID"]
        path = url.split("/Plone", 1)[1] if "/Plone" in url else url
        record("create", uid, path, "draft")
        with self.client.post(f"{url}/@workflow/submit", data=json.dumps({"comment": "Kính trình"}),
                              headers=JSON, name="REST POST @workflow/submit", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                return
            state = response.json().get("review_state")
            if state != "pending":
                response.failure(f"submit led to {state!r}, not 'pending'")
                return
            response.success()
        record("submit", uid, path, "pending")
        _submitted[self.agency["path"]].append((url, uid, path))


class Leader(EisoUser):
    """The leader: approves what the secretary submitted."""

    fixed_count = office_holders(USERS)
    role = "leader"

    @task(15)
    def approve(self):
        queue = _submitted[self.agency["path"]]
        if not queue:
            return self.inbox_rest()
        url, uid, path = queue.popleft()
        with self.client.post(f"{url}/@workflow/approve", data=json.dumps({"comment": "Đồng ý"}),
                              headers=JSON, name="REST POST @workflow/approve", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}: {response.text[:300]}")
                return
            state = response.json().get("review_state")
            if state != "approved":
                response.failure(f"approve led to {state!r}, not 'approved'")
                return
            response.success()
        record("approve", uid, path, "approved")
