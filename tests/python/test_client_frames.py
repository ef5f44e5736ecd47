"""huikuan.client's DataFrames: typed columns, money exact as int64 fen with a yuan view."""
import math

import numpy as np
import pytest

report_pb2 = pytest.importorskip("huikuan.v1.report_service_pb2")
from huikuan.client import _bucket_frame, messages_to_frame  # noqa: E402


def test_kpi_rows_become_typed_columns():
    rows = [
        report_pb2.KpiRow(group="users/3", label="张三", end_ar_fen=123_456_789_012_345,
                          dso_days=45.5, collection_rate=float("nan")),
        report_pb2.KpiRow(group="users/4", label="Li", end_ar_fen=1, dso_days=1.0),
    ]
    df = messages_to_frame(rows)
    assert df["end_ar_fen"].dtype == np.int64
    assert df["end_ar_fen"].tolist() == [123_456_789_012_345, 1]  # exact beyond 2^53 / 100
    assert df["end_ar_yuan"].tolist() == [1_234_567_890_123.45, 0.01]
    assert df["dso_days"].dtype == np.float64
    assert math.isnan(df["collection_rate"][0])
    assert str(df["label"].dtype) == "string"
    assert df["label"][0] == "张三"


def test_dates_enums_and_empty_lists():
    report = report_pb2.AgingReport(as_of_date="2026-10-31", bucket_labels=["current", ">90"])
    row = report.rows.add(group="company", label="company", total_fen=300, overdue_fen=100)
    row.bucket_fen.extend([200, 100])
    row.bucket_count.extend([2, 1])
    df = _bucket_frame(report)
    assert df["current_fen"].tolist() == [200] and df[">90_fen"].tolist() == [100]
    assert df["total_yuan"].tolist() == [3.0]
    promises = [report_pb2.BrokenPromise(promise="promises/1", promised_date="2026-10-02",
                                         promised_fen=5)]
    frame = messages_to_frame(promises)
    assert str(frame["promised_date"].dtype).startswith("datetime64")
    assert frame["decided_date"].isna().all()  # empty text is NaT, not an error
    empty = messages_to_frame([], report_pb2.RfmRow.DESCRIPTOR)
    assert list(empty.columns)[:2] == ["customer", "customer_name"] and len(empty) == 0
