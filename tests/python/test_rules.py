"""Tiering, warnings, limitation, dunning, commission and cash application through Python, with
the seeds' figures and batch == scalar on seeded random data."""
from __future__ import annotations

import numpy as np
import pytest

import huikuan as hk


def test_r_tier_2_batch_matches_scalar(rng):
    n = 2000
    pos = rng.integers(0, 4, size=n)
    years = rng.integers(0, 10, size=n)
    share = rng.integers(0, 10001, size=n)
    grade = rng.integers(0, 4, size=n)
    tiers = hk.assign_tiers(pos, years, share, grade)
    for i in range(0, n, 37):
        assert hk.TIERS[tiers[i]] == hk.assign_tier(int(pos[i]), int(years[i]), int(share[i]), int(grade[i]))["tier"]
    # Strategic core: industry head, > 5 years, >= 30% -> 60 days + quarterly rebate.
    r = hk.assign_tier(0, 6, 3000, 0)
    assert (r["tier"], r["base_term_days"], r["rebate"]) == ("strategic_core", 60, "quarterly")


def test_r_warn_seed_example_and_batch(rng):
    w = hk.evaluate_warning(65, 45, 60, 100, 0, 1000, 0, 0)
    assert w["level"] == "red" and w["credit_hold"] and w["notify_within_hours"] == 24
    assert [r["rule"] for r in w["reasons"]] == ["R-WARN-1", "R-WARN-2"]
    n = 500
    dso = rng.uniform(0, 120, size=n)
    avg = np.where(rng.uniform(size=n) < 0.2, np.nan, rng.uniform(20, 80, size=n))
    this, prior = rng.integers(0, 10**8, size=n), rng.integers(0, 10**8, size=n)
    limit = rng.integers(0, 10**8, size=n)
    overdue = rng.integers(0, 10**8, size=n)
    balance = rng.integers(0, 10**8, size=n)
    over30 = (balance * rng.uniform(size=n)).astype(np.int64)
    levels = hk.evaluate_warnings(dso, avg, this, prior, overdue, limit, balance, over30)
    for i in range(n):
        one = hk.evaluate_warning(
            dso[i], None if np.isnan(avg[i]) else avg[i], int(this[i]), int(prior[i]),
            int(overdue[i]), int(limit[i]), int(balance[i]), int(over30[i]),
        )
        assert hk.WARNING_LEVELS[levels[i]] == one["level"]


def test_r_law_1_limitation():
    s = hk.evaluate_limitation("2021-01-10", None, "2023-10-01")
    assert (s["start_day"], s["last_day"], s["state"]) == ("2021-01-11", "2024-01-10", "warning")


def test_r_dun_1_ladder_and_pauses():
    due = np.array(["2024-03-08", "2024-02-27", "2024-02-15", "2024-02-27"], dtype="datetime64[D]")
    run = hk.due_dunning_actions([1, 2, 3, 4], due, [100, 100, 100, 100], "2024-03-01", disputed=[0, 0, 0, 1])
    assert run["action"] == ["pre_reminder", "dunning_letter", "lawyer_letter"]
    assert run["days_from_due"].tolist() == [-7, 3, 15]
    assert run["paused_disputed"] == 1


def test_r_comm_1_and_2():
    c = hk.compute_commission(9_000_000, 10_000_000, 300, 500_000, 0)
    assert (c["commission"], c["bonus"]) == (283_500, 500_000)
    c = hk.compute_commission(8_000_000, 10_000_000, 300, 500_000, 1)
    assert (c["commission"], c["bonus"], c["bonus_cut"]) == (240_000, 400_000, 100_000)
    assert [hk.collection_rate_kpi_weight_bp(d) for d in ("sales", "finance", "investment")] == [3000, 2000, 1500]


