"""Staff profiles (Hồ sơ cán bộ, SPEC §9): local roles, validation, indexes, demo."""
