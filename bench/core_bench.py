"""Core vs the pandas / numpy / scikit-learn way an analyst would write the same thing.

    PYTHONPATH=build/python /usr/bin/python3 bench/core_bench.py [--scale 1.0]

Prints ONE table measured in this run: task, baseline seconds, core seconds, ratio (baseline /
core, higher is better); the grouped tasks also quote one np.bincount over their rows (a single
grouped sum: the floor any grouped report over them costs). Every task first checks that both
sides computed the same figures, so a speed-up can never come from computing something else.
Timings are the best of --repeat runs.

Sizes: 1,000,000 invoices of 10,000 customers (DESIGN.md: thousands of customers, millions of
invoices) for aging + DSO; 100,000 customers with 1,000,000 orders for scorecard + RFM against
the strongest vectorised pandas we could write, plus the scorecard with reasons against the
row-wise apply such rules are usually written as (10,000 customers: apply is slow); a logistic
fit on 1,000,000 x 16 against scikit-learn's default lbfgs and its Newton solver, both log-losses
reported (same objective: C = 1 / l2, raw penalty).
"""
from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import huikuan as hk

AS_OF = np.datetime64("2024-03-31")
FIRST, LAST = np.datetime64("2024-03-01"), np.datetime64("2024-03-31")
BUCKETS = [-np.inf, 0, 30, 60, 90, np.inf]
LABELS = ["current", "1-30", "31-60", "61-90", ">90"]


def best_of(fn, repeat):
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


