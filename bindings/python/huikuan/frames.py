"""pandas-friendly wrappers over the core's batch functions.

Each wrapper takes a DataFrame and column names, hands the columns to the C++ core as numpy arrays
(group keys of any type are factorised to integer codes and mapped back), and returns a DataFrame
indexed the way an analyst expects. Money stays integer fen (int64) throughout.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from huikuan import _core

__all__ = ["aging_report", "aging_buckets", "late_fee_column", "DEFAULT_AGING_BOUNDS"]

DEFAULT_AGING_BOUNDS: tuple[int, ...] = (0, 30, 60, 90)


def _days(col: pd.Series | np.ndarray) -> np.ndarray:
    """A date column (datetime64 of any unit, or epoch-day integers) as epoch days."""
    arr = np.asarray(col)
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[D]").view("int64")
    return arr


def _factorize(keys: pd.Series) -> tuple[np.ndarray, pd.Index]:
    codes, uniques = pd.factorize(keys, sort=True)
    if (codes < 0).any():
        raise _core.InvalidArgumentError(f"{keys.name}: missing group key at row {int(np.argmax(codes < 0))}")
    return codes.astype(np.int64), pd.Index(uniques, name=keys.name)


def aging_buckets(
    invoices: pd.DataFrame,
    as_of: Any,
    *,
    due: str = "due_date",
    bounds: Sequence[int] = DEFAULT_AGING_BOUNDS,
) -> pd.Series:
    """The aging bucket of every invoice as an ordered categorical (current, 1-30, ...)."""
    codes = _core.assign_buckets(_days(invoices[due]), as_of, list(bounds))
    labels = _core.bucket_labels(list(bounds))
    return pd.Series(
        pd.Categorical.from_codes(codes, categories=labels, ordered=True),
        index=invoices.index,
        name="bucket",
    )


def aging_report(
    invoices: pd.DataFrame,
    as_of: Any,
    *,
    amount: str = "open_fen",
    due: str = "due_date",
    by: str | None = None,
    bounds: Sequence[int] = DEFAULT_AGING_BOUNDS,
    counts: bool = False,
) -> pd.DataFrame:
    """Open fen per bucket (R-AGING-1), per value of `by` (or one "total" row), plus a total.

    Settled invoices (open amount 0) are ignored; a negative open amount raises
    InvalidArgumentError. With counts=True the cells are invoice counts instead of fen.
    """
    if by is None:
        keys, index = None, pd.Index(["total"], name="group")
    else:
        keys, index = _factorize(invoices[by])
    t = _core.age_by_group(
        invoices[amount].to_numpy(), _days(invoices[due]), as_of, group_keys=keys, bounds=list(bounds)
    )
    cells = t["counts"] if counts else t["amounts"]
    out = pd.DataFrame(cells, columns=pd.Index(t["labels"], name="bucket"))
    out["total"] = cells.sum(axis=1) if counts else t["totals"]
    out.index = index[t["group_keys"]] if by is not None else index
    return out


def late_fee_column(
    invoices: pd.DataFrame,
    as_of: Any,
    *,
    amount: str = "open_fen",
    due: str = "due_date",
    rate_bp_per_day: int = 5,
    grace_days: int = 0,
    rounding: str = "half_up",
) -> pd.Series:
    """Late fee in fen per invoice as of a date (R-TERM-4: 0.05% of the overdue amount per day)."""
    fees, _ = _core.late_fees(
        invoices[amount].to_numpy(), _days(invoices[due]), as_of, rate_bp_per_day, grace_days, rounding
    )
    return pd.Series(fees, index=invoices.index, name="late_fee_fen")
