"""Shared fixtures: the package under test comes from PYTHONPATH (build/python)."""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

import huikuan


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20240301)


@pytest.fixture(scope="session")
def ibm_csv() -> Path:
    path = huikuan.data.default_data_dir() / "ibm-late-payment-histories.csv"
    if not path.exists():
        pytest.skip(f"IBM data not found at {path} (set HUIKUAN_DATA_DIR)")
    return path


def pytest_report_header(config) -> str:
    return f"huikuan from {Path(huikuan.__file__).parent} (HUIKUAN_DATA_DIR={os.environ.get('HUIKUAN_DATA_DIR')})"
