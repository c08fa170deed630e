"""Marker interfaces of eiso."""

from zope.interface import Interface
from zope.publisher.interfaces.browser import IDefaultBrowserLayer


class IEisoLayer(IDefaultBrowserLayer):
    """Browser layer: eiso's views and REST services are registered on it."""


class IAgency(Interface):
    """A Vietnamese state agency (Cơ quan) running its own QMS inside the portal."""


class ISection(Interface):
    """One of the fixed sections of an agency (to-chuc, boi-canh, …)."""


class IDepartment(Interface):
    """A department (Phòng ban) of an agency."""


class IFullText(Interface):
    """Searchable with its fields and the text of its attached files (SPEC §11).

    Its ``SearchableText`` (``eiso.search.indexers``) joins title, description,
    ``code``/``number``/``summary``, rich text and the text of every file field.
    """
