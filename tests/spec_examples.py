"""Where tests find the specification's worked examples: copies in tests/golden/spec/ (the same
bytes as ../shared/spec/examples/, checked by tests/test_golden.py), so a clone runs its tests alone."""

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent / "golden" / "spec"
SHARED_EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "spec" / "examples"
