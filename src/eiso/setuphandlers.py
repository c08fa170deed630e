"""Install and uninstall handlers of the eiso profiles."""

from plone import api
from plone.base.interfaces import INonInstallable
from zope.interface import implementer


PORTAL_VIEW = "eiso-portal"


@implementer(INonInstallable)
class HiddenProfiles:
    def getNonInstallableProfiles(self):
        return ["eiso:uninstall", "eiso:demo"]

    def getNonInstallableProducts(self):
        return ["eiso.upgrades"]


def post_install(context):
    """The portal's front page lists the agencies the user may see."""
    portal = api.portal.get()
    portal.setLayout(PORTAL_VIEW)
    # Vietnamese full-text search: accent folding, text of PDF/DOCX files.
    from eiso.search.install import install_search

    install_search(portal)
    # A pause after too many failed logins (eiso.security.login_limit).
    from eiso.security.login_limit import install_login_limit

    install_login_limit(portal)


def uninstall(context):
    portal = api.portal.get()
    from eiso.search.install import uninstall_search

    uninstall_search(portal)
    from eiso.security.login_limit import uninstall_login_limit

    uninstall_login_limit(portal)
    if portal.getLayout() == PORTAL_VIEW:
        portal.setLayout("listing_view")
