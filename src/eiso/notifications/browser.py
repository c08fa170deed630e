"""The bell in the header, the ``@@notifications`` page and ``@@notification-open``.

Reading never writes: opening the page leaves everything unread. Marking as
read takes a POST ("Đánh dấu tất cả đã đọc") or a link carrying the CSRF
token (``@@notification-open?id=N&_authenticator=…``), both checked.
"""

from eiso.browser.listing import BatchedListing
from eiso.notifications import storage
from eiso.utils import format_date
from plone import api
from plone.app.layout.viewlets import ViewletBase
from plone.memoize.view import memoize
from plone.protect import CheckAuthenticator
from plone.protect.authenticator import createToken
from Products.Five.browser import BrowserView
from urllib.parse import urlencode
from zExceptions import Forbidden


class NotificationsViewlet(ViewletBase):
    """"Thông báo" with the number of unread notifications, for members only."""

    def update(self):
        super().update()
        self.available = not self.portal_state.anonymous()
        if self.available:
            self.count = storage.unread_count(self.portal_state.member().getId())
            self.url = f"{self.portal_state.portal_url()}/@@notifications"

    def render(self):
        return self.index() if self.available else ""


class NotificationsView(BatchedListing, BrowserView):
    page_size = 20

    def __call__(self):
        self.user_id = api.user.get_current().getId()
        if self.request.method == "POST":
            CheckAuthenticator(self.request)
            if self.request.form.get("action") != "mark-all-read":
                raise Forbidden("Unknown action")
            storage.mark_read(self.user_id)
            self.request.response.redirect(self.page_url())
            return ""
        return self.index()

    def unread_only(self):
        return bool(self.request.form.get("unread"))

    def page_url(self, **params):
        url = f"{api.portal.get().absolute_url()}/@@notifications"
        params = {key: value for key, value in params.items() if value}
        return f"{url}?{urlencode(params)}" if params else url

    def unread_count(self):
        return storage.unread_count(self.user_id)

    def items(self):
        return storage.entries(self.user_id, unread_only=self.unread_only())

    @memoize
    def _open_base(self):
        return f"{api.portal.get().absolute_url()}/@@notification-open"

    @memoize
    def _token(self):
        return createToken()

    def open_url(self, entry):
        """Marks the entry read on the way (the token makes it a deliberate click)."""
        query = urlencode({"id": entry["id"], "_authenticator": self._token()})
        return f"{self._open_base()}?{query}"

    @staticmethod
    def time(entry):
        return format_date(entry["time"], with_time=True)


class NotificationOpenView(BrowserView):
    """Mark one notification read and go to what it is about.

    Without a valid token nothing is marked, the user just goes there.
    """

    def __call__(self):
        user_id = api.user.get_current().getId()
        try:
            entry = storage.get(user_id, int(self.request.form.get("id", "")))
        except (TypeError, ValueError):
            entry = None
        if entry is None:
            self.request.response.redirect(f"{api.portal.get().absolute_url()}/@@notifications")
            return ""
        if not entry["read"]:
            try:
                CheckAuthenticator(self.request)
            except Forbidden:
                pass
            else:
                storage.mark_read(user_id, [entry["id"]])
        self.request.response.redirect(entry["url"] or api.portal.get().absolute_url())
        return ""
