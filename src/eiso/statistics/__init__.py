"""One-stop-shop statistics (Số liệu giải quyết TTHC): import, page, REST, demo."""
