"""A gRPC client for analysts: any huikuan RPC, reports, worklists and invoices as DataFrames.

    from huikuan.client import Client
    hk = Client("127.0.0.1:50051", token=open("var/admin.token").read().strip())
    aging = hk.aging(group_by="salesperson")           # one row per salesperson, fen + yuan
    pack = hk.meeting_pack("2026-10")                  # dict of DataFrames, one per section
    invoices = hk.invoices(status="INVOICE_STATUS_OPEN")   # every page fetched for you
    reply = hk.call("IdentityService", "WhoAmI")       # any RPC, the reply message as is

Columns are typed: money stays exact as int64 fen (``*_fen``) with a ``*_yuan`` float64 view next
to it for display and plots; ``*_date`` columns are datetime64; counts and ids int64; enums their
names. The stubs are the ones the build generates into build/python/huikuan/v1; grpc is imported
only when a Client is made, so ``import huikuan`` works without it.
"""
from __future__ import annotations

import importlib
import os
import re
from typing import Any, Iterable

import numpy as np
import pandas as pd

__all__ = ["Client", "messages_to_frame"]

_GROUPINGS = {
    "company": "REPORT_GROUPING_COMPANY",
    "customer": "REPORT_GROUPING_CUSTOMER",
    "salesperson": "REPORT_GROUPING_SALESPERSON",
    "department": "REPORT_GROUPING_DEPARTMENT",
    "tier": "REPORT_GROUPING_TIER",
    "industry": "REPORT_GROUPING_INDUSTRY",
}


