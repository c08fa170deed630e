"""The ISO settings of the portal, kept in plone.registry (records ``eiso.*``)."""

from eiso import _
from eiso.audits.criteria import check_criteria as check_audit_criteria
from eiso.audits.criteria import DEFAULT_CRITERIA as DEFAULT_AUDIT_CRITERIA
from eiso.assessments.criteria import check_criteria as check_assessment_criteria
from eiso.assessments.criteria import DEFAULT_CRITERIA as DEFAULT_ASSESSMENT_CRITERIA
from eiso.workingdays import parse_line
from zope import schema
from zope.interface import Interface
from zope.interface import Invalid
from zope.interface import invariant
from zope.schema.interfaces import ValidationError


class NotAScore(ValidationError):
    __doc__ = _("Enter a score from 2 to 25.")


def check_score(value):
    """A threshold of the risk levels: a score of the 5 × 5 grid above the lowest."""
    if value is not None and not 2 <= value <= 25:
        raise NotAScore(value)
    return True


def check_day_lines(lines):
    """Every non-blank line starts with a dd/mm/yyyy date; the error names the bad line."""
    for line in lines:
        if not line.strip():
            continue
        try:
            parse_line(line)
        except ValueError:
            raise Invalid(
                _(
                    "The line “${line}” does not start with a valid date "
                    "(dd/mm/yyyy, e.g. 02/01/2026).",
                    mapping={"line": line},
                )
            )
    return True


