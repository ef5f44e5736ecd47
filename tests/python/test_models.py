"""R-FCST-1 / R-FCST-2: the core's models and metrics against scikit-learn on seeded data."""
from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.metrics import log_loss, mean_absolute_error, mean_squared_error, roc_auc_score

import huikuan


def _logistic_data(rng, n=4000, p=6):
    x = rng.normal(size=(n, p)) * rng.uniform(0.5, 50, size=p) + rng.normal(size=p) * 10
    w = rng.normal(size=p) / np.std(x, axis=0)
    eta = (x - x.mean(axis=0)) @ w - 0.4
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-eta))).astype(float)
    return x, y


@pytest.mark.parametrize("l2", [0.1, 1.0, 25.0])
def test_logistic_matches_sklearn_raw_penalty(rng, l2):
    x, y = _logistic_data(rng)
    core = huikuan.fit_logistic_regression(x, y, l2=l2, penalty="raw")
    sk = LogisticRegression(C=1.0 / l2, solver="newton-cholesky", tol=1e-10, max_iter=1000).fit(x, y)
    np.testing.assert_allclose(core.coef_, sk.coef_[0], rtol=1e-9, atol=1e-12)
    assert core.intercept_ == pytest.approx(sk.intercept_[0], rel=1e-9, abs=1e-12)
    p_core = core.predict(x)
    p_sk = sk.predict_proba(x)[:, 1]
    assert huikuan.log_loss(y, p_core) == pytest.approx(log_loss(y, p_sk), rel=1e-9)
    # Our optimum is at least as good as sklearn's on the shared objective.
    def objective(w, b):
        eta = x @ w + b
        return np.sum(np.logaddexp(0, eta) - y * eta) + 0.5 * l2 * w @ w
    assert objective(core.coef_, core.intercept_) <= objective(sk.coef_[0], sk.intercept_[0]) + 1e-9


def test_logistic_standardized_penalty_is_sklearn_on_standardized_columns(rng):
    x, y = _logistic_data(rng)
    core = huikuan.fit_logistic_regression(x, y, l2=3.0)  # penalty="standardized" by default
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    sk = LogisticRegression(C=1 / 3.0, solver="newton-cholesky", tol=1e-10, max_iter=1000).fit(z, y)
    np.testing.assert_allclose(core.coef_ * x.std(axis=0), sk.coef_[0], rtol=1e-6, atol=1e-9)


def test_linear_matches_sklearn(rng):
    n, p = 3000, 5
    x = rng.normal(size=(n, p)) * [1, 10, 100, 1e4, 0.1] + [0, 5, -50, 1e6, 0]
    y = x @ rng.normal(size=p) + rng.normal(size=n) * 3 + 42
    core = huikuan.fit_linear_regression(x, y)
    sk = LinearRegression().fit(x, y)
    np.testing.assert_allclose(core.coef_, sk.coef_, rtol=1e-8)
    assert core.intercept_ == pytest.approx(sk.intercept_, rel=1e-8)
    ridge = huikuan.fit_linear_regression(x, y, l2=500.0, penalty="raw")
    sk_ridge = Ridge(alpha=500.0).fit(x, y)
    np.testing.assert_allclose(ridge.coef_, sk_ridge.coef_, rtol=1e-7, atol=1e-12)
    np.testing.assert_allclose(ridge.predict(x), sk_ridge.predict(x), rtol=1e-9)


def test_metrics_match_sklearn_with_ties(rng):
    n = 5000
    y = (rng.uniform(size=n) < 0.3).astype(float)
    score = np.round(rng.uniform(size=n) + 0.3 * y, 2)  # rounding creates many ties
    assert huikuan.roc_auc(y, score) == pytest.approx(roc_auc_score(y, score), abs=1e-12)
    prob = np.clip(score / 1.3, 0, 1)
    assert huikuan.log_loss(y, prob) == pytest.approx(log_loss(y, prob), rel=1e-9)
    days = rng.integers(0, 90, size=n).astype(float)
    pred = days + rng.normal(size=n) * 8
    assert huikuan.mean_absolute_error(days, pred) == pytest.approx(
        mean_absolute_error(days, pred), rel=1e-12
    )
    assert huikuan.root_mean_squared_error(days, pred) == pytest.approx(
        np.sqrt(mean_squared_error(days, pred)), rel=1e-12
    )
    assert huikuan.share_within(days, pred, 10) == pytest.approx(
        np.mean(np.abs(days - pred) <= 10), abs=0
    )


def test_serialisation_round_trip_is_exact(rng):
    x, y = _logistic_data(rng, n=500)
    m = huikuan.fit_logistic_regression(x, y, l2=1.0, feature_names=[f"f {i}" for i in range(6)])
    text = m.to_string()
    assert text.startswith("huikuan.linear_model v1\n")
    back = huikuan.LinearModel.from_string(text)
    assert back.to_string() == text
    np.testing.assert_array_equal(back.coef_, m.coef_)
    assert back.feature_names == m.feature_names
    again = pickle.loads(pickle.dumps(m))
    np.testing.assert_array_equal(again.predict(x), m.predict(x))
    with pytest.raises(huikuan.InvalidArgumentError, match="line 1"):
        huikuan.LinearModel.from_string("huikuan.linear_model v0\n")


