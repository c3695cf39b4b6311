from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def seeds() -> Path:
    if not (SEEDS / "source.txt").exists():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


@pytest.fixture(scope="session")
def examples() -> Path:
    return EXAMPLES
