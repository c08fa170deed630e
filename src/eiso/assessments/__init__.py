"""Assessments of the application of ISO 9001 (Chấm điểm kết quả áp dụng ISO) by the
superior agency: the criteria, the workflow's checks, the pages. See docs/assessment.md."""