def _module_of(service: str) -> str:
    """"ReportService" -> "report_service"."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", service).lower()


def messages_to_frame(messages: Iterable[Any], descriptor=None) -> pd.DataFrame:
    """One row per message, one typed column per scalar field (nested messages flattened as
    ``outer.inner``; repeated fields as lists)."""
    from google.protobuf.descriptor import FieldDescriptor as F

    messages = list(messages)
    if descriptor is None:
        if not messages:
            return pd.DataFrame()
        descriptor = messages[0].DESCRIPTOR
    columns: dict[str, list] = {}
    kinds: dict[str, str] = {}

    def walk(desc, prefix, getter):
        for field in desc.fields:
            name = prefix + field.name
            get = (lambda g, f: (lambda m: getattr(g(m), f.name)))(getter, field)
            if field.label == F.LABEL_REPEATED:
                if field.type == F.TYPE_MESSAGE:
                    continue  # nested tables: fetch them with their own call
                columns[name] = [list(get(m)) for m in messages]
                kinds[name] = "list"
            elif field.type == F.TYPE_MESSAGE:
                if field.message_type.full_name == "google.protobuf.Timestamp":
                    columns[name] = [get(m).ToDatetime() if get(m).seconds or get(m).nanos
                                     else pd.NaT for m in messages]
                    kinds[name] = "timestamp"
                else:
                    walk(field.message_type, name + ".", get)
            elif field.type == F.TYPE_ENUM:
                columns[name] = [field.enum_type.values_by_number[get(m)].name
                                 if get(m) in field.enum_type.values_by_number else str(get(m))
                                 for m in messages]
                kinds[name] = "string"
            elif field.type in (F.TYPE_INT64, F.TYPE_INT32, F.TYPE_SINT64, F.TYPE_SINT32,
                                F.TYPE_UINT32, F.TYPE_UINT64):
                columns[name] = [get(m) for m in messages]
                kinds[name] = "int"
            elif field.type in (F.TYPE_DOUBLE, F.TYPE_FLOAT):
                columns[name] = [get(m) for m in messages]
                kinds[name] = "float"
            elif field.type == F.TYPE_BOOL:
                columns[name] = [get(m) for m in messages]
                kinds[name] = "bool"
            else:
                columns[name] = [get(m) for m in messages]
                kinds[name] = "string"

    walk(descriptor, "", lambda m: m)
    frame = {}
    for name, values in columns.items():
        kind = kinds[name]
        if kind == "int":
            frame[name] = np.asarray(values, dtype=np.int64)
            if name.endswith("_fen"):
                frame[name[:-4] + "_yuan"] = np.asarray(values, dtype=np.int64) / 100.0
        elif kind == "float":
            frame[name] = np.asarray(values, dtype=np.float64)
        elif kind == "bool":
            frame[name] = np.asarray(values, dtype=bool)
        elif kind == "timestamp":
            frame[name] = pd.to_datetime(values, utc=True)
        elif kind == "list":
            frame[name] = pd.Series(values, dtype=object)
        elif name.endswith("_date"):
            text = pd.Series(values, dtype="string")
            frame[name] = pd.to_datetime(text.where(text != ""))
        else:
            frame[name] = pd.Series(values, dtype="string")
    return pd.DataFrame(frame)


def _bucket_frame(report) -> pd.DataFrame:
    """An AgingReport as one row per group, one int64 fen column (and yuan view) per bucket."""
    labels = list(report.bucket_labels)
    rows = list(report.rows)
    data: dict[str, Any] = {
        "group": pd.Series([r.group for r in rows], dtype="string"),
        "label": pd.Series([r.label for r in rows], dtype="string"),
    }
    for b, label in enumerate(labels):
        fen = np.asarray([r.bucket_fen[b] for r in rows], dtype=np.int64)
        data[f"{label}_fen"] = fen
        data[f"{label}_yuan"] = fen / 100.0
    for name in ("total_fen", "overdue_fen"):
        fen = np.asarray([getattr(r, name) for r in rows], dtype=np.int64)
        data[name] = fen
        data[name[:-4] + "_yuan"] = fen / 100.0
    return pd.DataFrame(data)


class Client:
    """A connection to a huikuan server with a bearer token.

    target: "host:port" (default: $HUIKUAN_TARGET or 127.0.0.1:50051). token: the bearer token, or
    token_file: a file holding it. timeout: seconds per call. Errors are grpc.RpcError with the
    server's status code and message (INVALID_ARGUMENT names the field)."""

    def __init__(self, target: str | None = None, token: str | None = None,
                 token_file: str | os.PathLike[str] | None = None, timeout: float = 120.0):
        import grpc

        if token is None and token_file is not None:
            with open(token_file, encoding="utf-8") as f:
                token = f.read().strip()
        if not token:
            raise ValueError("token: a bearer token (or token_file) is required")
        self._target = target or os.environ.get("HUIKUAN_TARGET", "127.0.0.1:50051")
        self._channel = grpc.insecure_channel(
            self._target, options=[("grpc.max_receive_message_length", 256 * 1024 * 1024)])
        self._metadata = [("authorization", f"Bearer {token}")]
        self._timeout = timeout
        self._stubs: dict[str, Any] = {}

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- any RPC ---------------------------------------------------------------------------
    def _modules(self, service: str):
        base = _module_of(service)
        pb2 = importlib.import_module(f"huikuan.v1.{base}_pb2")
        grpc_mod = importlib.import_module(f"huikuan.v1.{base}_pb2_grpc")
        return pb2, grpc_mod

    def request(self, service: str, method: str, **fields):
        """A new request message of `service`.`method`, with `fields` set."""
        pb2, _ = self._modules(service)
        return getattr(pb2, f"{method}Request")(**fields)

    def call(self, service: str, method: str, request=None, **fields):
        """Calls `service`.`method` ("ReportService", "GetAgingReport") with `request` (a message)
        or with `fields`; returns the response message."""
        if service not in self._stubs:
            _, grpc_mod = self._modules(service)
            self._stubs[service] = getattr(grpc_mod, f"{service}Stub")(self._channel)
        if request is None:
            request = self.request(service, method, **fields)
        return getattr(self._stubs[service], method)(request, metadata=self._metadata,
                                                     timeout=self._timeout)

    def list(self, service: str, method: str, field: str, page_size: int = 1000,
             **fields) -> pd.DataFrame:
        """Every page of a List RPC (AIP-158) as one DataFrame of its repeated `field`."""
        items, token, descriptor = [], "", None
        while True:
            reply = self.call(service, method, page_size=page_size, page_token=token, **fields)
            descriptor = reply.DESCRIPTOR.fields_by_name[field].message_type
            items.extend(getattr(reply, field))
            token = reply.next_page_token
            if not token:
                break
        return messages_to_frame(items, descriptor)

    # -- reports ---------------------------------------------------------------------------
    def aging(self, as_of: str = "", group_by: str = "salesperson",
              bucket_upper_bounds: Iterable[int] = ()) -> pd.DataFrame:
        """The aging report (R-AGING-1) as of a day ("YYYY-MM-DD"; "" today)."""
        reply = self.call("ReportService", "GetAgingReport", as_of_date=as_of,
                          group_by=_GROUPINGS[group_by],
                          bucket_upper_bounds=list(bucket_upper_bounds))
        return _bucket_frame(reply.report)

    def _kpi_report(self, month, first_date, last_date, group_by, trend_months):
        return self.call("ReportService", "GetKpiReport", month=month or "",
                         first_date=first_date or "", last_date=last_date or "",
                         group_by=_GROUPINGS[group_by], trend_months=trend_months).report

    def kpis(self, month: str | None = None, first_date: str | None = None,
             last_date: str | None = None, group_by: str = "salesperson") -> pd.DataFrame:
        """KPIs (R-KPI-1) per group for a month "YYYY-MM" or a range."""
        report = self._kpi_report(month, first_date, last_date, group_by, 1)
        return messages_to_frame(report.rows, report.DESCRIPTOR.fields_by_name["rows"].message_type)

    def kpi_trend(self, month: str, months: int = 24) -> pd.DataFrame:
        """The caller's monthly KPIs, oldest first, `group` the month "YYYY-MM"."""
        report = self._kpi_report(month, None, None, "company", months)
        return messages_to_frame(report.trend,
                                 report.DESCRIPTOR.fields_by_name["trend"].message_type)

    def commission(self, month: str, base_rate_bp: int = 0,
                   monthly_bonus_fen: int = 0) -> pd.DataFrame:
        """Commission per salesperson (R-COMM-1), with the explanation lines as a list column."""
        report = self.call("ReportService", "GetCommissionReport", month=month,
                           base_rate_bp=base_rate_bp, monthly_bonus_fen=monthly_bonus_fen).report
        return messages_to_frame(report.rows,
                                 report.DESCRIPTOR.fields_by_name["rows"].message_type)

    def rfm(self, as_of: str = "", window_days: int = 0) -> pd.DataFrame:
        """R, F, M per customer with scores, segment and suggested term action (R-RFM-1)."""
        report = self.call("ReportService", "GetRfmReport", as_of_date=as_of,
                           window_days=window_days).report
        return messages_to_frame(report.rows,
                                 report.DESCRIPTOR.fields_by_name["rows"].message_type)

    def meeting_pack(self, month: str) -> dict[str, pd.DataFrame]:
        """Every section of the month's joint-meeting pack, one DataFrame each."""
        pack = self.call("ReportService", "GetMeetingPack", month=month).pack
        kpi_row = pack.kpis_by_salesperson.DESCRIPTOR.fields_by_name["rows"].message_type

        def frame(items, field, owner):
            return messages_to_frame(items, owner.DESCRIPTOR.fields_by_name[field].message_type)

        return {
            "aging": _bucket_frame(pack.aging),
            "kpis_by_salesperson": messages_to_frame(pack.kpis_by_salesperson.rows, kpi_row),
            "kpis_by_department": messages_to_frame(pack.kpis_by_department.rows, kpi_row),
            "trend": messages_to_frame(pack.kpis_by_salesperson.trend, kpi_row),
            "commission": frame(pack.commission.rows, "rows", pack.commission),
            "department_scores": frame(pack.commission.department_scores, "department_scores",
                                       pack.commission),
            "rfm_segments": frame(pack.rfm.segments, "segments", pack.rfm),
            "rfm": frame(pack.rfm.rows, "rows", pack.rfm),
            "top_overdue": frame(pack.top_overdue, "top_overdue", pack),
            "warnings": frame(pack.warnings, "warnings", pack),
            "broken_promises": frame(pack.broken_promises, "broken_promises", pack),
            "defaulted_plans": frame(pack.defaulted_plans, "defaulted_plans", pack),
        }

    def export_meeting_pack(self, month: str, format: str = "xlsx",
                            path: str | os.PathLike[str] | None = None) -> str:
        """Writes the month's pack as XLSX or PDF to `path` (default: the server's file name in
        the current directory) and returns the path."""
        formats = {"xlsx": "EXPORT_FORMAT_XLSX", "pdf": "EXPORT_FORMAT_PDF"}
        reply = self.call("ReportService", "ExportMeetingPack", month=month,
                          format=formats[format])
        out = os.fspath(path) if path is not None else reply.filename
        with open(out, "wb") as f:
            f.write(reply.content)
        return out

    # -- ledger and worklists ----------------------------------------------------------------
    def invoices(self, **filters) -> pd.DataFrame:
        """Every invoice the caller may see (ListInvoices filters as keyword arguments)."""
        return self.list("LedgerService", "ListInvoices", "invoices", **filters)

    def worklist(self, **filters) -> pd.DataFrame:
        """Every work item the caller may see (ListWorkItems filters as keyword arguments)."""
        return self.list("WorklistService", "ListWorkItems", "work_items", **filters)
