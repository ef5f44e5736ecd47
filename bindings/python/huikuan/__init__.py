"""huikuan (回款): the receivables core for analysts.

The same C++ code the server runs (money in integer fen, aging, DSO and the KPIs, scorecard, RFM,
late fees, forecasting models), on numpy columns and pandas DataFrames::

    import huikuan as hk
    hk.late_fee(1_000_000, 10)                        # 5000 fen: 0.05%/day for 10 days
    report = hk.aging_report(invoices, as_of="2024-03-31", by="customer_id")
    model = hk.fit_logistic_regression(X, y, l2=1.0)  # late-payment probability (R-FCST-2)

Functions take numpy arrays without copying them when they are C-contiguous and of the native
dtype; money columns must be integer fen (a float column is accepted only if every value is a
whole number; NaN raises). Bad input raises ``InvalidArgumentError`` (a ``ValueError``) naming the
argument and the first bad index; every error derives from ``HuikuanError``.

Submodules: ``huikuan.frames`` (DataFrame wrappers, re-exported here), ``huikuan.data`` (loading
files with exact money parsing), ``huikuan.evaluate`` (``python3 -m huikuan.evaluate PATH``).
"""
from __future__ import annotations

from huikuan import _core
from huikuan._core import *  # noqa: F401,F403  (the names are listed in _core.pyi)
from huikuan import data, frames
from huikuan.frames import *  # noqa: F401,F403

__all__ = [name for name in dir(_core) if not name.startswith("_")] + list(frames.__all__) + [
    "data",
    "frames",
]
__version__ = "0.1.0"
