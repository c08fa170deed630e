"""REST services of eiso: one folder per endpoint (SPEC §2, STYLE lesson 2)."""

from plone.restapi.services import Service
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


@implementer(IPublishTraverse)
class TraversingService(Service):
    """A service that reads the path after its name: ``@name/a/b`` → ``self.params``."""

    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self
