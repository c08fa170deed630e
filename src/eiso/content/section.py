"""The fixed sections of an agency and the types each one allows."""

from eiso import _
from eiso.interfaces import ISection
from plone.app.dexterity.behaviors.constrains import ConstrainTypesBehavior
from plone.app.dexterity.behaviors.constrains import ENABLED
from plone.dexterity.content import Container
from plone.supermodel import model
from zope.interface import implementer


# (id, title, description) in display order. Ids are a contract (SPEC §3).
SECTIONS = (
    ("to-chuc", _("Organisation"), _("Departments and units of the agency.")),
    ("boi-canh", _("Context and leadership"),
     _("Context analyses, quality policies, quality objectives, risks and opportunities.")),
    ("danh-gia", _("Evaluation"),
     _("Internal audit programmes, internal audits and management reviews.")),
    ("van-ban", _("External documents"), _("Legal documents that apply to the agency.")),
    ("tai-lieu", _("Internal documents"),
     _("Controlled documents of the quality management system and change requests.")),
    ("ho-so", _("Records"), _("Records, borrow requests and disposal proposals.")),
    ("thu-tuc", _("Administrative procedures"),
     _("Guides for handling administrative procedures.")),
    ("cai-tien", _("Improvement"), _("Improvement proposals and continual improvement plans.")),
    ("kiem-soat", _("Control"), _("Customer feedback and nonconformities.")),
    ("nhan-su", _("Human resources"), _("Staff profiles.")),
)
SECTION_IDS = tuple(section_id for section_id, title, description in SECTIONS)

# The content types each section allows. Later capabilities add theirs here
# and to the Section FTI's allowed_content_types.
SECTION_TYPES = {
    "to-chuc": ("Department",),
    "boi-canh": ("ContextAnalysis", "QualityPolicy", "QualityObjectives", "Risk",
                 "ConformityDeclaration"),
    "danh-gia": ("AuditProgramme", "InternalAudit", "ManagementReview", "Assessment"),
    "van-ban": ("LegalDocument",),
    "tai-lieu": ("ControlledDocument", "DocumentChangeRequest"),
    "ho-so": ("Record", "BorrowRequest", "DisposalProposal"),
    "thu-tuc": ("ProcedureGuide", "ServiceStatistics"),
    "cai-tien": ("ImprovementProposal", "ImprovementPlan"),
    "kiem-soat": ("Nonconformity", "CustomerFeedback"),
    "nhan-su": ("StaffProfile",),
}
# A management review's department reports (ReviewReport) are added inside the
# review only, by its "notify" transition.


# Sections whose items keep the order they were added in (see Section).
ORDERED_SECTIONS = ("to-chuc",)


class ISectionSchema(model.Schema):
    """A section has a title and a description (plone.basic) and nothing more."""


@implementer(ISection, ISectionSchema)
class Section(Container):
    """A section of an agency; lists its items with pagination.

    Unordered: staff of an agency add items to the same section all day, and the
    default ordering keeps one list of all ids that every addition rewrites, so
    two additions at once conflicted (found by ``make load``). Sections list their
    items from the catalog, sorted by date or title, never by position. *Tổ chức*
    keeps its order: departments are listed in the order they were made, and are
    added rarely.
    """

    @property
    def _ordering(self):
        return "" if self.getId() in ORDERED_SECTIONS else "unordered"

    def objectIds(self, spec=None, ordered=True):
        """A list, as an ordered folder gives (unordered ones give a lazy BTree view)."""
        return list(super().objectIds(spec, ordered))

    def _p_resolveConflict(self, old, saved, new):
        """Every item added sets the section's modification date: two additions at
        once keep the later date. Other changes by both still conflict."""
        from eiso.conflicts import merge_states

        return merge_states(old, saved, new, {"modification_date": lambda o, s, n: max(s, n)})


class SectionIsFixed(ValueError):
    """Sections have fixed ids: they are removed or moved only with their agency."""


def keep_section(section, event):
    """Refuse to delete, rename or move a section on its own (its id is a contract)."""
    if event.object is not section or event.oldParent is None:
        return  # the agency itself goes (or the section is being created)
    raise SectionIsFixed(
        f"The section {section.getId()} belongs to its agency and cannot be "
        "deleted, renamed or moved on its own."
    )


class SectionConstrainTypes(ConstrainTypesBehavior):
    """Each section allows only its own types, whatever is set through the web."""

    def getConstrainTypesMode(self):
        return ENABLED

    def setConstrainTypesMode(self, mode):
        raise ValueError("The types allowed in an eiso section are fixed.")

    def canSetConstrainTypes(self):
        return False

    @property
    def _section_types(self):
        return SECTION_TYPES.get(self.context.getId(), ())

    def allowedContentTypes(self, context=None):
        if context is None:
            context = self.context
        allowed = self._section_types
        return [t for t in self.getDefaultAddableTypes(context) if t.getId() in allowed]

    def getLocallyAllowedTypes(self, context=None):
        return [t.getId() for t in self.allowedContentTypes(context)]

    def getImmediatelyAddableTypes(self, context=None):
        return self.getLocallyAllowedTypes(context)

    def setLocallyAllowedTypes(self, types):
        raise ValueError("The types allowed in an eiso section are fixed.")

    def setImmediatelyAddableTypes(self, types):
        raise ValueError("The types allowed in an eiso section are fixed.")
