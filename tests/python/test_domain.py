"""Every batch function against a plain pandas/numpy computation on seeded random data.

Money must be equal to the fen, ratios to 1e-9. Rule ids: R-AGING-1, R-TERM-4, R-KPI-1,
R-SCORE-1/2.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import huikuan as hk

AS_OF = np.datetime64("2024-03-31")


def _invoices(rng, n=20000):
    inv = np.datetime64("2023-06-01") + rng.integers(0, 300, size=n)
    due = inv + rng.choice([30, 45, 60], size=n)
    amount = rng.integers(1, 50_000_000_00, size=n)  # up to 50M yuan
    open_fen = np.where(rng.uniform(size=n) < 0.3, 0, rng.integers(0, amount + 1))
    return pd.DataFrame(
        {
            "invoice_id": np.arange(n) * 7 + 1000,
            "customer_id": rng.integers(0, 500, size=n),
            "salesperson": rng.choice(["wang", "li", "zhang", "zhao"], size=n),
            "invoice_date": inv.astype("datetime64[ns]"),
            "due_date": due.astype("datetime64[ns]"),
            "amount_fen": amount,
            "open_fen": open_fen,
        }
    )


def _pandas_aging(df, as_of, by):
    dpd = (np.datetime64(as_of, "D") - df["due_date"].to_numpy().astype("datetime64[D]")).astype(int)
    bucket = pd.cut(dpd, [-np.inf, 0, 30, 60, 90, np.inf], labels=["current", "1-30", "31-60", "61-90", ">90"])
    live = df.assign(bucket=bucket)[df["open_fen"] > 0]
    return live.pivot_table(index=by, columns="bucket", values="open_fen", aggfunc="sum", fill_value=0, observed=False)


@pytest.mark.parametrize("by", ["customer_id", "salesperson"])
def test_r_aging_1_matches_pandas_to_the_fen(rng, by):
    df = _invoices(rng)
    got = hk.aging_report(df, AS_OF, by=by)
    want = _pandas_aging(df, AS_OF, by)
    got = got.loc[want.index]
    for label in ["current", "1-30", "31-60", "61-90", ">90"]:
        np.testing.assert_array_equal(got[label].to_numpy(), want[label].to_numpy().astype(np.int64))
    np.testing.assert_array_equal(got["total"].to_numpy(), want.sum(axis=1).to_numpy())


def test_r_aging_1_buckets_per_invoice(rng):
    df = _invoices(rng, 2000)
    got = hk.aging_buckets(df, "2024-03-31")
    dpd = (AS_OF - df["due_date"].to_numpy().astype("datetime64[D]")).astype(int)
    want = pd.cut(dpd, [-np.inf, 0, 30, 60, 90, np.inf], labels=list(got.cat.categories))
    assert list(got.astype(str)) == list(pd.Series(want).astype(str))
    # Boundaries: due today is current, yesterday 1-30, 31 days ago 31-60, 91 days ago >90.
    days = AS_OF - np.array([0, 1, 30, 31, 90, 91])
    assert list(hk.assign_buckets(days, AS_OF)) == [0, 1, 1, 2, 3, 4]


def test_r_term_4_late_fees_match_integer_arithmetic(rng):
    n = 10000
    amount = rng.integers(0, 10**12, size=n)
    due = AS_OF - rng.integers(-30, 400, size=n)
    fees, total = hk.late_fees(amount, due, AS_OF)
    days = np.maximum((AS_OF - due).astype(int), 0)
    want = [(2 * int(a) * 5 * int(d) + 10000) // 20000 for a, d in zip(amount, days)]  # half up
    assert fees.tolist() == want
    assert total == sum(want)
    assert hk.late_fee(1_000_000, 10) == 5000  # the seed's 0.05%/day on 10,000 yuan for 10 days


def _pandas_kpis(inv, st, first, last, by):
    first, last = np.datetime64(first), np.datetime64(last)
    inv = inv.copy()
    d = inv["invoice_date"].to_numpy().astype("datetime64[D]")
    due = inv["due_date"].to_numpy().astype("datetime64[D]")
    a = inv["amount_fen"]
    st = st.merge(inv[["invoice_id", by]], on="invoice_id")
    sd = st["date"].to_numpy().astype("datetime64[D]")
    g = inv.groupby(by)
    out = pd.DataFrame(
        {
            "credit_sales": a.where((d >= first) & (d <= last), 0).groupby(inv[by]).sum(),
            "inv_before": a.where(d < first, 0).groupby(inv[by]).sum(),
            "inv_to_end": a.where(d <= last, 0).groupby(inv[by]).sum(),
            "inv_current_end": a.where((d <= last) & (due >= last), 0).groupby(inv[by]).sum(),
            "due_in_period": a.where((due >= first) & (due <= last), 0).groupby(inv[by]).sum(),
        }
    )
    cur = st.merge(inv[["invoice_id", "due_date", "invoice_date"]], on="invoice_id")
    cdue = cur["due_date"].to_numpy().astype("datetime64[D]")
    cinv = cur["invoice_date"].to_numpy().astype("datetime64[D]")
    s = st["amount_fen"]
    grp = st[by]
    out["set_before"] = s.where(sd < first, 0).groupby(grp).sum()
    out["set_to_end"] = s.where(sd <= last, 0).groupby(grp).sum()
    out["set_current_end"] = cur["amount_fen"].where((sd <= last) & (cdue >= last) & (cinv <= last), 0).groupby(cur[by]).sum()
    out["collections"] = s.where((sd >= first) & (sd <= last), 0).groupby(grp).sum()
    out["collected_of_due"] = cur["amount_fen"].where((cdue >= first) & (cdue <= last) & (sd <= last), 0).groupby(cur[by]).sum()
    out = out.fillna(0).astype(np.int64)
    res = pd.DataFrame(index=out.index)
    res["credit_sales"] = out["credit_sales"]
    res["begin_ar"] = out["inv_before"] - out["set_before"]
    res["end_ar"] = out["inv_to_end"] - out["set_to_end"]
    res["end_current_ar"] = out["inv_current_end"] - out["set_current_end"]
    res["collections"] = out["collections"]
    res["due_in_period"] = out["due_in_period"]
    res["collected_of_due"] = out["collected_of_due"]
    days = int((last - first).astype(int)) + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        res["dso_days"] = res["end_ar"] / res["credit_sales"] * days
        res["ar_turnover"] = res["credit_sales"] / ((res["begin_ar"] + res["end_ar"]) / 2)
        res["overdue_rate"] = (res["end_ar"] - res["end_current_ar"]) / res["end_ar"]
        res["collection_rate"] = res["collected_of_due"] / res["due_in_period"]
        res["cei"] = (res["begin_ar"] + res["credit_sales"] - res["end_ar"]) / (
            res["begin_ar"] + res["credit_sales"] - res["end_current_ar"]
        )
    # The core defines a ratio with a zero denominator as NaN (pandas gives inf for x/0).
    return res.replace([np.inf, -np.inf], np.nan)


def _settlements(rng, inv):
    # Each invoice is paid in full or in part, some time after its invoice date.
    pick = inv.sample(frac=0.8, random_state=7)
    paid = (pick["amount_fen"] * rng.choice([1.0, 0.5, 0.25], size=len(pick))).astype(np.int64)
    date = pick["invoice_date"] + pd.to_timedelta(rng.integers(0, 120, size=len(pick)), unit="D")
    return pd.DataFrame({"invoice_id": pick["invoice_id"].to_numpy(), "date": date.to_numpy(), "amount_fen": paid.to_numpy()})


def test_r_kpi_1_matches_pandas(rng):
    inv = _invoices(rng, 20000)
    st = _settlements(rng, inv)
    got = hk.kpi_report(inv, st, "2024-01-01", "2024-01-31", by="customer_id")
    want = _pandas_kpis(inv, st, "2024-01-01", "2024-01-31", "customer_id")
    got = got.loc[want.index]
    for col in ["credit_sales", "begin_ar", "end_ar", "end_current_ar", "collections", "due_in_period", "collected_of_due"]:
        np.testing.assert_array_equal(got[col].to_numpy(), want[col].to_numpy(), err_msg=col)
    for col in ["dso_days", "ar_turnover", "overdue_rate", "collection_rate", "cei"]:
        np.testing.assert_allclose(got[col].to_numpy(), want[col].to_numpy(), rtol=1e-9, err_msg=col)


def test_dso_scalars():
    assert hk.dso_simple(150, 300, 30) == pytest.approx(15.0, abs=1e-12)
    assert hk.dso_countback(150, [100, 100], [31, 29]) == pytest.approx(45.5, abs=1e-12)


SIZE_POINTS = [5, 10, 15, 20]
TAX_POINTS = [25, 20, 15, 8, 0]


def _pandas_score(df):
    bank = df["bank_credit_line_fen"]
    bank_pts = np.select(
        [bank >= 5_000_000_000, bank >= 1_000_000_000, bank >= 100_000_000, bank >= 1], [20, 15, 10, 5], 0
    )
    paid, on_time = df["paid_invoices"].to_numpy(), df["paid_on_time"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        hist = np.where(paid > 0, (2 * 35 * on_time + paid) // np.maximum(2 * paid, 1), 0)  # half up
    total = np.array(SIZE_POINTS)[df["size"]] + np.array(TAX_POINTS)[df["tax_grade"]] + bank_pts + hist
    risk = np.where(total >= 90, 0, np.where(total >= 70, 1, 2))
    grade = np.select([total >= 90, total >= 80, total >= 70], [0, 1, 2], 3)
    return total, risk, grade


def _customers(rng, n=50000):
    paid = rng.integers(0, 60, size=n)
    return pd.DataFrame(
        {
            "size": rng.integers(0, 4, size=n),
            "tax_grade": rng.integers(0, 5, size=n),
            "bank_credit_line_fen": rng.choice([0, 1, 99_999_999, 100_000_000, 10**9, 5 * 10**9, 10**11], size=n),
            "paid_invoices": paid,
            "paid_on_time": (paid * rng.uniform(size=n)).astype(int),
        }
    )


def test_r_score_1_batch_matches_pandas(rng):
    df = _customers(rng)
    total, risk, grade = hk.score_batch(
        df["size"], df["tax_grade"], df["bank_credit_line_fen"], df["paid_invoices"], df["paid_on_time"]
    )
    w_total, w_risk, w_grade = _pandas_score(df)
    np.testing.assert_array_equal(total, w_total)
    np.testing.assert_array_equal(risk, w_risk)
    np.testing.assert_array_equal(grade, w_grade)
    frame = hk.scorecard(df.head(1000))
    np.testing.assert_array_equal(frame["total"].to_numpy(), w_total[:1000])
    np.testing.assert_array_equal(
        frame[["size_points", "tax_points", "bank_points", "history_points"]].sum(axis=1).to_numpy(), w_total[:1000]
    )
    assert frame["summary"].str.contains("points").all()


def test_r_score_1_cut_offs_69_70_89_90():
    # Large (20) + A (25) + 20 bank + history k/35: totals around the cut-offs.
    for total, risk, grade in [(69, "high", "D"), (70, "medium", "C"), (89, "medium", "B"), (90, "low", "A")]:
        df = pd.DataFrame({"size": [3], "tax_grade": [0], "bank_credit_line_fen": [5 * 10**9], "paid_invoices": [35], "paid_on_time": [total - 65]})
        row = hk.scorecard(df).iloc[0]
        assert (row["total"], row["risk"], row["grade"]) == (total, risk, grade)


def test_money_parse_and_format_exact():
    assert hk.parse_yuan(["0.29", "55.94", "-0.5", "7"]).tolist() == [29, 5594, -50, 700]
    assert hk.format_yuan(np.array([29, -50, 0])) == ["0.29", "-0.50", "0.00"]
    assert hk.data.parse_yuan(pd.Series(["0.29", "1.1", "1234567.89"])).tolist() == [29, 110, 123456789]
    with pytest.raises(hk.InvalidArgumentError, match=r"texts\[1\]"):
        hk.parse_yuan(["1.00", "1.005"])
    with pytest.raises(hk.InvalidArgumentError, match=r"amount\[0\]"):
        hk.data.parse_yuan(pd.Series(["1,000.00"]))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: hk.age_by_group([1, 2], ["2024-01-01"], AS_OF), "length"),
        (lambda: hk.age_by_group([-1], ["2024-01-01"], AS_OF), "negative"),
        (lambda: hk.age_by_group([1.0, np.nan], ["2024-01-01", "2024-01-02"], AS_OF), r"open_amounts\[1\]: missing"),
        (lambda: hk.age_by_group([1.5], ["2024-01-01"], AS_OF), "not an integer"),
        (lambda: hk.age_by_group([2**62], ["2024-01-01"], AS_OF), "exceeds"),
        (lambda: hk.age_by_group([1], ["2250-01-01"], AS_OF), "outside"),
        (lambda: hk.age_by_group([1], np.array(["NaT"], dtype="datetime64[D]"), AS_OF), "NaT"),
        (lambda: hk.age_by_group([1], ["2024-01-01"], "2024-13-01"), "as_of"),
        (lambda: hk.age_by_group([1], ["2024-01-01"], AS_OF, bounds=[30, 0]), "upper_bounds"),
        (lambda: hk.late_fees([10**18], ["2024-01-01"], AS_OF), "exceeds"),
        (lambda: hk.late_fees([1, 2], ["2024-01-01"], AS_OF), "length"),
        (lambda: hk.score_batch([0], [7], [0], [0], [0]), "not a TaxCreditGrade"),
        (lambda: hk.score_batch([0], [0], [0], [1], [2]), "paid_on_time"),
        (lambda: hk.score_batch([0, 1], [0], [0], [1], [1]), "length"),
        (lambda: hk.score_batch([300], [0], [0], [0], [0]), "out of range"),
        (lambda: hk.scorecard(pd.DataFrame({"size": ["giant"], "tax_grade": ["A"], "bank_credit_line_fen": [0], "paid_invoices": [0], "paid_on_time": [0]})), "giant"),
        (lambda: hk.kpis_by_group([0], [0], [1], [5], [0], [1], 0, 10), "invoice_index"),
        (lambda: hk.kpis_by_group([0], [0], [1], [], [], [], 10, 0), "before"),
        (lambda: hk.age_by_group(None, [], AS_OF), "None"),
        (lambda: hk.age_by_group(["a"], ["2024-01-01"], AS_OF), "not an integer"),
    ],
)
def test_bad_input_is_invalid_argument_never_a_crash(call, match):
    with pytest.raises(hk.InvalidArgumentError, match=match):
        call()


def test_empty_inputs():
    t = hk.age_by_group(np.array([], dtype=np.int64), np.array([], dtype=np.int32), AS_OF)
    assert t["amounts"].sum() == 0
    fees, total = hk.late_fees([], [], AS_OF)
    assert fees.size == 0 and total == 0
    assert hk.score_batch([], [], [], [], [])[0].size == 0


def test_columns_are_not_copied_when_contiguous():
    amounts = np.arange(1, 1001, dtype=np.int64)
    due = np.full(1000, 19000, dtype=np.int32)
    # A read-only input proves the core only reads it; an int64 view is passed through as-is.
    amounts.flags.writeable = False
    t = hk.age_by_group(amounts, due, 19100)
    assert t["totals"][0] == amounts.sum()
    assert t["amounts"].base is not None  # the result owns a C++ buffer through a capsule


def _orders(rng, n=30000, customers=3000):
    return pd.DataFrame(
        {
            "customer_id": rng.integers(0, customers, size=n),
            "order_date": (AS_OF - rng.integers(0, 400, size=n)).astype("datetime64[ns]"),
            "amount_fen": rng.integers(1, 80_000_000, size=n) * rng.integers(1, 3, size=n),
        }
    )


def test_r_rfm_1_matches_pandas(rng):
    orders = _orders(rng)
    got = hk.rfm(orders, AS_OF)
    g = orders.groupby("customer_id")
    want = pd.DataFrame(
        {
            "recency_days": (AS_OF - g["order_date"].max().to_numpy().astype("datetime64[D]")).astype(np.int64),
            "frequency": g.size(),
            "monetary_fen": g["amount_fen"].sum(),
        }
    )
    n = len(want)
    want["r_score"] = np.ceil(5 * want["recency_days"].rank(method="average", ascending=False) / n)
    want["f_score"] = np.ceil(5 * want["frequency"].rank(method="average") / n)
    want["m_score"] = np.ceil(5 * want["monetary_fen"].rank(method="average") / n)
    loyal = (want.recency_days <= 30) & (want.frequency >= 5) & (want.monetary_fen >= 100_000_000)
    churn = (want.recency_days > 90) & (want.frequency <= 2) & (want.monetary_fen <= 50_000_000)
    want["segment"] = np.select([loyal, churn], ["loyal_high_value", "low_value_churn_risk"], "other")
    assert list(got.index) == list(want.index)
    for col in ["recency_days", "frequency", "monetary_fen", "r_score", "f_score", "m_score"]:
        np.testing.assert_array_equal(got[col].to_numpy().astype(np.int64), want[col].to_numpy().astype(np.int64), err_msg=col)
    assert list(got["segment"].astype(str)) == list(want["segment"])
    advice = dict(zip(hk.RFM_SEGMENTS, hk.RFM_SEGMENT_ADVICE))
    assert list(got["advice"].astype(str)) == [advice[s] for s in want["segment"]]
    assert loyal.any() and churn.any()


def test_r_rfm_1_bad_input():
    with pytest.raises(hk.InvalidArgumentError, match="after"):
        hk.compute_rfm([1], ["2024-04-02"], [100], "2024-04-01")
    with pytest.raises(hk.InvalidArgumentError, match="negative"):
        hk.compute_rfm([1], ["2024-03-02"], [-100], "2024-04-01")
    with pytest.raises(hk.InvalidArgumentError, match="length"):
        hk.rfm_scores([1, 2], [1], [1, 2])


@pytest.mark.parametrize("unit", ["D", "h", "s", "ms", "us", "ns", "W"])
def test_datetime_columns_of_any_unit_become_civil_days(rng, unit):
    ns = rng.integers(-2 * 10**18, 2 * 10**18, size=5000).astype("datetime64[ns]")
    dates = ns.astype(f"datetime64[{unit}]")
    want = dates.astype("datetime64[D]").astype(np.int64)  # numpy floors toward -inf
    as_of = np.datetime64("2000-01-01")
    buckets = hk.assign_buckets(dates, as_of, bounds=[0])
    np.testing.assert_array_equal(buckets, (as_of.astype(np.int64) - want > 0).astype(np.int8))
