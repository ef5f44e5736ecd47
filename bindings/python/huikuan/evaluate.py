"""Evaluate the late-payment and days-to-settle models on an invoice history file.

    PYTHONPATH=build/python /usr/bin/python3 -m huikuan.evaluate ../shared/data/ibm-late-payment-histories.csv

Protocol (R-FCST-1 / R-FCST-2, as the data README prescribes):
  * Features for an invoice use only what was known on its invoice date: the invoice itself and
    the customer's invoices SETTLED strictly before that date (their lateness and whether they were
    disputed are then known: the share disputed, the mean days to settle of the undisputed), plus
    how many of the customer's earlier invoices were still open on that date and the invoice's
    month (seasonality).
  * Rows are ordered by invoice date; the earliest 75% train, the rest test. The feature set (with
    or without month seasonality) and l2 of the tuned rows are chosen per model on the last
    quarter of the training rows (a time-ordered validation split), then the model is refitted
    on all training rows: the test rows are touched once.
  * Reported side by side, in the same run: scikit-learn and the core on the same base features
    with the same regularisation (they must agree), then the core with the extended features and
    validated regularisation, next to scikit-learn given the very same extended features and
    settings (so any gain is attributable to features/regularisation, not to the engine).
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from huikuan import _core
from huikuan.data import load_ibm_invoices

__all__ = ["history_features", "split_by_date", "run", "main", "BASE_FEATURES", "EXTENDED_FEATURES"]

BASE_FEATURES = [
    "log_amount",
    "disputed",
    "paperless",
    "has_history",
    "log_hist_n",
    "hist_late_share",
    "hist_mean_days_late",
    "hist_mean_days_to_settle",
]
EXTENDED_ONLY = [
    "hist_last_days_late",
    "hist_last_days_to_settle",
    "hist_max_days_late",
    "hist_ewm_days_late",
    "hist_ewm_days_to_settle",
    "open_at_invoice",
    "log_days_since_last_settled",
    # The customer's dispute record and its lateness apart from disputes: disputed invoices are the
    # late ones in this file, so a customer that disputes often is likely late again, and its
    # undisputed invoices say how fast it pays when nothing is contested.
    "hist_disputed_share",
    "hist_undisputed_days_to_settle",
]
LATE_THRESHOLD_DAYS = 0
WITHIN_DAYS = 10.0


def history_features(df: pd.DataFrame) -> pd.DataFrame:
    """Leakage-free features, one row per invoice of `df` (columns of load_ibm_invoices)."""
    out = pd.DataFrame(index=df.index)
    out["log_amount"] = np.log1p(df["amount_fen"].to_numpy() / 100.0)
    out["disputed"] = df["disputed"].astype(float)
    out["paperless"] = df["paperless"].astype(float)
    for c in sorted(df["country"].unique())[1:]:
        out[f"country={c}"] = (df["country"] == c).astype(float)
    cols = {k: np.zeros(len(df)) for k in BASE_FEATURES[3:] + EXTENDED_ONLY}
    inv = df["invoice_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    settled = df["settled_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    disputed = df["disputed"].to_numpy().astype(bool)
    late_days = df["days_late"].to_numpy().astype(float)
    to_settle = df["days_to_settle"].to_numpy().astype(float)
    for _, idx in df.groupby("customer_id", sort=True).indices.items():
        s_order = idx[np.argsort(settled[idx], kind="stable")]  # the customer's invoices by settlement
        s_days = settled[s_order]
        for i in idx:
            k = int(np.searchsorted(s_days, inv[i], side="left"))  # settled strictly before
            prior = s_order[:k]
            open_now = np.count_nonzero((inv[idx] < inv[i]) & (settled[idx] >= inv[i]))
            cols["open_at_invoice"][i] = open_now
            if k == 0:
                continue
            dl, ds = late_days[prior], to_settle[prior]
            w = 0.5 ** np.arange(k - 1, -1, -1)  # most recent settlement weighs most
            cols["has_history"][i] = 1.0
            cols["log_hist_n"][i] = np.log1p(k)
            cols["hist_late_share"][i] = np.mean(dl > LATE_THRESHOLD_DAYS)
            cols["hist_mean_days_late"][i] = dl.mean()
            cols["hist_mean_days_to_settle"][i] = ds.mean()
            cols["hist_last_days_late"][i] = dl[-1]
            cols["hist_last_days_to_settle"][i] = ds[-1]
            cols["hist_max_days_late"][i] = dl.max()
            cols["hist_ewm_days_late"][i] = np.dot(w, dl) / w.sum()
            cols["hist_ewm_days_to_settle"][i] = np.dot(w, ds) / w.sum()
            cols["log_days_since_last_settled"][i] = np.log1p(inv[i] - s_days[k - 1])
            prior_disputed = disputed[prior]
            cols["hist_disputed_share"][i] = prior_disputed.mean()
            undisputed = ds[~prior_disputed]
            cols["hist_undisputed_days_to_settle"][i] = undisputed.mean() if len(undisputed) else ds.mean()
    for k, v in cols.items():
        out[k] = v
    # Seasonality (R-FCST-1: "order seasonality"): month-of-year indicators, January the baseline.
    season = _core.month_of_year(df["invoice_date"].to_numpy())
    for m in range(season.shape[1]):
        out[f"month={m + 2}"] = season[:, m]
    return out


def split_by_date(df: pd.DataFrame, train_share: float = 0.75) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays of the earliest `train_share` of rows by invoice date, and of the rest."""
    order = np.lexsort((df["invoice_number"].to_numpy(), df["invoice_date"].to_numpy()))
    cut = int(round(train_share * len(df)))
    return order[:cut], order[cut:]


