"""Loading invoice files into the column types the core expects.

Money is parsed from its text into integer fen (``"61.74"`` -> ``6174``): never through a float,
so ``0.29 * 100 == 28.999999999999996`` style surprises cannot happen. Dates become
``datetime64[D]`` (civil days, no time zone).
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from huikuan._core import InvalidArgumentError

__all__ = ["parse_yuan", "load_ibm_invoices", "default_data_dir"]

_YUAN = r"^(?P<sign>-?)(?P<whole>\d+)(?:\.(?P<frac>\d{1,2}))?$"


def parse_yuan(text: pd.Series | list[str], name: str = "amount") -> np.ndarray:
    """Parses decimal amounts ("1234.56", "7", "-0.5") into int64 fen, exactly.

    Raises InvalidArgumentError naming the first bad row for anything else (thousands
    separators, three decimals, empty cells, exponents).
    """
    s = pd.Series(text, dtype="string").str.strip()
    parts = s.str.extract(_YUAN)
    bad = parts["whole"].isna()
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise InvalidArgumentError(f"{name}[{i}]: {s.iloc[i]!r} is not a decimal amount")
    if (parts["whole"].str.len() > 15).any():
        i = int(np.flatnonzero((parts["whole"].str.len() > 15).to_numpy())[0])
        raise InvalidArgumentError(f"{name}[{i}]: {s.iloc[i]!r} is too large")
    whole = parts["whole"].astype("int64").to_numpy()
    frac = parts["frac"].fillna("0").str.ljust(2, "0").astype("int64").to_numpy()
    sign = np.where(parts["sign"].to_numpy() == "-", -1, 1)
    return (sign * (whole * 100 + frac)).astype(np.int64)


def default_data_dir() -> Path:
    """$HUIKUAN_DATA_DIR, else ../shared/data next to the repository root."""
    env = os.environ.get("HUIKUAN_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / ".." / "shared" / "data"
        if (parent / ".git").exists() and candidate.exists():
            return candidate.resolve()
    return Path.cwd() / ".." / "shared" / "data"


def load_ibm_invoices(path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Loads IBM's "Late Payment Histories" CSV into typed columns.

    Columns: customer_id, country, invoice_number, invoice_date, due_date, settled_date,
    paperless_date (datetime64[D]), amount_fen (int64), disputed, paperless (bool),
    days_to_settle, days_late (int64), late (bool: days_late > 0). Sorted by invoice date,
    then invoice number, so that row order is deterministic.
    """
    if path is None:
        path = default_data_dir() / "ibm-late-payment-histories.csv"
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)

    def day(col: str) -> np.ndarray:
        return pd.to_datetime(raw[col], format="%m/%d/%Y").to_numpy().astype("datetime64[D]")

    df = pd.DataFrame(
        {
            "customer_id": raw["customerID"],
            "country": raw["countryCode"],
            "invoice_number": raw["invoiceNumber"].astype("int64"),
            "invoice_date": day("InvoiceDate"),
            "due_date": day("DueDate"),
            "settled_date": day("SettledDate"),
            "paperless_date": day("PaperlessDate"),
            "amount_fen": parse_yuan(raw["InvoiceAmount"], "InvoiceAmount"),
            "disputed": raw["Disputed"].eq("Yes"),
            "paperless": raw["PaperlessBill"].eq("Electronic"),
            "days_to_settle": raw["DaysToSettle"].astype("int64"),
            "days_late": raw["DaysLate"].astype("int64"),
        }
    )
    df["late"] = df["days_late"] > 0
    return df.sort_values(["invoice_date", "invoice_number"], kind="stable").reset_index(drop=True)
