"""The schema files in tests/oparl/schema are the official ones (../shared/oparl-1.1)."""

from pathlib import Path

import pytest

from .oparl_check import SCHEMA_DIR, VALIDATORS

SHARED = Path(__file__).resolve().parents[3] / "shared" / "oparl-1.1" / "v1.1.1"


def test_all_twelve_schemas_are_loaded():
    assert len(VALIDATORS) == 12


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/oparl-1.1 liegt nur im Arbeitsbereich")
def test_the_copies_match_the_shared_schemas():
    for path in SHARED.glob("*.json"):
        assert (SCHEMA_DIR / path.name).read_bytes() == path.read_bytes(), path.name
