"""The grid of a new assessment, the scores entered on its page and the checks of
``eiso_assessment_workflow``.

- A new assessment gets one row per criterion of ``eiso.assessment_criteria``
  (:func:`grid_on_added`).
- :func:`set_scores` writes one side's columns (the agency's self scores and evidence,
  or the assessor's scores and comments) after checking every cell: a score is a
  number from 0 to the criterion's maximum; the message names the row.
- ``submit`` needs every self score, ``score`` every assessor's score
  (:func:`check_assessment_transition`); a refusal is a ``TransitionRefused`` (the
  transition form shows it, REST ``@workflow`` answers 400), nothing changes.
"""

from Acquisition import aq_base
from eiso import _
from eiso.assessments.criteria import grid_rows
from eiso.workflows.records import TransitionRefused


SELF = ("self_score", "evidence")
ASSESSOR = ("assessor_score", "assessor_comment")


class ScoreError(ValueError):
    """A cell of the grid is not acceptable; ``message`` names the row."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def grid_on_added(assessment, event):
    if not getattr(aq_base(assessment), "scores", None):
        assessment.scores = grid_rows()


def parse_score(value, row):
    """A score typed in a cell ("7", "7,5", "") as a number or None; ScoreError when it
    is not a number from 0 to the row's maximum."""
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
    else:
        text = str(value).strip().replace(",", ".")
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ScoreError(_("Criterion ${code}: “${value}” is not a number.",
                               mapping={"code": row["code"], "value": value}))
    if number != number or number < 0:
        raise ScoreError(_("Criterion ${code}: a score cannot be negative.",
                           mapping={"code": row["code"]}))
    if number > row["max_points"]:
        raise ScoreError(_(
            "Criterion ${code}: the score ${score} is above the maximum of ${max} points.",
            mapping={"code": row["code"], "score": format_score(number),
                     "max": row["max_points"]}))
    return int(number) if number == int(number) else round(number, 2)


def format_score(value):
    if value is None:
        return ""
    if value == int(value):
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def set_scores(assessment, values, columns):
    """Write ``columns`` (SELF or ASSESSOR) of the grid from ``values``:
    {code: {column: value}}; every cell is checked first, so nothing is written when
    one is refused (ScoreError). Rows not in ``values`` keep their cells."""
    score_column, text_column = columns
    rows = [dict(row) for row in assessment.scores or ()]
    for row in rows:
        given = values.get(row["code"])
        if given is None:
            continue
        if score_column in given:
            row[score_column] = parse_score(given[score_column], row)
        if text_column in given:
            row[text_column] = (given[text_column] or "").strip() or None
    assessment.scores = rows
    assessment.reindexObject()


def missing_scores(assessment, column):
    return [row["code"] for row in assessment.scores or () if row.get(column) is None]


def check_assessment_transition(assessment, event):
    """Before ``submit`` and ``score``: the column of the side that hands over is full."""
    if event.transition is None:
        return
    transition = event.transition.getId()
    if not assessment.scores and transition in ("submit", "score"):
        raise TransitionRefused(_("The assessment has no criteria to score."))
    if transition == "submit":
        missing = missing_scores(assessment, "self_score")
        if missing:
            raise TransitionRefused(_(
                "Score every criterion before submitting. Not scored yet: ${codes}.",
                mapping={"codes": ", ".join(missing)}))
    if transition == "score":
        missing = missing_scores(assessment, "assessor_score")
        if missing:
            raise TransitionRefused(_(
                "Give the assessor's score of every criterion first. Not scored yet: "
                "${codes}.", mapping={"codes": ", ".join(missing)}))