def test_coef_is_a_read_only_view_that_keeps_the_model_alive(rng):
    x, y = _logistic_data(rng, n=300)
    coef = huikuan.fit_logistic_regression(x, y, l2=1.0).coef_
    assert not coef.flags.writeable
    assert coef.base is not None
    expected = coef.copy()
    del x, y
    import gc

    gc.collect()
    np.testing.assert_array_equal(coef, expected)
    with pytest.raises(ValueError):
        coef[0] = 1.0


def test_accepts_fortran_order_and_int_inputs(rng):
    x, y = _logistic_data(rng, n=400)
    a = huikuan.fit_logistic_regression(np.asfortranarray(x), y.astype(int), l2=1.0)
    b = huikuan.fit_logistic_regression(x, y.astype(bool), l2=1.0)
    np.testing.assert_array_equal(a.coef_, b.coef_)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: huikuan.fit_logistic_regression(np.zeros((0, 2)), np.zeros(0)), "X: no rows"),
        (lambda: huikuan.fit_logistic_regression(np.ones((3, 2)), np.zeros(2)), "y: length 2"),
        (lambda: huikuan.fit_linear_regression([[1.0], [np.nan]], [1, 2]), "X: non-finite value at row 1"),
        (lambda: huikuan.fit_linear_regression([[1.0], [2.0]], [1, np.inf]), "y: non-finite"),
        (lambda: huikuan.fit_logistic_regression([[1.0], [2.0]], [0, 2]), "labels must be 0 or 1"),
        (lambda: huikuan.fit_linear_regression([[1.0, 2], [2, 4], [3, 6]], [1, 2, 4]), "column 1"),
        (lambda: huikuan.fit_linear_regression([[1.0], [2.0]], [1, 2], l2=-1), "l2"),
        (lambda: huikuan.fit_linear_regression([[1.0], [2.0]], [1, 2], penalty="l1"), "penalty"),
        (lambda: huikuan.roc_auc([], []), "empty"),
        (lambda: huikuan.roc_auc([0, 1], [0.1]), "score: length 1"),
        (lambda: huikuan.log_loss([0, 1], [0.1, 1.2]), "outside"),
        (lambda: huikuan.share_within([0, 1], [0, np.nan], 10), "y_pred: non-finite"),
        (lambda: huikuan.month_of_year(np.array(["2250-01-01"], dtype="datetime64[D]")), "outside"),
        (lambda: huikuan.month_of_year(np.array(["NaT"], dtype="datetime64[D]")), "NaT"),
    ],
)
def test_bad_input_raises_invalid_argument(call, match):
    with pytest.raises(huikuan.InvalidArgumentError, match=match) as info:
        call()
    assert isinstance(info.value, ValueError)
    assert info.value.code == "INVALID_ARGUMENT"


def test_predict_checks_width(rng):
    x, y = _logistic_data(rng, n=200)
    m = huikuan.fit_logistic_regression(x, y, l2=1.0)
    with pytest.raises(huikuan.InvalidArgumentError, match="X: 5 columns"):
        m.predict(x[:, :5])


def test_separable_without_penalty_is_failed_precondition():
    with pytest.raises(huikuan.FailedPreconditionError):
        huikuan.fit_logistic_regression([[-2.0], [-1], [1], [2]], [0, 0, 1, 1])


def test_one_hot_encoder_matches_pandas():
    import pandas as pd

    values = ["steel", "auto", "textile", "auto", "steel"]
    enc = huikuan.OneHotEncoder.fit("industry", values, drop_first=True)
    expected = pd.get_dummies(pd.Series(values, name="industry"), prefix_sep="=", prefix="industry", drop_first=True)
    np.testing.assert_array_equal(enc.transform(values), expected.to_numpy(dtype=float))
    assert enc.column_names == list(expected.columns)
    with pytest.raises(huikuan.InvalidArgumentError, match='unknown category "chips"'):
        enc.transform(["chips"])
    np.testing.assert_array_equal(enc.transform(["chips"], unknown="zeros"), [[0.0, 0.0]])


def test_month_of_year_matches_pandas(rng):
    import pandas as pd

    days = rng.integers(-20000, 60000, size=1000)
    got = huikuan.month_of_year(days)
    months = pd.to_datetime(days, unit="D").month.to_numpy()
    expected = (months[:, None] == np.arange(2, 13)[None, :]).astype(float)
    np.testing.assert_array_equal(got, expected)


def test_large_fit_is_bit_identical_for_any_thread_count(rng):
    x = rng.normal(size=(300_000, 5))
    y = (rng.uniform(size=len(x)) < 1 / (1 + np.exp(-(x @ [1, -1, 0.5, 0, 2])))).astype(float)
    one = huikuan.fit_logistic_regression(x, y, l2=1.0, threads=1)
    two = huikuan.fit_logistic_regression(x, y, l2=1.0, threads=2)
    three = huikuan.fit_logistic_regression(x, y, l2=1.0, threads=3)
    assert one.to_string() == two.to_string() == three.to_string()
    sk = LogisticRegression(C=1.0, solver="newton-cholesky", tol=1e-10).fit(
        (x - x.mean(axis=0)) / x.std(axis=0), y
    )
    np.testing.assert_allclose(one.coef_ * x.std(axis=0), sk.coef_[0], rtol=1e-6, atol=1e-8)
