"""ISO implementation report (Báo cáo kết quả thực hiện ISO) of an agency and of the province."""