def test_r_pay_1_reference_then_oldest():
    r = hk.apply_payment(150, "INV-2", [1, 2, 3], ["INV-1", "INV-2", "INV-3"], ["2024-01-01", "2024-01-02", "2024-01-03"],
                         ["2024-02-01", "2024-02-02", "2024-02-03"], [100, 100, 100])
    assert r["invoice_id"].tolist() == [2, 1] and r["amount"].tolist() == [100, 50] and r["unapplied"] == 0


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: hk.assign_tiers([0, 1], [1], [1, 1], [0, 0]), "length"),
        (lambda: hk.assign_tiers([9], [1], [1], [0]), "IndustryPosition"),
        (lambda: hk.evaluate_warnings([np.nan], [1.0], [0], [0], [0], [0], [0], [0]), "dso_days"),
        (lambda: hk.due_dunning_actions([1], ["2024-01-01"], [-5], "2024-03-01"), "negative"),
        (lambda: hk.apply_payment(0, "", [1], ["a"], ["2024-01-01"], ["2024-02-01"], [1]), "payment"),
        (lambda: hk.apply_payment(5, "", [1, 2], ["a"], ["2024-01-01"], ["2024-02-01"], [1]), "lengths"),
        (lambda: hk.collection_rate_kpi_weight_bp("marketing"), "department"),
        (lambda: hk.evaluate_limitation("2199-12-01", None, "2199-12-31"), "outside|range"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(hk.InvalidArgumentError, match=match):
        call()


def test_r_term_2_new_customer_ladder_orders_1_2_3():
    first = hk.effective_terms(60, 0, 0, 0, False, False, 1_000_000)
    second = hk.effective_terms(60, 0, 1, 0, False, False, 1_000_000)
    third = hk.effective_terms(60, 0, 2, 0, False, False, 1_000_000)
    assert (first["prepayment_bp"], first["credit_days"]) == (10_000, 0)
    assert (second["prepayment_bp"], second["credit_days"], second["prepayment"]) == (5_000, 45, 500_000)
    assert (third["prepayment_bp"], third["credit_days"]) == (0, 60)


def test_r_term_1_bonuses_capped_at_60_days():
    t = hk.effective_terms(45, 0, 5, 200_000_000, True, True, 1_000_000, "2024-03-01")
    assert t["credit_days"] == 60 and t["due_day"] == "2024-04-30"
    assert [s["step"] for s in t["steps"]][-1] == "policy_cap"
    with pytest.raises(hk.FailedPreconditionError, match="R-TERM-3"):
        hk.check_policy_notice_period("2024-03-01", "2024-03-15")


def test_r_kpi_1_countback_dso_matches_pandas(rng):
    import pandas as pd

    n = 5000
    inv_day = np.datetime64("2023-01-01") + rng.integers(0, 440, size=n)
    amount = rng.integers(1, 10**8, size=n)
    group = rng.integers(0, 40, size=n)
    paid = rng.uniform(size=n) < 0.6
    pay_day = inv_day + rng.integers(0, 90, size=n)
    idx = np.flatnonzero(paid)
    as_of = np.datetime64("2024-03-15")
    got = hk.dso_countback_by_group(inv_day, inv_day + 30, amount, idx, pay_day[idx], amount[idx], as_of,
                                    12, group_keys=group)
    df = pd.DataFrame({"g": group, "d": inv_day, "a": amount})
    settled = pd.DataFrame({"g": group[idx], "d": pay_day[idx], "a": amount[idx]})
    months = pd.period_range(end=pd.Period(as_of, "M"), periods=12, freq="M")[::-1]
    for k, (key, dso) in enumerate(zip(got["group_key"], got["dso_days"])):
        mine = df[df.g == key]
        ar = int(mine.a[mine.d <= as_of].sum()) - int(settled.a[(settled.g == key) & (settled.d <= as_of)].sum())
        assert got["end_ar"][k] == ar
        want, left = 0.0, ar
        for i, m in enumerate(months):
            last = as_of if i == 0 else m.end_time.to_datetime64().astype("datetime64[D]")
            first = m.start_time.to_datetime64().astype("datetime64[D]")
            days = int((last - first).astype(int)) + 1
            sales = int(mine.a[(mine.d >= first) & (mine.d <= last)].sum())
            if left <= 0:
                break
            if sales >= left:
                want += days * left / sales
                left = 0
                break
            want += days
            left -= sales
        assert dso == pytest.approx(want, rel=1e-9), key
