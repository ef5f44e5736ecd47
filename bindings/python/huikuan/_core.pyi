"""Type stubs for the C++ extension huikuan._core (see the docstrings at runtime)."""
from typing import Any, Sequence

import numpy as np
import numpy.typing as npt

ArrayLike = npt.ArrayLike
DateLike = Any  # datetime.date | numpy.datetime64 | pandas.Timestamp | "YYYY-MM-DD" | epoch day

class HuikuanError(Exception):
    code: str

class InvalidArgumentError(HuikuanError, ValueError): ...
class OutOfRangeError(HuikuanError, ValueError): ...
class NotFoundError(HuikuanError, LookupError): ...
class AlreadyExistsError(HuikuanError): ...
class FailedPreconditionError(HuikuanError): ...

# ---- models (R-FCST-1 / R-FCST-2) ----
class LinearModel:
    @property
    def kind(self) -> str: ...
    @property
    def coef_(self) -> npt.NDArray[np.float64]: ...
    @property
    def intercept_(self) -> float: ...
    @property
    def feature_names(self) -> list[str]: ...
    @property
    def l2(self) -> float: ...
    @property
    def penalty(self) -> str: ...
    @property
    def iterations(self) -> int: ...
    def predict(self, X: ArrayLike) -> npt.NDArray[np.float64]: ...
    def decision_function(self, X: ArrayLike) -> npt.NDArray[np.float64]: ...
    def to_string(self) -> str: ...
    @staticmethod
    def from_string(text: str) -> LinearModel: ...

def fit_linear_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    penalty: str = "standardized",
    fit_intercept: bool = True,
    feature_names: Sequence[str] | None = None,
) -> LinearModel: ...
def fit_logistic_regression(
    X: ArrayLike,
    y: ArrayLike,
    *,
    l2: float = 0.0,
    penalty: str = "standardized",
    fit_intercept: bool = True,
    max_iterations: int = 100,
    tolerance: float = 1e-10,
    feature_names: Sequence[str] | None = None,
    threads: int = 0,
) -> LinearModel: ...
def roc_auc(y_true: ArrayLike, score: ArrayLike) -> float: ...
def log_loss(y_true: ArrayLike, prob: ArrayLike, eps: float = 1e-15) -> float: ...
def mean_absolute_error(y_true: ArrayLike, y_pred: ArrayLike) -> float: ...
def root_mean_squared_error(y_true: ArrayLike, y_pred: ArrayLike) -> float: ...
def share_within(y_true: ArrayLike, y_pred: ArrayLike, tolerance: float) -> float: ...

class OneHotEncoder:
    @staticmethod
    def fit(name: str, values: Sequence[str], drop_first: bool = True) -> OneHotEncoder: ...
    @property
    def name(self) -> str: ...
    @property
    def categories(self) -> list[str]: ...
    @property
    def column_names(self) -> list[str]: ...
    @property
    def width(self) -> int: ...
    def transform(self, values: Sequence[str], unknown: str = "error") -> npt.NDArray[np.float64]: ...

def month_of_year(dates: ArrayLike) -> npt.NDArray[np.float64]: ...

# ---- money and dates ----
def parse_yuan(texts: Sequence[str]) -> npt.NDArray[np.int64]: ...
def format_yuan(fen: ArrayLike) -> list[str]: ...
def apply_basis_points(amounts: ArrayLike, bp: int, rounding: str = "half_up") -> npt.NDArray[np.int64]: ...
def parse_date(text: str) -> int: ...
def format_date(day: int) -> str: ...
def epoch_day(day: DateLike) -> int: ...

# ---- aging (R-AGING-1) and late fees (R-TERM-4) ----
def bucket_labels(bounds: Sequence[int] = ...) -> list[str]: ...
def assign_buckets(due_days: ArrayLike, as_of: DateLike, bounds: Sequence[int] = ...) -> npt.NDArray[np.int8]: ...
def age_by_group(
    open_amounts: ArrayLike,
    due_days: ArrayLike,
    as_of: DateLike,
    group_keys: ArrayLike | None = None,
    bounds: Sequence[int] = ...,
) -> dict[str, Any]: ...
def late_fee(
    overdue_amount: int, days_overdue: int, rate_bp_per_day: int = 5, grace_days: int = 0, rounding: str = "half_up"
) -> int: ...
def late_fees(
    overdue_amounts: ArrayLike,
    due_days: ArrayLike,
    as_of: DateLike,
    rate_bp_per_day: int = 5,
    grace_days: int = 0,
    rounding: str = "half_up",
) -> tuple[npt.NDArray[np.int64], int]: ...

# ---- KPIs (R-KPI-1) ----
def kpis_by_group(
    invoice_days: ArrayLike,
    due_days: ArrayLike,
    amounts: ArrayLike,
    settlement_invoice_index: ArrayLike,
    settlement_days: ArrayLike,
    settlement_amounts: ArrayLike,
    first_day: DateLike,
    last_day: DateLike,
    *,
    group_keys: ArrayLike | None = None,
    is_write_off: ArrayLike | None = None,
) -> dict[str, Any]: ...
def dense_positions(invoice_ids: ArrayLike, settlement_refs: ArrayLike) -> npt.NDArray[np.int64] | None: ...
def dso_simple(ending_ar: int, credit_sales: int, period_days: int) -> float: ...
def dso_countback(ending_ar: int, sales_most_recent_first: ArrayLike, days_most_recent_first: ArrayLike) -> float: ...
def ar_turnover(credit_sales: int, begin_ar: int, end_ar: int) -> float: ...
def collection_effectiveness_index(begin_ar: int, credit_sales: int, end_ar: int, end_current_ar: int) -> float: ...

