"""The binding's fast paths give exactly what the general paths give.

- frames._positions: the dense lookup table for integer invoice ids versus pandas get_indexer
  (shuffled, gapped, negative ids; duplicate and unknown ids keep their errors).
- datetime64 columns of each unit convert to the same civil days as numpy's astype.
- rfm / kpi_report / aging_report with dense customer ids versus the same data keyed by strings
  (factorised) and by ids far apart (the core's hashed path).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import huikuan as hk
from huikuan import frames

AS_OF = np.datetime64("2024-03-31")


def _general_positions(settlements, invoices, ref, invoice_id):
    ids = pd.Index(invoices[invoice_id])
    return ids.get_indexer(settlements[ref]).astype(np.int64)


@pytest.mark.parametrize("ids_kind", ["arange", "offset", "shuffled", "gapped", "negative"])
def test_dense_positions_match_get_indexer(rng, ids_kind):
    n = 5000
    ids = {
        "arange": np.arange(n),
        "offset": np.arange(n) - 7,
        "shuffled": rng.permutation(n) + 100,
        "gapped": np.sort(rng.choice(3 * n, size=n, replace=False)),
        "negative": rng.permutation(n) - 2500,
    }[ids_kind]
    invoices = pd.DataFrame({"invoice_id": ids})
    settlements = pd.DataFrame({"invoice_id": rng.choice(ids, size=3 * n)})
    got = frames._positions(settlements, invoices, "invoice_id", "invoice_id")
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, _general_positions(settlements, invoices, "invoice_id", "invoice_id"))


def test_dense_positions_keep_errors():
    invoices = pd.DataFrame({"invoice_id": [3, 4, 4]})
    with pytest.raises(hk.InvalidArgumentError, match="not unique"):
        frames._positions(pd.DataFrame({"invoice_id": [3]}), invoices, "invoice_id", "invoice_id")
    # Gapped ids, consecutive ids and ids 0..n-1 (positions computed differently).
    for ids, missing_ids in (([3, 4, 6], (5, 2, 7)), ([3, 4, 5], (2, 6)), ([0, 1, 2], (-1, 3))):
        invoices = pd.DataFrame({"invoice_id": ids})
        for missing in (*missing_ids, -(2**62)):
            with pytest.raises(hk.InvalidArgumentError, match=f"invoice {missing} is not in invoices.invoice_id"):
                refs = pd.DataFrame({"invoice_id": [ids[1], missing]})
                frames._positions(refs, invoices, "invoice_id", "invoice_id")


@pytest.mark.parametrize("unit", ["D", "h", "s", "ms", "us", "ns"])
def test_datetime_units_convert_like_numpy(rng, unit):
    days = rng.integers(-25_000, 80_000, size=2000)
    ticks_per_day = {"D": 1, "h": 24, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}
    extra = rng.integers(0, ticks_per_day[unit], size=2000)
    col = (days * ticks_per_day[unit] + extra).astype(f"datetime64[{unit}]")
    # One customer per row: recency = as_of - day gives each row's civil day back.
    as_of = hk.epoch_day("2199-12-31")
    t = hk.compute_rfm(np.arange(2000), col, np.ones(2000, dtype=np.int64), as_of)
    want = col.astype("datetime64[D]").astype(np.int64)
    np.testing.assert_array_equal(as_of - t["recency_days"].astype(np.int64), want)
    bad = col.copy()
    bad[1234] = np.datetime64("NaT")
    with pytest.raises(hk.InvalidArgumentError, match=r"\[1234\]: missing date \(NaT\)"):
        hk.aging_buckets(pd.DataFrame({"due_date": bad}), "2024-03-31")


def _orders(rng, n=40_000, customers=3000):
    return pd.DataFrame(
        {
            "customer_id": rng.integers(0, customers, size=n),
            "order_date": (AS_OF - rng.integers(0, 400, size=n)).astype("datetime64[ns]"),
            "amount_fen": rng.integers(0, 80_000_000, size=n),
        }
    )


def test_rfm_dense_string_and_sparse_keys_agree(rng):
    orders = _orders(rng)
    dense = hk.rfm(orders, AS_OF)
    sparse = hk.rfm(orders.assign(customer_id=orders["customer_id"] * 1_000_000_007), AS_OF)
    text = hk.rfm(orders.assign(customer_id=orders["customer_id"].map("c{:05d}".format)), AS_OF)
    for other in (sparse, text):
        pd.testing.assert_frame_equal(dense.reset_index(drop=True), other.reset_index(drop=True))
    np.testing.assert_array_equal(sparse.index.to_numpy(), dense.index.to_numpy() * 1_000_000_007)
    # Scores against pandas' average rank.
    n = len(dense)
    for col, score, asc in [("recency_days", "r_score", False), ("frequency", "f_score", True), ("monetary_fen", "m_score", True)]:
        want = np.ceil(5 * dense[col].rank(method="average", ascending=asc) / n).astype(np.int8)
        np.testing.assert_array_equal(dense[score].to_numpy(), want.to_numpy(), err_msg=col)


def test_kpi_and_aging_dense_and_sparse_keys_agree(rng):
    n = 30_000
    inv = np.datetime64("2023-06-01") + rng.integers(0, 300, size=n)
    amount = rng.integers(1, 5_000_000, size=n)
    invoices = pd.DataFrame(
        {
            "invoice_id": rng.permutation(n) + 10,
            "customer_id": rng.integers(0, 800, size=n),
            "invoice_date": inv.astype("datetime64[ns]"),
            "due_date": (inv + 30).astype("datetime64[ns]"),
            "amount_fen": amount,
            "open_fen": np.where(rng.uniform(size=n) < 0.3, 0, amount),
        }
    )
    pick = rng.choice(n, size=n // 2, replace=False)
    settlements = pd.DataFrame(
        {
            "invoice_id": invoices["invoice_id"].to_numpy()[pick],
            "date": (inv[pick] + rng.integers(0, 60, size=len(pick))).astype("datetime64[ns]"),
            "amount_fen": amount[pick] // 2,
        }
    )
    sparse_inv = invoices.assign(customer_id=invoices["customer_id"] * 1_000_000_007)
    for fn in (
        lambda df: hk.kpi_report(df, settlements, "2024-01-01", "2024-01-31", by="customer_id"),
        lambda df: hk.aging_report(df, AS_OF, by="customer_id"),
    ):
        dense, sparse = fn(invoices), fn(sparse_inv)
        pd.testing.assert_frame_equal(dense.reset_index(drop=True), sparse.reset_index(drop=True))
        np.testing.assert_array_equal(sparse.index.to_numpy(), dense.index.to_numpy() * 1_000_000_007)
    # Positions given directly equal positions found by id.
    by_pos = settlements.assign(invoice_id=pd.Index(invoices["invoice_id"]).get_indexer(settlements["invoice_id"]))
    a = hk.kpi_report(invoices, settlements, "2024-01-01", "2024-01-31", by="customer_id")
    b = hk.kpi_report(invoices, by_pos, "2024-01-01", "2024-01-31", by="customer_id", invoice_id=None)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("unit", ["D", "h", "s", "ms", "us", "ns"])
def test_reports_read_datetime_columns_like_day_numbers(rng, unit):
    """datetime64 columns are read in place (any time of day, dates before 1970 too) and give the
    reports that the same dates as whole epoch days give."""
    per_day = {"D": 1, "h": 24, "s": 86_400, "ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}[unit]
    n = 20_000
    issued = hk.epoch_day("2024-01-15") - rng.integers(0, 200, size=n)
    issued[::97] -= 20_000  # 1969 and earlier
    due = issued + rng.choice([0, 30, 60], size=n)
    paid = issued + rng.integers(0, 90, size=n)

    def ticks(days):
        return (days * per_day + rng.integers(0, per_day, size=len(days))).astype(f"datetime64[{unit}]")

    amount = rng.integers(1, 5_000_000, size=n)
    base = {"invoice_id": np.arange(n), "customer_id": rng.integers(0, 500, size=n), "amount_fen": amount,
            "open_fen": np.where(rng.uniform(size=n) < 0.4, 0, amount)}
    as_days = pd.DataFrame({**base, "invoice_date": issued, "due_date": due})
    as_ticks = pd.DataFrame({**base, "invoice_date": ticks(issued), "due_date": ticks(due)})
    settled = {"invoice_id": np.arange(n), "amount_fen": amount // 3}
    days_st = pd.DataFrame({**settled, "date": paid})
    ticks_st = pd.DataFrame({**settled, "date": ticks(paid)})
    for by in ("customer_id", None):
        pd.testing.assert_frame_equal(hk.aging_report(as_ticks, "2024-01-31", by=by),
                                      hk.aging_report(as_days, "2024-01-31", by=by))
        pd.testing.assert_frame_equal(hk.kpi_report(as_ticks, ticks_st, "2024-01-01", "2024-01-31", by=by),
                                      hk.kpi_report(as_days, days_st, "2024-01-01", "2024-01-31", by=by))
    orders = as_ticks.rename(columns={"invoice_date": "order_date"})
    pd.testing.assert_frame_equal(hk.rfm(orders, "2024-01-31"),
                                  hk.rfm(orders.assign(order_date=issued), "2024-01-31"))