# ---------------------------------------------------------------- aging + DSO, 1M invoices
def make_invoices(rng, n, customers):
    inv = np.datetime64("2023-04-01") + rng.integers(0, 366, size=n)
    due = inv + rng.choice([30, 45, 60], size=n)
    amount = rng.integers(100, 5_000_000_00, size=n)
    paid = np.where(rng.uniform(size=n) < 0.7, amount, amount // 2)
    paid_day = inv + rng.integers(0, 120, size=n)
    invoices = pd.DataFrame(
        {
            "invoice_id": np.arange(n),
            "customer_id": rng.integers(0, customers, size=n),
            "invoice_date": inv.astype("datetime64[ns]"),
            "due_date": due.astype("datetime64[ns]"),
            "amount_fen": amount,
        }
    )
    settled_by_as_of = np.where(paid_day <= AS_OF, paid, 0)
    invoices["open_fen"] = amount - settled_by_as_of
    settlements = pd.DataFrame(
        {"invoice_id": np.arange(n), "date": paid_day.astype("datetime64[ns]"), "amount_fen": paid}
    )
    return invoices, settlements


def pandas_aging_dso(invoices, settlements):
    dpd = (AS_OF - invoices["due_date"]).dt.days
    bucket = pd.cut(dpd, BUCKETS, labels=LABELS)
    open_ = invoices[invoices["open_fen"] > 0]
    aging = open_.groupby(["customer_id", bucket[open_.index]], observed=False)["open_fen"].sum().unstack(fill_value=0)
    # DSO per customer for the month: end AR / credit sales * days.
    inv_day = invoices["invoice_date"]
    st = settlements.merge(invoices[["invoice_id", "customer_id"]], on="invoice_id")
    sales = invoices["amount_fen"].where(inv_day.between(FIRST, LAST), 0).groupby(invoices["customer_id"]).sum()
    billed = invoices["amount_fen"].where(inv_day <= LAST, 0).groupby(invoices["customer_id"]).sum()
    paid = st["amount_fen"].where(st["date"] <= LAST, 0).groupby(st["customer_id"]).sum()
    end_ar = billed - paid.reindex(billed.index, fill_value=0)
    dso = (end_ar / sales * 31).where(sales > 0)
    return aging, dso


def core_aging_dso(invoices, settlements):
    aging = hk.aging_report(invoices, AS_OF, by="customer_id")
    kpis = hk.kpi_report(invoices, settlements, FIRST, LAST, by="customer_id")
    return aging, kpis["dso_days"]


# ---------------------------------------------------------------- scorecard + RFM, 100k customers
def make_customers(rng, n):
    paid = rng.integers(0, 60, size=n)
    customers = pd.DataFrame(
        {
            "size": rng.integers(0, 4, size=n),
            "tax_grade": rng.integers(0, 5, size=n),
            "bank_credit_line_fen": rng.choice([0, 10**8, 10**9, 5 * 10**9, 10**11], size=n),
            "paid_invoices": paid,
            "paid_on_time": (paid * rng.uniform(size=n)).astype(int),
        }
    )
    m = n * 10
    orders = pd.DataFrame(
        {
            "customer_id": rng.integers(0, n, size=m),
            "order_date": (AS_OF - rng.integers(0, 365, size=m)).astype("datetime64[ns]"),
            "amount_fen": rng.integers(100, 50_000_000, size=m),
        }
    )
    return customers, orders


def pandas_score_rfm(customers, orders):
    c = customers
    size_pts = np.array([5, 10, 15, 20])[c["size"]]
    tax_pts = np.array([25, 20, 15, 8, 0])[c["tax_grade"]]
    bank = c["bank_credit_line_fen"]
    bank_pts = np.select([bank >= 5 * 10**9, bank >= 10**9, bank >= 10**8, bank >= 1], [20, 15, 10, 5], 0)
    paid, on_time = c["paid_invoices"].to_numpy(), c["paid_on_time"].to_numpy()
    hist = np.where(paid > 0, (70 * on_time + paid) // np.maximum(2 * paid, 1), 0)
    total = size_pts + tax_pts + bank_pts + hist
    grade = np.select([total >= 90, total >= 80, total >= 70], [0, 1, 2], 3)
    g = orders.groupby("customer_id")
    rfm = pd.DataFrame(
        {"recency": (AS_OF - g["order_date"].max()).dt.days, "frequency": g.size(), "monetary": g["amount_fen"].sum()}
    )
    n = len(rfm)
    rfm["r"] = np.ceil(5 * rfm["recency"].rank(method="average", ascending=False) / n)
    rfm["f"] = np.ceil(5 * rfm["frequency"].rank(method="average") / n)
    rfm["m"] = np.ceil(5 * rfm["monetary"].rank(method="average") / n)
    loyal = (rfm.recency <= 30) & (rfm.frequency >= 5) & (rfm.monetary >= 10**8)
    churn = (rfm.recency > 90) & (rfm.frequency <= 2) & (rfm.monetary <= 5 * 10**7)
    rfm["segment"] = np.select([loyal, churn], [1, 2], 0)
    return total, grade, rfm


SIZE_NAMES = ["micro", "small", "medium", "large"]
TAX_NAMES = ["A", "B", "M", "C", "D"]


def pandas_scorecard_with_reasons(customers):
    """A rule-based scorecard with a reason per component, written row by row with
    DataFrame.apply: the usual shape of such rules in a notebook."""

    def score(row):
        size = [5, 10, 15, 20][row["size"]]
        tax = [25, 20, 15, 8, 0][row["tax_grade"]]
        line = row["bank_credit_line_fen"]
        bank = 20 if line >= 5 * 10**9 else 15 if line >= 10**9 else 10 if line >= 10**8 else 5 if line >= 1 else 0
        paid, on_time = row["paid_invoices"], row["paid_on_time"]
        hist = (70 * on_time + paid) // (2 * paid) if paid > 0 else 0
        total = size + tax + bank + hist
        return pd.Series(
            {
                "total": total,
                "size_reason": f"enterprise size {SIZE_NAMES[row['size']]}: {size} of 20 points",
                "tax_reason": f"tax credit grade {TAX_NAMES[row['tax_grade']]}: {tax} of 25 points",
                "bank_reason": f"bank credit line {line / 100:.2f} yuan: {bank} of 20 points",
                "history_reason": f"{on_time} of {paid} invoices paid on time: {hist} of 35 points",
            }
        )

    return customers.apply(score, axis=1)


def core_score_rfm(customers, orders):
    card = hk.scorecard(customers, reasons=False)
    rfm = hk.rfm(orders, AS_OF)
    return card, rfm


# ---------------------------------------------------------------- logistic fit, 1M x 16
def make_logistic(rng, n, p):
    x = rng.normal(size=(n, p))
    w = rng.normal(size=p) * 0.5
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(x @ w - 0.5)))).astype(np.float64)
    return x, y


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0, help="fraction of the full sizes (quick runs)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--only",
        action="append",
        choices=["aging", "score", "reasons", "logistic"],
        help="run only these tasks (repeatable); the data of every task is still generated, so each "
        "task sees the same data as in a full run",
    )
    args = ap.parse_args()

    def want(task: str) -> bool:
        return not args.only or task in args.only

    rng = np.random.default_rng(42)
    rows = []

    n_inv = int(1_000_000 * args.scale)
    invoices, settlements = make_invoices(rng, n_inv, max(10, int(10_000 * args.scale)))  # DESIGN: thousands of customers
    if want("aging"):
        run_aging(rows, invoices, settlements, n_inv, args.repeat)

    n_cust = int(100_000 * args.scale)
    customers, orders = make_customers(rng, n_cust)
    if want("score"):
        run_score(rows, customers, orders, n_cust, args.repeat)
    if want("reasons"):
        run_reasons(rows, customers, args.repeat)

    n_fit = int(1_000_000 * args.scale)
    x, y = make_logistic(rng, n_fit, 16)
    if want("logistic"):
        run_logistic(rows, x, y, n_fit, args.repeat)

    width = max(len(r[0]) for r in rows)
    print(f"{'task':{width}s}  {'baseline s':>10s}  {'core s':>8s}  {'ratio':>6s}  note")
    for task, b, c, note in rows:
        print(f"{task:{width}s}  {b:10.3f}  {c:8.3f}  {b / c:5.1f}x  {note}")


