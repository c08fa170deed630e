"""A pause after too many failed logins: a PAS authentication plugin.

Plone 6.2 has no lockout of its own. ``eiso_login_limit`` sits first among the
site's authentication plugins and sees every login name and password the site is
given — the login form, HTTP basic authentication (REST clients), ``@login`` —
never the session cookie or a JWT token, which carry no password. It checks the
password with the plugins after it (the site's users) and counts the failures per
login name and client address:

* after ``eiso.login_max_attempts`` failures within ``eiso.login_lock_minutes``
  minutes the pair is paused: its logins are refused, right password or not, until
  the oldest failure is that old; the login form says so in Vietnamese and responses
  carry ``Retry-After``;
* a successful login forgets the pair's failures.

The counts live in the memory of each Zope process (no database write on a wrong
password, nothing to clean up): a restart forgets them, and with several Zope
clients behind a load balancer each counts its own.
"""

from AccessControl.class_init import InitializeClass
from eiso import _
from eiso import logger
from Products.PluggableAuthService.interfaces.plugins import IAuthenticationPlugin
from Products.PluggableAuthService.plugins.BasePlugin import BasePlugin
from zope.interface import implementer

import math
import threading
import time


PLUGIN_ID = "eiso_login_limit"
DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_LOCK_MINUTES = 15
# Most pairs kept: past this the oldest are forgotten (a flood of made-up names).
MAX_PAIRS = 10000
COUNTED = "eiso.login_limit.counted"


class FailedLogins:
    """Times of the recent failures, per (login, address), thread-safe."""

    def __init__(self):
        self._lock = threading.Lock()
        self._failures = {}

    def _recent(self, key, window, now):
        times = [t for t in self._failures.get(key, ()) if now - t < window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def wait(self, key, max_attempts, window, now=None):
        """Seconds before ``key`` may try again; 0 when it may now."""
        now = time.time() if now is None else now
        with self._lock:
            times = self._recent(key, window, now)
            if not max_attempts or len(times) < max_attempts:
                return 0
            return max(1, math.ceil(times[-max_attempts] + window - now))

    def failed(self, key, window, now=None):
        now = time.time() if now is None else now
        with self._lock:
            times = self._recent(key, window, now)
            times.append(now)
            self._failures[key] = times
            if len(self._failures) > MAX_PAIRS:
                oldest = sorted(self._failures, key=lambda k: self._failures[k][-1])
                for stale in oldest[: len(self._failures) - MAX_PAIRS]:
                    del self._failures[stale]

    def succeeded(self, key):
        with self._lock:
            self._failures.pop(key, None)

    def clear(self):
        with self._lock:
            self._failures.clear()


FAILED_LOGINS = FailedLogins()


def settings():
    """(max attempts, window in seconds) from the ISO settings."""
    from plone.registry.interfaces import IRegistry
    from zope.component import queryUtility

    registry = queryUtility(IRegistry)
    get = registry.get if registry is not None else (lambda name, default=None: None)
    attempts = get("eiso.login_max_attempts")
    minutes = get("eiso.login_lock_minutes")
    return (DEFAULT_MAX_ATTEMPTS if attempts is None else attempts,
            60 * (minutes or DEFAULT_LOCK_MINUTES))


@implementer(IAuthenticationPlugin)
class LoginLimitPlugin(BasePlugin):
    """Refuses the logins of a (login, address) with too many recent failures."""

    meta_type = "eiso Login Limit Plugin"

    def __init__(self, id=PLUGIN_ID, title="Pause after too many failed logins"):
        self._setId(id)
        self.title = title

    def authenticateCredentials(self, credentials):
        login = credentials.get("login")
        password = credentials.get("password")
        if not login or password is None:
            return None  # a session cookie, a token: no password to guess
        max_attempts, window = settings()
        if not max_attempts:
            return None
        request = getattr(self, "REQUEST", None)
        address = (request.getClientAddr() if request is not None else "") or ""
        key = (login.strip().lower(), address)
        wait = FAILED_LOGINS.wait(key, max_attempts, window)
        if wait:
            credentials["password"] = None  # the plugins after this one refuse it
            self._tell(request, login, wait)
            return None
        found = self._authenticate_with_others(credentials)
        counted = request.other.setdefault(COUNTED, set()) if request is not None else set()
        if found is None:
            if self._known_above(login):
                return None  # a Zope administrator: the root's user folder checks it
            if key not in counted:  # PAS may check one request's credentials twice
                counted.add(key)
                FAILED_LOGINS.failed(key, window)
                logger.info("failed login for %r from %s", login, address or "?")
            return None
        FAILED_LOGINS.succeeded(key)
        # Checked once: the plugins after this one need not hash the password again.
        credentials["password"] = None
        return found

    def _authenticate_with_others(self, credentials):
        plugins = self._getPAS().plugins
        for plugin_id, plugin in plugins.listPlugins(IAuthenticationPlugin):
            if plugin_id == self.getId():
                continue
            try:
                found = plugin.authenticateCredentials(dict(credentials))
            except (NameError, AttributeError, KeyError, TypeError, ValueError):
                logger.debug("authentication plugin %s failed", plugin_id, exc_info=True)
                continue
            if found and found[0] is not None:
                return found
        return None

    def _known_above(self, login):
        """Whether a user folder above the site's (Zope's root) has this login."""
        from Acquisition import aq_base
        from Acquisition import aq_inner
        from Acquisition import aq_parent

        container = aq_parent(aq_inner(aq_parent(aq_inner(self._getPAS()))))
        while container is not None:
            if getattr(aq_base(container), "acl_users", None) is not None:
                if container.acl_users.getUser(login) is not None:
                    return True
            container = aq_parent(aq_inner(container))
        return False

    def _tell(self, request, login, wait):
        if request is None:
            return
        minutes = max(1, math.ceil(wait / 60))
        request.response.setHeader("Retry-After", str(wait))
        if "__ac_name" in request.form:  # the login form: say why, in Vietnamese
            from Products.statusmessages.interfaces import IStatusMessage

            IStatusMessage(request).add(
                _("Too many failed logins for “${login}”: try again in ${minutes} "
                  "minutes, or ask the administrator to reset your password.",
                  mapping={"login": login, "minutes": minutes}),
                type="error")


InitializeClass(LoginLimitPlugin)


def install_login_limit(portal):
    """Add the plugin to the site's acl_users, first among the authenticators."""
    acl_users = portal.acl_users
    if PLUGIN_ID not in acl_users.objectIds():
        acl_users._setObject(PLUGIN_ID, LoginLimitPlugin())
    plugin = acl_users[PLUGIN_ID]
    plugin.manage_activateInterfaces(["IAuthenticationPlugin"])
    plugins = acl_users.plugins
    while plugins.listPluginIds(IAuthenticationPlugin)[0] != PLUGIN_ID:
        plugins.movePluginsUp(IAuthenticationPlugin, [PLUGIN_ID])


def uninstall_login_limit(portal):
    acl_users = portal.acl_users
    if PLUGIN_ID in acl_users.objectIds():
        acl_users.manage_delObjects([PLUGIN_ID])
