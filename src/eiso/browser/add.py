"""The ``++add++<type>`` view, refusing instead of failing.

Stock Dexterity's add form raises ``ValueError`` ("Subobject type disallowed")
when the type may not be added here, which the user sees as an error page. That
happens to everyone who opens an add link without the type's add permission
(every type of ours has its own). This view answers those requests as Plone
answers any other forbidden page: *Không đủ quyền* for a type the container
allows but the user may not add, *Không tìm thấy trang* for a type the container
never allows. The permission decision stays with the type's add permission and
the container's constraints.
"""

from plone.dexterity.browser.add import DefaultAddForm
from plone.dexterity.browser.add import DefaultAddView
from plone.dexterity.interfaces import IDexterityFTI
from plone.z3cform.interfaces import IDeferSecurityCheck
from zExceptions import NotFound
from zExceptions import Unauthorized
from zope.component import getUtility


class AddForm(DefaultAddForm):
    def update(self):
        if not IDeferSecurityCheck.providedBy(self.request):
            container = self.context
            allowed = [fti.getId() for fti in container.allowedContentTypes()]
            if self.portal_type not in allowed:
                fti = getUtility(IDexterityFTI, name=self.portal_type)
                if not fti.isConstructionAllowed(container):
                    raise Unauthorized(f"Adding {self.portal_type} is not allowed here.")
                raise NotFound(container, f"++add++{self.portal_type}", self.request)
        super().update()


class AddView(DefaultAddView):
    form = AddForm