def bincount_floor(keys, weights, repeat):
    """One np.bincount over the rows: a single grouped sum, the least any grouped report over them
    costs (the floor the core's figures are quoted against)."""
    keys, weights = keys.to_numpy(), weights.to_numpy()
    return best_of(lambda: np.bincount(keys, weights=weights), repeat)[0]


def run_aging(rows, invoices, settlements, n_inv, repeat):
    tb, (aging_b, dso_b) = best_of(lambda: pandas_aging_dso(invoices, settlements), repeat)
    tc, (aging_c, dso_c) = best_of(lambda: core_aging_dso(invoices, settlements), repeat)
    np.testing.assert_array_equal(aging_c.loc[aging_b.index, LABELS].to_numpy(), aging_b[LABELS].to_numpy())
    np.testing.assert_allclose(dso_c.loc[dso_b.index].to_numpy(), dso_b.to_numpy(), rtol=1e-9)
    floor = bincount_floor(invoices["customer_id"], invoices["open_fen"], repeat)
    rows.append((f"aging + DSO, {n_inv:,} invoices", tb, tc, f"floor: one np.bincount {floor * 1e3:.1f} ms"))


def run_score(rows, customers, orders, n_cust, repeat):
    tb, (total_b, grade_b, rfm_b) = best_of(lambda: pandas_score_rfm(customers, orders), repeat)
    tc, (card_c, rfm_c) = best_of(lambda: core_score_rfm(customers, orders), repeat)
    np.testing.assert_array_equal(card_c["total"].to_numpy(), total_b)
    np.testing.assert_array_equal(card_c["grade"].cat.codes.to_numpy(), grade_b)
    for core_col, pandas_col in [("recency_days", "recency"), ("frequency", "frequency"), ("monetary_fen", "monetary")]:
        np.testing.assert_array_equal(rfm_c[core_col].to_numpy(), rfm_b[pandas_col].to_numpy())
    np.testing.assert_array_equal(rfm_c["r_score"].to_numpy(), rfm_b["r"].to_numpy())
    np.testing.assert_array_equal(rfm_c["f_score"].to_numpy(), rfm_b["f"].to_numpy())
    np.testing.assert_array_equal(rfm_c["m_score"].to_numpy(), rfm_b["m"].to_numpy())
    np.testing.assert_array_equal(rfm_c["segment"].cat.codes.to_numpy(), rfm_b["segment"].to_numpy())
    floor = bincount_floor(orders["customer_id"], orders["amount_fen"], repeat)
    rows.append(
        (
            f"scorecard + RFM, {n_cust:,} customers ({len(orders):,} orders)",
            tb,
            tc,
            f"vectorised pandas; floor: one np.bincount {floor * 1e3:.1f} ms",
        )
    )


def run_reasons(rows, customers, repeat):
    # Row-wise apply takes ~25 us a row: measured on the first 10,000 customers to keep the run short.
    few = customers.head(10_000)
    tb, card_b = best_of(lambda: pandas_scorecard_with_reasons(few), 1)
    tc, card_c = best_of(lambda: hk.scorecard(few, reasons=True), repeat)
    np.testing.assert_array_equal(card_c["total"].to_numpy(), card_b["total"].to_numpy())
    rows.append((f"scorecard with reasons, {len(few):,} customers", tb, tc, "pandas row-wise apply"))


def run_logistic(rows, x, y, n_fit, repeat):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression

    l2 = 1.0  # sklearn C = 1 / l2 with the raw penalty: the same objective
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        tb, sk = best_of(lambda: LogisticRegression(C=1 / l2, max_iter=1000).fit(x, y), repeat)
        tn, skn = best_of(
            lambda: LogisticRegression(C=1 / l2, solver="newton-cholesky", max_iter=1000).fit(x, y), repeat
        )
    tc, core = best_of(lambda: hk.fit_logistic_regression(x, y, l2=l2, penalty="raw"), repeat)
    ll_sk = hk.log_loss(y, sk.predict_proba(x)[:, 1])
    ll_skn = hk.log_loss(y, skn.predict_proba(x)[:, 1])
    ll_core = hk.log_loss(y, core.predict(x))
    assert ll_core <= ll_sk + 1e-6, (ll_core, ll_sk)
    rows.append((f"logistic fit {n_fit:,} x 16 vs lbfgs (default)", tb, tc, f"log-loss {ll_sk:.9f} vs {ll_core:.9f}"))
    rows.append((f"logistic fit {n_fit:,} x 16 vs newton-cholesky", tn, tc, f"log-loss {ll_skn:.9f} vs {ll_core:.9f}"))


if __name__ == "__main__":
    main()