class IEisoSettings(Interface):
    """Registered with prefix ``eiso``: ``eiso.reminder_days``, ``eiso.step_days``, …"""

    reminder_days = schema.Int(
        title=_("Reminder before the deadline (working days)"),
        description=_(
            "Cases due within this many working days count as due soon and are "
            "listed in the reminder e-mails."
        ),
        default=2,
        min=0,
    )

    step_days = schema.Int(
        title=_("Time for a step (working days)"),
        description=_("The deadline given to a step when the sender sets none."),
        default=3,
        min=1,
    )

    extra_holidays = schema.List(
        title=_("Added holidays"),
        description=_(
            "One day off per line: the date (dd/mm/yyyy) and its name, e.g. "
            "02/01/2026 Day off for New Year's Day. They are added to the public "
            "holidays of Vietnam."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
        missing_value=[],
        constraint=check_day_lines,
    )

    makeup_days = schema.List(
        title=_("Make-up working days"),
        description=_(
            "One Saturday or Sunday that is a working day per line: the date "
            "(dd/mm/yyyy), optionally followed by a note, e.g. 10/01/2026 Make-up "
            "for 02/01/2026."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[],
        missing_value=[],
        constraint=check_day_lines,
    )

    analysis_methods = schema.List(
        title=_("Context analysis methods"),
        description=_("The methods offered for a context analysis, one per line."),
        value_type=schema.TextLine(),
        required=False,
        default=["SWOT", "PESTLE"],
        missing_value=[],
    )

    # External legal documents (SPEC §6, §10): the kinds of text and the fields
    # (Lĩnh vực) offered in the register; procedure guides use the same fields.
    legal_kinds = schema.List(
        title=_("Kinds of legal documents"),
        description=_("The kinds offered for an external legal document, one per line."),
        value_type=schema.TextLine(),
        required=False,
        default=[
            "Hiến pháp",
            "Luật",
            "Bộ luật",
            "Pháp lệnh",
            "Nghị quyết",
            "Nghị định",
            "Quyết định",
            "Thông tư",
            "Thông tư liên tịch",
            "Chỉ thị",
            "Công văn",
            "Hướng dẫn",
            "Kế hoạch",
            "Tiêu chuẩn (TCVN)",
            "Quy chuẩn (QCVN)",
            "Khác",
        ],
        missing_value=[],
    )

    fields = schema.List(
        title=_("Fields"),
        description=_(
            "The fields (lĩnh vực) of legal documents and administrative procedures, "
            "one per line."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=[
            "Hành chính – Văn phòng",
            "Tổ chức cán bộ",
            "Tài chính – Kế hoạch",
            "Tư pháp",
            "Đất đai",
            "Tài nguyên và Môi trường",
            "Xây dựng",
            "Giao thông vận tải",
            "Công thương",
            "Nông nghiệp và Phát triển nông thôn",
            "Giáo dục và Đào tạo",
            "Y tế",
            "Lao động – Thương binh và Xã hội",
            "Văn hóa, Thể thao và Du lịch",
            "Thông tin và Truyền thông",
            "Khoa học và Công nghệ",
            "Hệ thống quản lý chất lượng (ISO)",
            "Khác",
        ],
        missing_value=[],
    )

    # Risks and opportunities (SPEC §7): the level of a score (likelihood × impact).
    risk_level_medium = schema.Int(
        title=_("Lowest score of a medium risk"),
        description=_("Scores from this value are medium (Trung bình); lower ones are low (Thấp)."),
        default=5,
        constraint=check_score,
    )

    risk_level_high = schema.Int(
        title=_("Lowest score of a high risk"),
        description=_("Scores from this value are high (Cao)."),
        default=12,
        constraint=check_score,
    )

    # Customer feedback (SPEC §8): the public form limits the feedbacks sent from one IP
    # address; behind a reverse proxy the client's address is in X-Forwarded-For.
    feedback_trust_forwarded_for = schema.Bool(
        title=_("The site is behind a reverse proxy (trust X-Forwarded-For)"),
        description=_("Tick only when a proxy you run sets the header X-Forwarded-For: "
                      "the public feedback form then counts the feedbacks per address "
                      "written there. Otherwise anyone could forge it."),
        default=False,
        required=False,
    )

    @invariant
    def risk_levels_in_order(data):
        medium = getattr(data, "risk_level_medium", None)
        high = getattr(data, "risk_level_high", None)
        if medium and high and medium >= high:
            raise Invalid(
                _("The lowest score of a medium risk must be below that of a high risk.")
            )

    # Internal audits (SPEC §8): the questions every audit's checklist is made from.
    audit_criteria = schema.List(
        title=_("Internal audit criteria"),
        description=_(
            "One question per line: the clause of ISO 9001:2015, a vertical bar and the "
            "question, e.g. 7.5.3 | Hồ sơ có được lưu trữ đúng quy định không? A new "
            "internal audit's checklist asks these questions in each department audited."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=list(DEFAULT_AUDIT_CRITERIA),
        missing_value=[],
        constraint=check_audit_criteria,
    )

    # Assessments by the superior agency (SPEC §10): the grid of every new assessment.
    assessment_criteria = schema.List(
        title=_("Assessment criteria"),
        description=_(
            "One criterion per line: its code, a vertical bar, the criterion, a vertical "
            "bar and its maximum points, e.g. 7 | Đánh giá nội bộ | 10. A new "
            "assessment's grid is made from these criteria."
        ),
        value_type=schema.TextLine(),
        required=False,
        default=list(DEFAULT_ASSESSMENT_CRITERIA),
        missing_value=[],
        constraint=check_assessment_criteria,
    )

    # Security (docs/security.md): the largest upload and the failed-login limit.
    upload_max_mb = schema.Int(
        title=_("Largest file accepted (MB)"),
        description=_("Files attached to documents, records, procedures, staff profiles "
                      "and declarations may not be larger than this."),
        default=20,
        min=1,
        max=1024,
    )

    login_max_attempts = schema.Int(
        title=_("Failed logins before a pause"),
        description=_("After this many wrong passwords for one login name from one "
                      "address, that login is refused from that address for the time "
                      "below. 0 = no limit."),
        default=5,
        min=0,
        max=1000,
    )

    login_lock_minutes = schema.Int(
        title=_("Pause after too many failed logins (minutes)"),
        description=_("Failed logins older than this are forgotten."),
        default=15,
        min=1,
        max=24 * 60,
    )