@dataclass
class Scores:
    auc: float
    log_loss: float
    mae: float
    within: float


def _sk_fit(x_tr, y_late, y_days, l2_logit, l2_ridge):
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # The standardised penalty of the core is scikit-learn's penalty on standardised columns.
    clf = make_pipeline(StandardScaler(), LogisticRegression(C=1.0 / l2_logit, tol=1e-10, max_iter=10000))
    clf.fit(x_tr, y_late)
    reg = make_pipeline(StandardScaler(), Ridge(alpha=l2_ridge))
    reg.fit(x_tr, y_days)
    return (lambda x: clf.predict_proba(x)[:, 1]), reg.predict


def _core_fit(x_tr, y_late, y_days, l2_logit, l2_ridge, names):
    clf = _core.fit_logistic_regression(x_tr, y_late, l2=l2_logit, feature_names=names)
    reg = _core.fit_linear_regression(x_tr, y_days, l2=l2_ridge, feature_names=names)
    return clf.predict, reg.predict


def _score(p_late, p_days, y_late, y_days) -> Scores:
    return Scores(
        auc=_core.roc_auc(y_late, p_late),
        log_loss=_core.log_loss(y_late, p_late),
        mae=_core.mean_absolute_error(y_days, p_days),
        within=_core.share_within(y_days, p_days, WITHIN_DAYS),
    )


L2_GRID = [0.01, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0]


def _tune(x_tr, y_late, y_days, feature_sets: dict[str, list[int]]):
    """Feature set and l2 for each model, chosen on a time-ordered validation split inside the
    training rows (the last quarter of them); the test rows play no part."""
    n = len(x_tr)
    cut = int(round(0.75 * n))  # training rows are already in date order
    a, b = slice(0, cut), slice(cut, n)

    def logit_val(choice):
        cols, l2 = feature_sets[choice[0]], choice[1]
        m = _core.fit_logistic_regression(x_tr[a][:, cols], y_late[a], l2=l2)
        return _core.roc_auc(y_late[b], m.predict(x_tr[b][:, cols]))

    def ridge_val(choice):
        cols, l2 = feature_sets[choice[0]], choice[1]
        p = _core.fit_linear_regression(x_tr[a][:, cols], y_days[a], l2=l2).predict(x_tr[b][:, cols])
        return (_core.share_within(y_days[b], p, WITHIN_DAYS), -_core.mean_absolute_error(y_days[b], p))

    grid = [(name, l2) for name in feature_sets for l2 in L2_GRID]
    return max(grid, key=logit_val), max(grid, key=ridge_val)


