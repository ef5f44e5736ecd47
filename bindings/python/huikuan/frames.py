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

__all__ = [
    "aging_report",
    "aging_buckets",
    "late_fee_column",
    "kpi_report",
    "scorecard",
    "rfm",
    "DEFAULT_AGING_BOUNDS",
]

DEFAULT_AGING_BOUNDS: tuple[int, ...] = (0, 30, 60, 90)

# Built once: the categorical dtypes of the coded columns and the advice per RFM segment.
_RISK_DTYPE = pd.CategoricalDtype(list(_core.RISK_LEVELS), ordered=True)
_GRADE_DTYPE = pd.CategoricalDtype(list(_core.CREDIT_GRADES), ordered=True)
_SEGMENT_DTYPE = pd.CategoricalDtype(list(_core.RFM_SEGMENTS))
# The advice is categorical with the segments' codes: no string object per customer.
_SEGMENT_ADVICE_DTYPE = pd.CategoricalDtype(list(_core.RFM_SEGMENT_ADVICE))


def _days(col: pd.Series | np.ndarray) -> np.ndarray:
    """A date column as a numpy array: datetime64 of any unit or epoch-day integers, passed as is
    (the core converts datetime64 to days in one pass, rejecting NaT)."""
    return np.asarray(col)


def _factorize(keys: pd.Series) -> tuple[np.ndarray, pd.Index | None]:
    """Integer keys go to the core as they are (it groups any int64 key; index None means "the
    core's sorted keys are the labels"); other keys are factorised to sorted codes first."""
    if keys.dtype.kind in "iu":
        return keys.to_numpy(), None
    codes, uniques = pd.factorize(keys, sort=True)
    if (codes < 0).any():
        raise _core.InvalidArgumentError(f"{keys.name}: missing group key at row {int(np.argmax(codes < 0))}")
    return codes.astype(np.int64), pd.Index(uniques, name=keys.name)


def _labels(index: pd.Index | None, keys: np.ndarray, name: str) -> pd.Index:
    return pd.Index(keys, name=name) if index is None else index[keys]


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
    out.index = _labels(index, t["group_keys"], by) if by is not None else index
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


def _exact_int(col: pd.Series) -> bool:
    return col.dtype.kind == "i" or (col.dtype.kind == "u" and col.dtype.itemsize < 8)


def _dense_positions(ids_col: pd.Series, refs_col: pd.Series) -> np.ndarray | None:
    """Fast path of _positions for unique integer invoice ids within a small range (0..n-1, database
    ids): arithmetic or a lookup table indexed by id - min instead of hashing, in the core. None
    (the general path decides and reports) when the ids are not such, repeat, or a reference is
    not among them."""
    if len(ids_col) == 0 or not (_exact_int(ids_col) and _exact_int(refs_col)):
        return None
    return _core.dense_positions(ids_col.to_numpy(), refs_col.to_numpy())


def _positions(settlements: pd.DataFrame, invoices: pd.DataFrame, ref: str, invoice_id: str | None) -> np.ndarray:
    """Row positions of each settlement's invoice (by id column, or positions given directly)."""
    if invoice_id is None:
        return settlements[ref].to_numpy()
    pos = _dense_positions(invoices[invoice_id], settlements[ref])
    if pos is not None:
        return pos
    ids = pd.Index(invoices[invoice_id])
    if not ids.is_unique:
        raise _core.InvalidArgumentError(f"{invoice_id}: invoice ids are not unique")
    pos = ids.get_indexer(settlements[ref])
    if (pos < 0).any():
        i = int(np.argmax(pos < 0))
        raise _core.InvalidArgumentError(
            f"{ref}[{i}]: invoice {settlements[ref].iloc[i]!r} is not in invoices.{invoice_id}"
        )
    return pos.astype(np.int64)


