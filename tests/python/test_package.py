"""The package an analyst imports: re-exports, stubs, docstrings, typed errors."""
from __future__ import annotations

import re
from pathlib import Path

import huikuan
from huikuan import _core


def test_every_core_name_is_re_exported_stubbed_and_documented():
    pkg = Path(huikuan.__file__).parent
    stub = (pkg / "_core.pyi").read_text()
    assert (pkg / "py.typed").exists()
    for name in (n for n in dir(_core) if not n.startswith("_")):
        assert getattr(huikuan, name) is getattr(_core, name), name
        assert re.search(rf"^\s*(def|class) {name}\b|^{name}:", stub, re.M), f"{name} missing in _core.pyi"
        obj = getattr(_core, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, f"{name} has no docstring"


def test_error_hierarchy():
    assert issubclass(huikuan.InvalidArgumentError, huikuan.HuikuanError)
    assert issubclass(huikuan.InvalidArgumentError, ValueError)
    assert issubclass(huikuan.NotFoundError, LookupError)
    assert huikuan.InvalidArgumentError.__module__ == "huikuan"
