"""The IBM late-payment file: the core must match scikit-learn on the same leakage-free features."""
from __future__ import annotations

import io

import numpy as np

from huikuan import evaluate
from huikuan.data import load_ibm_invoices


def test_history_features_use_only_invoices_settled_before(ibm_csv):
    df = load_ibm_invoices(ibm_csv)
    feats = evaluate.history_features(df)
    # Recompute a few rows the slow, obvious way.
    for i in np.random.default_rng(3).choice(len(df), size=40, replace=False):
        row = df.iloc[i]
        prior = df[(df.customer_id == row.customer_id) & (df.settled_date < row.invoice_date)]
        assert feats["log_hist_n"].iloc[i] == np.log1p(len(prior))
        if len(prior):
            assert feats["hist_mean_days_late"].iloc[i] == prior.days_late.mean()
            assert feats["hist_late_share"].iloc[i] == (prior.days_late > 0).mean()
            assert feats["hist_disputed_share"].iloc[i] == prior.disputed.mean()
            undisputed = prior[~prior.disputed]
            expected = (undisputed if len(undisputed) else prior).days_to_settle.mean()
            assert np.isclose(feats["hist_undisputed_days_to_settle"].iloc[i], expected)
        else:
            assert feats["has_history"].iloc[i] == 0.0


def test_amounts_parsed_to_exact_fen(ibm_csv):
    df = load_ibm_invoices(ibm_csv)
    assert df["amount_fen"].dtype == np.int64
    first = df[df.invoice_number == 611365]
    assert int(first.amount_fen.iloc[0]) == 5594  # "55.94"


def test_core_at_least_matches_sklearn_on_ibm(ibm_csv):
    out = io.StringIO()
    results = evaluate.run(str(ibm_csv), out=out)
    print(out.getvalue())
    labels = list(results)
    sk_base, core_base, sk_ext, core_ext = (results[k] for k in labels)
    assert core_base.auc >= sk_base.auc - 1e-4
    assert core_base.within >= sk_base.within - 0.002
    assert core_ext.auc >= sk_ext.auc - 1e-4
    assert core_ext.within >= sk_ext.within - 0.002
    # The goals (AUC >= 0.93, >= 92% within +-10 days), reached with the customer's dispute
    # record among the leakage-free features (AUC 0.931, 93.7% measured).
    assert core_ext.auc >= 0.93
    assert core_ext.within >= 0.92
