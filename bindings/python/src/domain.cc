// Bindings of the domain rules in server/core on batch columns: money, civil dates, aging
// (R-AGING-1) and late fees (R-TERM-4). KPIs, scorecard and RFM are in domain_scoring.cc.
// Columns arrive as numpy arrays (no copy when already C-contiguous of the right dtype), results
// leave as numpy arrays that own their buffers; the GIL is released around each batch call.
#include <pybind11/stl.h>

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bindings/python/src/common.h"
#include "bindings/python/src/register.h"
#include "server/core/aging.h"
#include "server/core/civil_date.h"
#include "server/core/late_fee.h"
#include "server/core/money.h"

namespace huikuan::python {

core::Rounding ParseRounding(const std::string& s) {
  if (s == "half_up") return core::Rounding::kHalfUp;
  if (s == "half_even") return core::Rounding::kHalfEven;
  if (s == "down") return core::Rounding::kDown;
  if (s == "floor") return core::Rounding::kFloor;
  if (s == "ceiling") return core::Rounding::kCeiling;
  ThrowInvalid(absl::StrFormat(
      "rounding: \"%s\" is not one of half_up, half_even, down, floor, ceiling", s));
}

core::EpochDay EpochDayArg(py::handle obj, const char* name) {
  if (py::isinstance<py::str>(obj)) {
    absl::StatusOr<core::EpochDay> day = core::ParseDate(obj.cast<std::string>());
    if (!day.ok()) ThrowInvalid(absl::StrFormat("%s: %s", name, day.status().message()));
    return *day;
  }
  if (py::isinstance<py::int_>(obj) && !py::isinstance<py::bool_>(obj)) {
    const long long v = obj.cast<long long>();
    if (v < core::kMinEpochDay || v > core::kMaxEpochDay) {
      ThrowInvalid(absl::StrFormat("%s: day %d outside 1900-01-01..2199-12-31", name, v));
    }
    return static_cast<core::EpochDay>(v);
  }
  // datetime.date, datetime.datetime, pandas.Timestamp, numpy.datetime64: numpy knows them all.
  py::object np = py::module_::import("numpy");
  py::object day;
  try {
    day = np.attr("datetime64")(obj, "D");
  } catch (py::error_already_set&) {
    ThrowInvalid(
        absl::StrFormat("%s: not a date (give a date, a \"YYYY-MM-DD\" string or an "
                        "epoch day)",
                        name));
  }
  const long long v = day.attr("astype")("int64").cast<long long>();
  if (v == std::numeric_limits<long long>::min()) ThrowInvalid(absl::StrFormat("%s: NaT", name));
  if (v < core::kMinEpochDay || v > core::kMaxEpochDay) {
    ThrowInvalid(absl::StrFormat("%s: day %d outside 1900-01-01..2199-12-31", name, v));
  }
  return static_cast<core::EpochDay>(v);
}

core::AgingConfig AgingConfigArg(const std::vector<int32_t>& bounds) {
  core::AgingConfig c;
  c.upper_bounds = bounds;
  return c;
}

void RegisterDomain(py::module_& m) {
  // ---- money ----
  m.def(
      "parse_yuan",
      [](const std::vector<std::string>& texts) {
        CArray<int64_t> out(static_cast<py::ssize_t>(texts.size()));
        int64_t* o = out.mutable_data();
        for (size_t i = 0; i < texts.size(); ++i) {
          absl::StatusOr<core::Fen> v = core::ParseYuan(texts[i]);
          if (!v.ok()) {
            ThrowInvalid(absl::StrFormat("texts[%d]: %s", i, v.status().message()));
          }
          o[i] = *v;
        }
        return out;
      },
      py::arg("texts"),
      "Decimal yuan strings (\"1234.56\") -> int64 fen, exactly; never via a float.");
  m.def(
      "format_yuan",
      [](py::handle fen) {
        CArray<int64_t> a = Int64Column(fen, "fen");
        std::vector<std::string> out;
        out.reserve(a.size());
        for (int64_t v : Span(a)) out.push_back(core::FormatYuan(v));
        return out;
      },
      py::arg("fen"), "int64 fen -> \"1234.56\" strings.");
  m.def(
      "apply_basis_points",
      [](py::handle amounts, int64_t bp, const std::string& rounding) {
        CArray<int64_t> a = Int64Column(amounts, "amounts");
        const core::Rounding r = ParseRounding(rounding);
        CArray<int64_t> out(a.size());
        int64_t* o = out.mutable_data();
        absl::Status status;
        {
          py::gil_scoped_release release;
          for (py::ssize_t i = 0; i < a.size() && status.ok(); ++i) {
            absl::StatusOr<core::Fen> v = core::ApplyBasisPoints(a.data()[i], bp, r);
            if (v.ok()) {
              o[i] = *v;
            } else {
              status = absl::InvalidArgumentError(
                  absl::StrFormat("amounts[%d]: %s", i, v.status().message()));
            }
          }
        }
        ThrowIfError(status);
        return out;
      },
      py::arg("amounts"), py::arg("bp"), py::arg("rounding") = "half_up",
      "amount * bp / 10,000 per element, rounded once, exact (128-bit).");

  // ---- dates ----
  m.def(
      "parse_date", [](const std::string& s) { return ValueOrThrow(core::ParseDate(s)); },
      py::arg("text"), "\"YYYY-MM-DD\" -> days since 1970-01-01.");
  m.def("format_date", &core::FormatDate, py::arg("day"));
  m.def(
      "epoch_day", [](py::handle d) { return EpochDayArg(d, "day"); }, py::arg("day"),
      "A date, \"YYYY-MM-DD\", numpy.datetime64 or pandas.Timestamp -> days since 1970-01-01.");

  // ---- aging (R-AGING-1) ----
  const std::vector<int32_t> default_bounds = core::AgingConfig().upper_bounds;
  m.def(
      "bucket_labels",
      [](const std::vector<int32_t>& bounds) {
        core::AgingConfig c = AgingConfigArg(bounds);
        ThrowIfError(core::ValidateAgingConfig(c));
        return core::BucketLabels(c);
      },
      py::arg("bounds") = default_bounds, "Labels of the aging buckets: current, 1-30, ...");
  m.def(
      "assign_buckets",
      [](py::handle due_days, py::handle as_of, const std::vector<int32_t>& bounds) {
        CArray<int32_t> due = Int32Column(due_days, "due_days");
        const core::EpochDay day = EpochDayArg(as_of, "as_of");
        const core::AgingConfig c = AgingConfigArg(bounds);
        CArray<int8_t> out(due.size());
        absl::Status s;
        {
          py::gil_scoped_release release;
          s = core::AssignBuckets(Span(due), day, c, MutableSpan(out));
        }
        ThrowIfError(s);
        return out;
      },
      py::arg("due_days"), py::arg("as_of"), py::arg("bounds") = default_bounds,
      "Bucket index per invoice (0 = current) by days past due as of a date.");
  m.def(
      "age_by_group",
      [](py::handle open_amounts, py::handle due_days, py::handle as_of, py::object group_keys,
         const std::vector<int32_t>& bounds) {
        CArray<int64_t> amounts = Int64Column(open_amounts, "open_amounts");
        CArray<int64_t> keys =
            group_keys.is_none() ? CArray<int64_t>(0) : Int64Column(group_keys, "group_keys");
        const core::EpochDay day = EpochDayArg(as_of, "as_of");
        const core::AgingConfig c = AgingConfigArg(bounds);
        // datetime64 due dates are read as they are; anything the fast path declines (and every
        // other date column) is converted to days and aged by the general function.
        std::optional<core::AgingTable> result;
        if (std::optional<TickInput> ticks = TickColumnOf(due_days)) {
          py::gil_scoped_release release;
          result = core::TryAgeByGroupTicks(Span(keys), Span(amounts), ticks->View(), day, c);
        }
        if (!result) {
          CArray<int32_t> due = Int32Column(due_days, "due_days");
          absl::StatusOr<core::AgingTable> t;
          {
            py::gil_scoped_release release;
            t = core::AgeByGroup(Span(keys), Span(amounts), Span(due), day, c);
          }
          result = ValueOrThrow(std::move(t));
        }
        core::AgingTable table = *std::move(result);
        const py::ssize_t groups = static_cast<py::ssize_t>(table.group_keys.size());
        const py::ssize_t nb = table.num_buckets;
        py::dict out;
        out["group_keys"] = MoveToArray(std::move(table.group_keys));
        out["amounts"] = MoveToArray(std::move(table.amounts)).attr("reshape")(groups, nb);
        out["counts"] = MoveToArray(std::move(table.counts)).attr("reshape")(groups, nb);
        out["totals"] = MoveToArray(std::move(table.totals));
        out["labels"] = core::BucketLabels(c);
        return out;
      },
      py::arg("open_amounts"), py::arg("due_days"), py::arg("as_of"),
      py::arg("group_keys") = py::none(), py::arg("bounds") = default_bounds,
      R"doc(Open fen and invoice counts per (group, bucket) in one pass.

Returns a dict: group_keys (ascending), amounts and counts (groups x buckets int64), totals,
labels. Settled invoices (open amount 0) are skipped; negative amounts raise.)doc");

  // ---- late fees (R-TERM-4) ----
  m.def(
      "late_fee",
      [](int64_t amount, int32_t days_overdue, int64_t rate_bp_per_day, int32_t grace_days,
         const std::string& rounding) {
        core::LateFeeConfig c{rate_bp_per_day, ParseRounding(rounding), grace_days};
        return ValueOrThrow(core::LateFee(amount, days_overdue, c));
      },
      py::arg("overdue_amount"), py::arg("days_overdue"), py::arg("rate_bp_per_day") = 5,
      py::arg("grace_days") = 0, py::arg("rounding") = "half_up",
      "Fee in fen: amount x 0.05%/day x days, rounded once. late_fee(1_000_000, 10) == 5000.");
  m.def(
      "late_fees",
      [](py::handle overdue_amounts, py::handle due_days, py::handle as_of, int64_t rate_bp_per_day,
         int32_t grace_days, const std::string& rounding) {
        CArray<int64_t> amounts = Int64Column(overdue_amounts, "overdue_amounts");
        CArray<int32_t> due = Int32Column(due_days, "due_days");
        const core::EpochDay day = EpochDayArg(as_of, "as_of");
        core::LateFeeConfig c{rate_bp_per_day, ParseRounding(rounding), grace_days};
        CArray<int64_t> fees(amounts.size());
        absl::StatusOr<core::Fen> total;
        {
          py::gil_scoped_release release;
          total = core::LateFeesBatch(Span(amounts), Span(due), day, c, MutableSpan(fees));
        }
        return py::make_tuple(fees, ValueOrThrow(std::move(total)));
      },
      py::arg("overdue_amounts"), py::arg("due_days"), py::arg("as_of"),
      py::arg("rate_bp_per_day") = 5, py::arg("grace_days") = 0, py::arg("rounding") = "half_up",
      "(fees per invoice in fen, checked total) as of a date.");
}

}  // namespace huikuan::python