def kpi_report(
    invoices: pd.DataFrame,
    settlements: pd.DataFrame,
    first_day: Any,
    last_day: Any,
    *,
    by: str | None = None,
    invoice_date: str = "invoice_date",
    due: str = "due_date",
    amount: str = "amount_fen",
    invoice_id: str | None = "invoice_id",
    settlement_invoice: str = "invoice_id",
    settlement_date: str = "date",
    settlement_amount: str = "amount_fen",
    write_off: str | None = None,
) -> pd.DataFrame:
    """R-KPI-1 for a period: DSO, AR turnover, CEI, overdue, bad-debt and collection rates.

    One row per value of `by` (or one "total" row) with the exact fen sums next to the ratios.
    Settlements name their invoice by `settlement_invoice`, matched to `invoices[invoice_id]`
    (or, with invoice_id=None, given as row positions of `invoices`).
    """
    if by is None:
        keys, index = None, pd.Index(["total"], name="group")
    else:
        keys, index = _factorize(invoices[by])
    t = _core.kpis_by_group(
        _days(invoices[invoice_date]),
        _days(invoices[due]),
        invoices[amount].to_numpy(),
        _positions(settlements, invoices, settlement_invoice, invoice_id),
        _days(settlements[settlement_date]),
        settlements[settlement_amount].to_numpy(),
        first_day,
        last_day,
        group_keys=keys,
        is_write_off=None if write_off is None else settlements[write_off].to_numpy(),
    )
    period_days = t.pop("period_days")
    group = t.pop("group_key")
    out = pd.DataFrame(t)
    out.index = _labels(index, group, by) if by is not None else index[: len(out)]
    out.attrs["period_days"] = period_days
    return out


def _codes(col: pd.Series, names: Sequence[str], what: str) -> np.ndarray:
    """Names ("medium", "A") or integer codes -> int8 codes; unknown names raise."""
    if col.dtype.kind in "iu":
        return col.to_numpy()
    lookup = {n: i for i, n in enumerate(names)}
    codes = col.astype("string").map(lookup)
    if codes.isna().any():
        i = int(np.flatnonzero(codes.isna().to_numpy())[0])
        raise _core.InvalidArgumentError(
            f"{col.name}[{i}]: {col.iloc[i]!r} is not a {what} (one of {', '.join(names)})"
        )
    return codes.to_numpy(dtype=np.int8)


def scorecard(
    customers: pd.DataFrame,
    *,
    size: str = "size",
    tax_grade: str = "tax_grade",
    bank_credit_line: str = "bank_credit_line_fen",
    paid_invoices: str = "paid_invoices",
    paid_on_time: str = "paid_on_time",
    reasons: bool = True,
    config: Any = None,
) -> pd.DataFrame:
    """Credit scorecard per customer (R-SCORE-1) with grade (R-SCORE-2) and, optionally, reasons.

    `size` holds micro/small/medium/large (or codes 0..3); `tax_grade` A/B/M/C/D (or 0..4).
    Columns: total, risk, grade (categoricals), and with reasons=True the points and reason of
    each component plus a one-line summary.
    """
    args = (
        _codes(customers[size], _core.ENTERPRISE_SIZES, "enterprise size"),
        _codes(customers[tax_grade], _core.TAX_CREDIT_GRADES, "tax credit grade"),
        customers[bank_credit_line].to_numpy(),
        customers[paid_invoices].to_numpy(),
        customers[paid_on_time].to_numpy(),
        config if config is not None else _core.ScorecardConfig(),
    )
    if reasons:
        r = _core.score_with_reasons(*args)
        total, risk, grade = r.pop("total"), r.pop("risk"), r.pop("grade")
    else:
        total, risk, grade = _core.score_batch(*args)
        r = {}
    # One constructor call with every column; the arrays are new and ours, so not copied again.
    return pd.DataFrame(
        {
            "total": total,
            "risk": pd.Categorical.from_codes(risk, dtype=_RISK_DTYPE),
            "grade": pd.Categorical.from_codes(grade, dtype=_GRADE_DTYPE),
            **r,
        },
        index=customers.index,
        copy=False,
    )


def rfm(
    orders: pd.DataFrame,
    as_of: Any,
    *,
    by: str = "customer_id",
    date: str = "order_date",
    amount: str = "amount_fen",
) -> pd.DataFrame:
    """RFM per customer (R-RFM-1): recency_days, frequency, monetary_fen, quintile scores 1..5,
    the seed's segment and its advice. Indexed by the customer key (sorted)."""
    codes, index = _factorize(orders[by])
    t = _core.rfm_table(codes, _days(orders[date]), orders[amount].to_numpy(), as_of)
    seg = t["segment"]
    # One constructor call with every column; the arrays are new and ours, so not copied again.
    return pd.DataFrame(
        {
            "recency_days": t["recency_days"],
            "frequency": t["frequency"],
            "monetary_fen": t["monetary"],
            "r_score": t["r_score"],
            "f_score": t["f_score"],
            "m_score": t["m_score"],
            "segment": pd.Categorical.from_codes(seg, dtype=_SEGMENT_DTYPE),
            "advice": pd.Categorical.from_codes(seg, dtype=_SEGMENT_ADVICE_DTYPE),
        },
        index=_labels(index, t["customer_keys"], by),
        copy=False,
    )
