"""The folders of tests/: a tier each, which conftest.py marks its tests with (``pytest -m
<tier>``), and the variant matrix, whose checks carry the markers of what they run."""

TIERS = ("unit", "render", "backend", "frontend", "browser", "fuzz", "bench")
TEST_FOLDERS = (*TIERS, "matrix")