def run(path: str | None = None, out=sys.stdout) -> dict[str, Scores]:
    """Runs the whole protocol and prints the table; returns the scores by row label."""
    df = load_ibm_invoices(path)
    feats = history_features(df)
    train, test = split_by_date(df)
    y_late = df["late"].to_numpy().astype(float)
    y_days = df["days_to_settle"].to_numpy().astype(float)
    country = [c for c in feats.columns if c.startswith("country=")]
    base = BASE_FEATURES + country
    months = [c for c in feats.columns if c.startswith("month=")]
    extended = base + EXTENDED_ONLY + months

    results: dict[str, Scores] = {}
    timings: dict[str, float] = {}

    def evaluate(label, fitter, names, l2_logit, l2_ridge):
        x = feats[names].to_numpy(dtype=np.float64)
        t0 = time.perf_counter()
        if fitter is _core_fit:
            p_late, p_days = _core_fit(x[train], y_late[train], y_days[train], l2_logit, l2_ridge, names)
        else:
            p_late, p_days = _sk_fit(x[train], y_late[train], y_days[train], l2_logit, l2_ridge)
        timings[label] = time.perf_counter() - t0
        results[label] = _score(p_late(x[test]), p_days(x[test]), y_late[test], y_days[test])

    # Same features, same (mild) regularisation: the engines must agree.
    evaluate("scikit-learn, base features, l2=1", _sk_fit, base, 1.0, 1.0)
    evaluate("core, base features, l2=1", _core_fit, base, 1.0, 1.0)
    # Extended features (with or without seasonality) and l2 validated on the training period.
    x_ext = feats[extended].to_numpy(dtype=np.float64)
    sets = {
        "extended": [extended.index(c) for c in extended if not c.startswith("month=")],
        "extended+months": list(range(len(extended))),
    }
    (set_logit, l2_logit), (set_ridge, l2_ridge) = _tune(x_ext[train], y_late[train], y_days[train], sets)
    for engine, fitter in (("scikit-learn", _sk_fit), ("core", _core_fit)):
        label = f"{engine}, tuned ({set_logit} l2={l2_logit:g} / {set_ridge} l2={l2_ridge:g})"
        x_logit = x_ext[:, sets[set_logit]]
        x_ridge = x_ext[:, sets[set_ridge]]
        t0 = time.perf_counter()
        if fitter is _core_fit:
            clf = _core.fit_logistic_regression(x_logit[train], y_late[train], l2=l2_logit)
            reg = _core.fit_linear_regression(x_ridge[train], y_days[train], l2=l2_ridge)
            p_late, p_days = clf.predict, reg.predict
        else:
            p_late, _ = _sk_fit(x_logit[train], y_late[train], y_days[train], l2_logit, l2_ridge)
            _, p_days = _sk_fit(x_ridge[train], y_late[train], y_days[train], l2_logit, l2_ridge)
        timings[label] = time.perf_counter() - t0
        results[label] = _score(p_late(x_logit[test]), p_days(x_ridge[test]), y_late[test], y_days[test])

    print(
        f"{len(df)} invoices, {df['customer_id'].nunique()} customers; train {len(train)} "
        f"(to {df['invoice_date'].iloc[train].max()}), test {len(test)}; "
        f"late share in test {y_late[test].mean():.3f}",
        file=out,
    )
    header = f"{'model':62s} {'AUC late':>9s} {'logloss':>8s} {'MAE days':>9s} {'within10':>9s} {'fit s':>7s}"
    print(header, file=out)
    print("-" * len(header), file=out)
    for label, s in results.items():
        print(
            f"{label:62s} {s.auc:9.4f} {s.log_loss:8.4f} {s.mae:9.3f} {s.within:9.3f} {timings[label]:7.3f}",
            file=out,
        )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m huikuan.evaluate", description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=None, help="CSV (default: $HUIKUAN_DATA_DIR or ../shared/data)")
    args = parser.parse_args(argv)
    run(args.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
