"""REST ``@document-read`` on a controlled document: "Đã đọc" and who has read it."""