# ---- scorecard (R-SCORE-1/2) ----
ENTERPRISE_SIZES: tuple[str, ...]
TAX_CREDIT_GRADES: tuple[str, ...]
RISK_LEVELS: tuple[str, ...]
CREDIT_GRADES: tuple[str, ...]

class ScorecardConfig:
    size_max: int
    tax_max: int
    bank_max: int
    history_max: int
    size_points: list[int]
    tax_points: list[int]
    bank_thresholds: list[int]
    bank_points: list[int]
    no_history_points: int
    low_risk_min: int
    medium_risk_min: int
    grade_a_min: int
    grade_b_min: int
    grade_c_min: int
    def __init__(self) -> None: ...
    def validate(self) -> None: ...

def score_batch(
    sizes: ArrayLike,
    tax_grades: ArrayLike,
    bank_credit_lines: ArrayLike,
    paid_invoices: ArrayLike,
    paid_on_time: ArrayLike,
    config: ScorecardConfig = ...,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int8], npt.NDArray[np.int8]]: ...
def score_with_reasons(
    sizes: ArrayLike,
    tax_grades: ArrayLike,
    bank_credit_lines: ArrayLike,
    paid_invoices: ArrayLike,
    paid_on_time: ArrayLike,
    config: ScorecardConfig = ...,
) -> dict[str, Any]: ...
def score_customer(
    size: int, tax_grade: int, bank_credit_line: int, paid_invoices: int, paid_on_time: int, config: ScorecardConfig = ...
) -> dict[str, Any]: ...
def recommend_credit(grade: int, is_new_customer: bool, monthly_purchases: int) -> dict[str, Any]: ...

# ---- RFM (R-RFM-1) ----
RFM_SEGMENTS: tuple[str, ...]
RFM_SEGMENT_ADVICE: tuple[str, ...]

def compute_rfm(customer_keys: ArrayLike, order_days: ArrayLike, order_amounts: ArrayLike, as_of: DateLike) -> dict[str, Any]: ...
def rfm_table(customer_keys: ArrayLike, order_days: ArrayLike, order_amounts: ArrayLike, as_of: DateLike) -> dict[str, Any]: ...
def rfm_scores(
    recency_days: ArrayLike, frequency: ArrayLike, monetary: ArrayLike
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8], npt.NDArray[np.int8]]: ...
def classify_rfm(recency_days: ArrayLike, frequency: ArrayLike, monetary: ArrayLike) -> npt.NDArray[np.int8]: ...

# ---- tiering (R-TIER-1/2), warnings (R-WARN-1..4), limitation (R-LAW-1) ----
TIERS: tuple[str, ...]
INDUSTRY_POSITIONS: tuple[str, ...]
WARNING_LEVELS: tuple[str, ...]

def assign_tiers(
    positions: ArrayLike, cooperation_years: ArrayLike, order_share_bp: ArrayLike, credit_grades: ArrayLike
) -> npt.NDArray[np.int8]: ...
def assign_tier(position: int, cooperation_years: int, order_share_bp: int, credit_grade: int) -> dict[str, Any]: ...
def evaluate_warnings(
    dso_days: ArrayLike,
    industry_avg_dso_days: ArrayLike,
    orders_this_period: ArrayLike,
    orders_prior_period: ArrayLike,
    overdue_total: ArrayLike,
    credit_limit: ArrayLike,
    balance: ArrayLike,
    balance_over_30_days_overdue: ArrayLike,
) -> npt.NDArray[np.int8]: ...
def evaluate_warning(
    dso_days: float,
    industry_avg_dso_days: float | None,
    orders_this_period: int,
    orders_prior_period: int,
    overdue_total: int,
    credit_limit: int,
    balance: int,
    balance_over_30_days_overdue: int,
) -> dict[str, Any]: ...
def evaluate_limitation(due_day: DateLike, last_interruption_day: DateLike | None, as_of: DateLike) -> dict[str, Any]: ...

# ---- dunning (R-DUN-1), commission (R-COMM-1/2), cash application (R-PAY-1) ----
def due_dunning_actions(
    invoice_ids: ArrayLike,
    due_days: ArrayLike,
    open_amounts: ArrayLike,
    as_of: DateLike,
    *,
    tiers: ArrayLike | None = None,
    disputed: ArrayLike | None = None,
    payment_plan_active: ArrayLike | None = None,
    last_step_done: ArrayLike | None = None,
) -> dict[str, Any]: ...
def compute_commission(
    collected: int, due: int, base_rate_bp: int, monthly_bonus: int, over_30_days_overdue: int
) -> dict[str, Any]: ...
def collection_rate_kpi_weight_bp(department: str) -> int: ...
def apply_payment(
    payment: int,
    reference: str,
    invoice_ids: ArrayLike,
    numbers: Sequence[str],
    invoice_days: ArrayLike,
    due_days: ArrayLike,
    open_amounts: ArrayLike,
) -> dict[str, Any]: ...

def effective_terms(
    base_term_days: int,
    tier_prepayment_bp: int,
    prior_orders: int,
    last_month_orders: int,
    last_month_paid_early: bool,
    joint_promotion: bool,
    order_amount: int,
    invoice_day: DateLike | None = None,
) -> dict[str, Any]: ...
def check_policy_notice_period(published_day: DateLike, effective_day: DateLike, min_notice_days: int = 30) -> None: ...
def dso_countback_by_group(
    invoice_days: ArrayLike,
    due_days: ArrayLike,
    amounts: ArrayLike,
    settlement_invoice_index: ArrayLike,
    settlement_days: ArrayLike,
    settlement_amounts: ArrayLike,
    as_of: DateLike,
    max_months: int = 12,
    *,
    group_keys: ArrayLike | None = None,
    is_write_off: ArrayLike | None = None,
) -> dict[str, Any]: ...
