// Bindings of the receivables KPIs (R-KPI-1: DSO simple and countback, AR turnover, CEI, overdue,
// bad-debt and collection rates), the credit scorecard (R-SCORE-1/2) and RFM (R-RFM-1) on batch
// columns.
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "bindings/python/src/common.h"
#include "bindings/python/src/register.h"
#include "server/core/kpi.h"
#include "server/core/rfm.h"
#include "server/core/scorecard.h"

namespace huikuan::python {
namespace {

// KpiRow is an array of structs; analysts want columns. One copy per field, O(groups).
template <typename T, typename F>
py::array_t<T> Column(const std::vector<core::KpiRow>& rows, F field) {
  std::vector<T> v;
  v.reserve(rows.size());
  for (const core::KpiRow& r : rows) v.push_back(field(r));
  return MoveToArray(std::move(v));
}

py::dict ScorecardToDict(const core::Scorecard& s) {
  py::list components;
  for (const core::ScoreComponent& c : s.components) {
    py::dict d;
    d["name"] = c.name;
    d["points"] = c.points;
    d["max_points"] = c.max_points;
    d["reason"] = c.reason;
    components.append(d);
  }
  py::dict out;
  out["components"] = components;
  out["total"] = s.total;
  out["risk"] = std::string(core::RiskLevelName(s.risk));
  out["grade"] = std::string(core::CreditGradeName(s.grade));
  out["summary"] = s.summary;
  return out;
}

struct ScoreInputs {
  CArray<int8_t> sizes, tax;
  CArray<int64_t> bank;
  CArray<int32_t> paid, on_time;
  core::ScoreColumns View() const {
    return core::ScoreColumns{Span(sizes), Span(tax), Span(bank), Span(paid), Span(on_time)};
  }
};

ScoreInputs ScoreArgs(py::handle sizes, py::handle tax_grades, py::handle bank_credit_lines,
                      py::handle paid_invoices, py::handle paid_on_time) {
  return ScoreInputs{Int8Column(sizes, "sizes"), Int8Column(tax_grades, "tax_grades"),
                     Int64Column(bank_credit_lines, "bank_credit_lines"),
                     Int32Column(paid_invoices, "paid_invoices"),
                     Int32Column(paid_on_time, "paid_on_time")};
}

// Row positions of `refs` among unique integer `ids` spanning a small range (database ids,
// 0..n-1), by arithmetic or a table indexed by id - min instead of hashing. nullopt when the ids
// repeat or spread too far or a reference is not among them (the caller's general path decides).
// When the ids are 0, 1, ... in row order the positions are the references themselves: then
// *same is set and the vector left empty.
std::optional<std::vector<int64_t>> DensePositions(absl::Span<const int64_t> ids,
                                                   absl::Span<const int64_t> refs, bool* same) {
  *same = false;
  const size_t n = ids.size();
  if (n == 0) return std::nullopt;
  const int64_t* id = ids.data();  // raw pointers: Debian's Abseil bounds-checks every Span[]
  // The usual case first: ids lo, lo + 1, ... in row order, in one comparison a row.
  uint64_t off_by = 0;
  const uint64_t first = static_cast<uint64_t>(id[0]);
  for (size_t i = 0; i < n; ++i) off_by |= static_cast<uint64_t>(id[i]) - first - i;
  const bool consecutive = off_by == 0;
  int64_t lo = id[0], hi = static_cast<int64_t>(first + (n - 1));
  if (!consecutive) {
    hi = id[0];
    for (size_t i = 0; i < n; ++i) {
      lo = std::min(lo, id[i]);
      hi = std::max(hi, id[i]);
    }
  }
  const uint64_t span = static_cast<uint64_t>(hi) - static_cast<uint64_t>(lo) + 1;
  if (span == 0 || span > 2 * static_cast<uint64_t>(n) + 65'536) return std::nullopt;
  const int64_t* ref = refs.data();
  bool inside = true;
  if (consecutive && lo == 0) {
    for (size_t j = 0; j < refs.size(); ++j) {
      inside &= static_cast<uint64_t>(ref[j]) < span;
    }
    if (!inside) return std::nullopt;
    *same = true;
    return std::vector<int64_t>();
  }
  std::vector<int64_t> pos(refs.size());
  if (consecutive) {
    for (size_t j = 0; j < refs.size(); ++j) {
      const uint64_t offset = static_cast<uint64_t>(ref[j]) - static_cast<uint64_t>(lo);
      inside &= offset < span;
      pos[j] = static_cast<int64_t>(offset);
    }
    if (!inside) return std::nullopt;
    return pos;
  }
  std::vector<int64_t> row(span, -1);
  for (size_t i = 0; i < n; ++i) {
    int64_t& r = row[static_cast<uint64_t>(id[i]) - static_cast<uint64_t>(lo)];
    if (r >= 0) return std::nullopt;  // repeated id
    r = static_cast<int64_t>(i);
  }
  for (size_t j = 0; j < refs.size(); ++j) {
    const uint64_t offset = static_cast<uint64_t>(ref[j]) - static_cast<uint64_t>(lo);
    if (offset >= span || row[offset] < 0) return std::nullopt;
    pos[j] = row[offset];
  }
  return pos;
}

// ComputeRfm on columns from Python: datetime64 order dates are read as they are (TryRfmTicks);
// anything that path declines, and every other date column, is converted to days and computed by
// the general function, which raises for bad input.
core::RfmTable RfmTableOf(py::handle customer_keys, py::handle order_days, py::handle order_amounts,
                          py::handle as_of) {
  CArray<int64_t> keys = Int64Column(customer_keys, "customer_keys");
  std::optional<TickInput> ticks = TickColumnOf(order_days);
  CArray<int32_t> days = ticks ? CArray<int32_t>(0) : Int32Column(order_days, "order_days");
  CArray<int64_t> amounts = Int64Column(order_amounts, "order_amounts");
  const core::EpochDay day = EpochDayArg(as_of, "as_of");
  if (ticks) {
    std::optional<core::RfmTable> fast;
    {
      py::gil_scoped_release release;
      fast = core::TryRfmTicks(Span(keys), ticks->View(), Span(amounts), day);
    }
    if (fast) return *std::move(fast);
    days = Int32Column(order_days, "order_days");
  }
  absl::StatusOr<core::RfmTable> t;
  {
    py::gil_scoped_release release;
    t = core::ComputeRfm(Span(keys), Span(days), Span(amounts), day);
  }
  return ValueOrThrow(std::move(t));
}

// The columns of a computed RFM table, moved into numpy arrays.
py::dict RfmTableToDict(core::RfmTable table) {
  py::dict out;
  out["customer_keys"] = MoveToArray(std::move(table.customer_keys));
  out["recency_days"] = MoveToArray(std::move(table.recency_days));
  out["frequency"] = MoveToArray(std::move(table.frequency));
  out["monetary"] = MoveToArray(std::move(table.monetary));
  return out;
}

}  // namespace

void RegisterScoring(py::module_& m) {
  // ---- KPIs (R-KPI-1) ----
  m.def(
      "kpis_by_group",
      [](py::handle invoice_days, py::handle due_days, py::handle amounts,
         py::handle settlement_invoice_index, py::handle settlement_days,
         py::handle settlement_amounts, py::handle first_day, py::handle last_day,
         py::object group_keys, py::object is_write_off) {
        // datetime64 dates are read as they are when all three columns are; anything the fast
        // path declines is converted to days and computed by the general function.
        std::optional<TickInput> inv_ticks = TickColumnOf(invoice_days);
        std::optional<TickInput> due_ticks = TickColumnOf(due_days);
        std::optional<TickInput> s_ticks = TickColumnOf(settlement_days);
        const bool ticks = inv_ticks && due_ticks && s_ticks;
        CArray<int32_t> inv_days =
            ticks ? CArray<int32_t>(0) : Int32Column(invoice_days, "invoice_days");
        CArray<int32_t> due = ticks ? CArray<int32_t>(0) : Int32Column(due_days, "due_days");
        CArray<int64_t> amt = Int64Column(amounts, "amounts");
        CArray<int64_t> keys =
            group_keys.is_none() ? CArray<int64_t>(0) : Int64Column(group_keys, "group_keys");
        CArray<int64_t> s_index = Int64Column(settlement_invoice_index, "settlement_invoice_index");
        CArray<int32_t> s_days =
            ticks ? CArray<int32_t>(0) : Int32Column(settlement_days, "settlement_days");
        CArray<int64_t> s_amt = Int64Column(settlement_amounts, "settlement_amounts");
        CArray<uint8_t> s_wo =
            is_write_off.is_none() ? CArray<uint8_t>(0) : BoolColumn(is_write_off, "is_write_off");
        core::Period period{EpochDayArg(first_day, "first_day"), EpochDayArg(last_day, "last_day")};
        std::optional<core::KpiTable> result;
        if (ticks) {
          py::gil_scoped_release release;
          result = core::TryKpisByGroupTicks(
              core::InvoiceTickColumns{Span(keys), inv_ticks->View(), due_ticks->View(), Span(amt)},
              core::SettlementTickColumns{Span(s_index), s_ticks->View(), Span(s_amt), Span(s_wo)},
              period);
        }
        if (!result) {
          if (ticks) {
            inv_days = Int32Column(invoice_days, "invoice_days");
            due = Int32Column(due_days, "due_days");
            s_days = Int32Column(settlement_days, "settlement_days");
          }
          absl::StatusOr<core::KpiTable> t;
          {
            py::gil_scoped_release release;
            t = core::ComputeKpisByGroup(
                core::InvoiceColumns{Span(keys), Span(inv_days), Span(due), Span(amt)},
                core::SettlementColumns{Span(s_index), Span(s_days), Span(s_amt), Span(s_wo)},
                period);
          }
          result = ValueOrThrow(std::move(t));
        }
        const core::KpiTable& table = *result;
        const auto& r = table.rows;
        py::dict out;
        using Row = core::KpiRow;
        out["group_key"] = Column<int64_t>(r, [](const Row& x) { return x.group_key; });
        out["credit_sales"] = Column<int64_t>(r, [](const Row& x) { return x.credit_sales; });
        out["begin_ar"] = Column<int64_t>(r, [](const Row& x) { return x.begin_ar; });
        out["end_ar"] = Column<int64_t>(r, [](const Row& x) { return x.end_ar; });
        out["end_current_ar"] = Column<int64_t>(r, [](const Row& x) { return x.end_current_ar; });
        out["end_overdue_ar"] = Column<int64_t>(r, [](const Row& x) { return x.end_overdue_ar; });
        out["collections"] = Column<int64_t>(r, [](const Row& x) { return x.collections; });
        out["bad_debt"] = Column<int64_t>(r, [](const Row& x) { return x.bad_debt; });
        out["due_in_period"] = Column<int64_t>(r, [](const Row& x) { return x.due_in_period; });
        out["collected_of_due"] =
            Column<int64_t>(r, [](const Row& x) { return x.collected_of_due; });
        out["dso_days"] = Column<double>(r, [](const Row& x) { return x.dso_days; });
        out["ar_turnover"] = Column<double>(r, [](const Row& x) { return x.ar_turnover; });
        out["cei"] = Column<double>(r, [](const Row& x) { return x.cei; });
        out["overdue_rate"] = Column<double>(r, [](const Row& x) { return x.overdue_rate; });
        out["bad_debt_rate"] = Column<double>(r, [](const Row& x) { return x.bad_debt_rate; });
        out["collection_rate"] = Column<double>(r, [](const Row& x) { return x.collection_rate; });
        out["period_days"] = table.period_days;
        return out;
      },
      py::arg("invoice_days"), py::arg("due_days"), py::arg("amounts"),
      py::arg("settlement_invoice_index"), py::arg("settlement_days"),
      py::arg("settlement_amounts"), py::arg("first_day"), py::arg("last_day"), py::kw_only(),
      py::arg("group_keys") = py::none(), py::arg("is_write_off") = py::none(),
      R"doc(Receivables KPIs per group over a period (both ends inclusive), R-KPI-1.

Invoices are one row each; settlements (payments or write-offs) reference invoices by row index.
Returns a dict of equally long columns (ascending group_key): the exact fen sums and dso_days,
ar_turnover, cei, overdue_rate, bad_debt_rate, collection_rate (NaN where the denominator is 0).)doc");
  m.def(
      "dense_positions",
      [](py::handle invoice_ids, py::handle settlement_refs) -> py::object {
        CArray<int64_t> ids = Int64Column(invoice_ids, "invoice_ids");
        CArray<int64_t> refs = Int64Column(settlement_refs, "settlement_refs");
        std::optional<std::vector<int64_t>> pos;
        bool same = false;
        {
          py::gil_scoped_release release;
          pos = DensePositions(Span(ids), Span(refs), &same);
        }
        if (!pos) return py::none();
        if (same) return refs;
        return MoveToArray(*std::move(pos));
      },
      py::arg("invoice_ids"), py::arg("settlement_refs"),
      "Row positions (int64) of settlement_refs among unique integer invoice_ids spanning at most "
      "2 n + 65,536 values; None when the ids repeat or spread further or a reference is not "
      "among them.");
  m.def(
      "dso_countback_by_group",
      [](py::handle invoice_days, py::handle due_days, py::handle amounts,
         py::handle settlement_invoice_index, py::handle settlement_days,
         py::handle settlement_amounts, py::handle as_of, int32_t max_months, py::object group_keys,
         py::object is_write_off) {
        CArray<int32_t> inv_days = Int32Column(invoice_days, "invoice_days");
        CArray<int32_t> due = Int32Column(due_days, "due_days");
        CArray<int64_t> amt = Int64Column(amounts, "amounts");
        CArray<int64_t> keys =
            group_keys.is_none() ? CArray<int64_t>(0) : Int64Column(group_keys, "group_keys");
        CArray<int64_t> s_index = Int64Column(settlement_invoice_index, "settlement_invoice_index");
        CArray<int32_t> s_days = Int32Column(settlement_days, "settlement_days");
        CArray<int64_t> s_amt = Int64Column(settlement_amounts, "settlement_amounts");
        CArray<uint8_t> s_wo =
            is_write_off.is_none() ? CArray<uint8_t>(0) : BoolColumn(is_write_off, "is_write_off");
        const core::EpochDay day = EpochDayArg(as_of, "as_of");
        absl::StatusOr<std::vector<core::CountbackRow>> rows;
        {
          py::gil_scoped_release release;
          rows = core::DsoCountbackByGroup(
              core::InvoiceColumns{Span(keys), Span(inv_days), Span(due), Span(amt)},
              core::SettlementColumns{Span(s_index), Span(s_days), Span(s_amt), Span(s_wo)}, day,
              max_months);
        }
        const std::vector<core::CountbackRow> r = ValueOrThrow(std::move(rows));
        std::vector<int64_t> k, ar;
        std::vector<double> dso;
        for (const core::CountbackRow& row : r) {
          k.push_back(row.group_key);
          ar.push_back(row.end_ar);
          dso.push_back(row.dso_days);
        }
        py::dict out;
        out["group_key"] = MoveToArray(std::move(k));
        out["end_ar"] = MoveToArray(std::move(ar));
        out["dso_days"] = MoveToArray(std::move(dso));
        return out;
      },
      py::arg("invoice_days"), py::arg("due_days"), py::arg("amounts"),
      py::arg("settlement_invoice_index"), py::arg("settlement_days"),
      py::arg("settlement_amounts"), py::arg("as_of"), py::arg("max_months") = 12, py::kw_only(),
      py::arg("group_keys") = py::none(), py::arg("is_write_off") = py::none(),
      "Countback DSO per group as of a date over calendar months (at most max_months).");
  m.def(
      "dso_simple",
      [](int64_t ending_ar, int64_t credit_sales, int32_t period_days) {
        return ValueOrThrow(core::DsoSimple(ending_ar, credit_sales, period_days));
      },
      py::arg("ending_ar"), py::arg("credit_sales"), py::arg("period_days"),
      "ending_ar / credit_sales * period_days (NaN without sales).");
  m.def(
      "dso_countback",
      [](int64_t ending_ar, py::handle sales, py::handle days) {
        CArray<int64_t> s = Int64Column(sales, "sales_most_recent_first");
        CArray<int32_t> d = Int32Column(days, "days_most_recent_first");
        return ValueOrThrow(core::DsoCountback(ending_ar, Span(s), Span(d)));
      },
      py::arg("ending_ar"), py::arg("sales_most_recent_first"), py::arg("days_most_recent_first"),
      "Countback DSO over months given most recent first.");
  m.def(
      "ar_turnover",
      [](int64_t credit_sales, int64_t begin_ar, int64_t end_ar) {
        return ValueOrThrow(core::ArTurnover(credit_sales, begin_ar, end_ar));
      },
      py::arg("credit_sales"), py::arg("begin_ar"), py::arg("end_ar"));
  m.def(
      "collection_effectiveness_index",
      [](int64_t begin_ar, int64_t credit_sales, int64_t end_ar, int64_t end_current_ar) {
        return ValueOrThrow(
            core::CollectionEffectivenessIndex(begin_ar, credit_sales, end_ar, end_current_ar));
      },
      py::arg("begin_ar"), py::arg("credit_sales"), py::arg("end_ar"), py::arg("end_current_ar"));

  // ---- scorecard (R-SCORE-1/2) ----
  py::class_<core::ScorecardConfig>(m, "ScorecardConfig",
                                    "Weights, points and cut-offs of the credit scorecard.")
      .def(py::init<>())
      .def_readwrite("size_max", &core::ScorecardConfig::size_max)
      .def_readwrite("tax_max", &core::ScorecardConfig::tax_max)
      .def_readwrite("bank_max", &core::ScorecardConfig::bank_max)
      .def_readwrite("history_max", &core::ScorecardConfig::history_max)
      .def_readwrite("size_points", &core::ScorecardConfig::size_points)
      .def_readwrite("tax_points", &core::ScorecardConfig::tax_points)
      .def_readwrite("bank_thresholds", &core::ScorecardConfig::bank_thresholds)
      .def_readwrite("bank_points", &core::ScorecardConfig::bank_points)
      .def_readwrite("no_history_points", &core::ScorecardConfig::no_history_points)
      .def_readwrite("low_risk_min", &core::ScorecardConfig::low_risk_min)
      .def_readwrite("medium_risk_min", &core::ScorecardConfig::medium_risk_min)
      .def_readwrite("grade_a_min", &core::ScorecardConfig::grade_a_min)
      .def_readwrite("grade_b_min", &core::ScorecardConfig::grade_b_min)
      .def_readwrite("grade_c_min", &core::ScorecardConfig::grade_c_min)
      .def("validate",
           [](const core::ScorecardConfig& c) { ThrowIfError(core::ValidateScorecardConfig(c)); });

  m.attr("ENTERPRISE_SIZES") = py::make_tuple("micro", "small", "medium", "large");
  m.attr("TAX_CREDIT_GRADES") = py::make_tuple("A", "B", "M", "C", "D");
  m.attr("RISK_LEVELS") = py::make_tuple("low", "medium", "high");
  m.attr("CREDIT_GRADES") = py::make_tuple("A", "B", "C", "D");

  m.def(
      "score_batch",
      [](py::handle sizes, py::handle tax_grades, py::handle bank_credit_lines,
         py::handle paid_invoices, py::handle paid_on_time, const core::ScorecardConfig& config) {
        ScoreInputs in =
            ScoreArgs(sizes, tax_grades, bank_credit_lines, paid_invoices, paid_on_time);
        const py::ssize_t n = in.sizes.size();
        CArray<int32_t> totals(n);
        CArray<int8_t> risks(n), grades(n);
        absl::Status s;
        {
          py::gil_scoped_release release;
          s = core::ScoreBatch(in.View(), config, MutableSpan(totals), MutableSpan(risks),
                               MutableSpan(grades));
        }
        ThrowIfError(s);
        return py::make_tuple(totals, risks, grades);
      },
      py::arg("sizes"), py::arg("tax_grades"), py::arg("bank_credit_lines"),
      py::arg("paid_invoices"), py::arg("paid_on_time"),
      py::arg("config") = core::ScorecardConfig(),
      "(totals int32, risk codes int8, grade codes int8) for columns of codes: sizes index "
      "ENTERPRISE_SIZES, tax_grades TAX_CREDIT_GRADES; bank lines in fen.");
  m.def(
      "score_with_reasons",
      [](py::handle sizes, py::handle tax_grades, py::handle bank_credit_lines,
         py::handle paid_invoices, py::handle paid_on_time, const core::ScorecardConfig& config) {
        ScoreInputs in =
            ScoreArgs(sizes, tax_grades, bank_credit_lines, paid_invoices, paid_on_time);
        const core::ScoreColumns c = in.View();
        const size_t n = c.sizes.size();
        for (const auto& [name, len] :
             {std::pair<const char*, size_t>{"tax_grades", c.tax_grades.size()},
              {"bank_credit_lines", c.bank_credit_lines.size()},
              {"paid_invoices", c.paid_invoices.size()},
              {"paid_on_time", c.paid_on_time.size()}}) {
          if (len != n) ThrowInvalid(absl::StrFormat("%s: length %d != %d", name, len, n));
        }
        std::vector<core::Scorecard> cards(n);
        absl::Status status;
        {
          py::gil_scoped_release release;
          for (size_t i = 0; i < n && status.ok(); ++i) {
            core::ScoreInput input{static_cast<core::EnterpriseSize>(c.sizes[i]),
                                   static_cast<core::TaxCreditGrade>(c.tax_grades[i]),
                                   c.bank_credit_lines[i], c.paid_invoices[i], c.paid_on_time[i]};
            absl::StatusOr<core::Scorecard> s = core::ScoreCustomer(input, config);
            if (!s.ok()) {
              status = absl::Status(s.status().code(),
                                    absl::StrFormat("row %d: %s", i, s.status().message()));
            } else {
              cards[i] = *std::move(s);
            }
          }
        }
        ThrowIfError(status);
        py::dict out;
        const char* names[4] = {"size", "tax", "bank", "history"};
        for (int k = 0; k < 4; ++k) {
          std::vector<int32_t> points(n);
          py::list reasons(n);
          for (size_t i = 0; i < n; ++i) {
            points[i] = cards[i].components[k].points;
            reasons[i] = py::str(cards[i].components[k].reason);
          }
          out[py::str(std::string(names[k]) + "_points")] = MoveToArray(std::move(points));
          out[py::str(std::string(names[k]) + "_reason")] = reasons;
        }
        std::vector<int32_t> totals(n);
        std::vector<int8_t> risks(n), grades(n);
        py::list summary(n);
        for (size_t i = 0; i < n; ++i) {
          totals[i] = cards[i].total;
          risks[i] = static_cast<int8_t>(cards[i].risk);
          grades[i] = static_cast<int8_t>(cards[i].grade);
          summary[i] = py::str(cards[i].summary);
        }
        out["total"] = MoveToArray(std::move(totals));
        out["risk"] = MoveToArray(std::move(risks));
        out["grade"] = MoveToArray(std::move(grades));
        out["summary"] = summary;
        return out;
      },
      py::arg("sizes"), py::arg("tax_grades"), py::arg("bank_credit_lines"),
      py::arg("paid_invoices"), py::arg("paid_on_time"),
      py::arg("config") = core::ScorecardConfig(),
      "Like score_batch, plus each component's points and reason, and a summary per row.");
  m.def(
      "score_customer",
      [](int size, int tax_grade, int64_t bank_credit_line, int32_t paid_invoices,
         int32_t paid_on_time, const core::ScorecardConfig& config) {
        if (size < 0 || size > 3) ThrowInvalid(absl::StrFormat("size: %d is not 0..3", size));
        if (tax_grade < 0 || tax_grade > 4) {
          ThrowInvalid(absl::StrFormat("tax_grade: %d is not 0..4", tax_grade));
        }
        core::ScoreInput in{static_cast<core::EnterpriseSize>(size),
                            static_cast<core::TaxCreditGrade>(tax_grade), bank_credit_line,
                            paid_invoices, paid_on_time};
        return ScorecardToDict(ValueOrThrow(core::ScoreCustomer(in, config)));
      },
      py::arg("size"), py::arg("tax_grade"), py::arg("bank_credit_line"), py::arg("paid_invoices"),
      py::arg("paid_on_time"), py::arg("config") = core::ScorecardConfig(),
      "One customer's scorecard: components with points and reasons, total, risk, grade.");
  m.def(
      "recommend_credit",
      [](int grade, bool is_new_customer, int64_t monthly_purchases) {
        if (grade < 0 || grade > 3) ThrowInvalid(absl::StrFormat("grade: %d is not 0..3", grade));
        core::CreditRecommendation r = ValueOrThrow(core::RecommendCredit(
            static_cast<core::CreditGrade>(grade), is_new_customer, monthly_purchases));
        py::dict out;
        out["grade"] = std::string(core::CreditGradeName(r.grade));
        out["term_days"] = r.term_days;
        out["prepayment_bp"] = r.prepayment_bp;
        out["credit_limit"] = r.credit_limit;
        out["reason"] = r.reason;
        return out;
      },
      py::arg("grade"), py::arg("is_new_customer"), py::arg("monthly_purchases"),
      "R-SCORE-2: term, prepayment and credit limit (fen) for a grade code (0=A .. 3=D).");

  // ---- RFM (R-RFM-1) ----
  m.attr("RFM_SEGMENTS") = py::make_tuple("other", "loyal_high_value", "low_value_churn_risk");
  m.attr("RFM_SEGMENT_ADVICE") =
      py::make_tuple(std::string(core::RfmSegmentAdvice(core::RfmSegment::kOther)),
                     std::string(core::RfmSegmentAdvice(core::RfmSegment::kLoyalHighValue)),
                     std::string(core::RfmSegmentAdvice(core::RfmSegment::kLowValueChurnRisk)));
  m.def(
      "compute_rfm",
      [](py::handle customer_keys, py::handle order_days, py::handle order_amounts,
         py::handle as_of) {
        core::RfmTable table = RfmTableOf(customer_keys, order_days, order_amounts, as_of);
        return RfmTableToDict(std::move(table));
      },
      py::arg("customer_keys"), py::arg("order_days"), py::arg("order_amounts"), py::arg("as_of"),
      "Per-customer recency (days), frequency (orders) and monetary (fen), ascending keys.");
  m.def(
      "rfm_table",
      [](py::handle customer_keys, py::handle order_days, py::handle order_amounts,
         py::handle as_of) {
        core::RfmTable table = RfmTableOf(customer_keys, order_days, order_amounts, as_of);
        core::RfmScoreColumns scores;
        {
          py::gil_scoped_release release;
          scores = core::ScoreRfmTable(table);
        }
        py::dict out = RfmTableToDict(std::move(table));
        out["r_score"] = MoveToArray(std::move(scores.r_scores));
        out["f_score"] = MoveToArray(std::move(scores.f_scores));
        out["m_score"] = MoveToArray(std::move(scores.m_scores));
        out["segment"] = MoveToArray(std::move(scores.segments));
        return out;
      },
      py::arg("customer_keys"), py::arg("order_days"), py::arg("order_amounts"), py::arg("as_of"),
      "compute_rfm, rfm_scores and classify_rfm in one call: the columns of compute_rfm plus "
      "r_score, f_score, m_score (1..5) and segment (codes of RFM_SEGMENTS).");
  m.def(
      "rfm_scores",
      [](py::handle recency, py::handle frequency, py::handle monetary) {
        CArray<int32_t> r = Int32Column(recency, "recency_days");
        CArray<int32_t> f = Int32Column(frequency, "frequency");
        CArray<int64_t> mo = Int64Column(monetary, "monetary");
        const py::ssize_t n = r.size();
        CArray<int8_t> rs(n), fs(n), ms(n);
        absl::Status s;
        {
          py::gil_scoped_release release;
          s = core::RfmScores(Span(r), Span(f), Span(mo), MutableSpan(rs), MutableSpan(fs),
                              MutableSpan(ms));
        }
        ThrowIfError(s);
        return py::make_tuple(rs, fs, ms);
      },
      py::arg("recency_days"), py::arg("frequency"), py::arg("monetary"),
      "Quintile scores 1..5: ceil(5 * average rank / n); recent, frequent, large score high.");
  m.def(
      "classify_rfm",
      [](py::handle recency, py::handle frequency, py::handle monetary) {
        CArray<int32_t> r = Int32Column(recency, "recency_days");
        CArray<int32_t> f = Int32Column(frequency, "frequency");
        CArray<int64_t> mo = Int64Column(monetary, "monetary");
        CArray<int8_t> seg(r.size());
        absl::Status s;
        {
          py::gil_scoped_release release;
          s = core::ClassifyRfmBatch(Span(r), Span(f), Span(mo), core::RfmConfig(),
                                     MutableSpan(seg));
        }
        ThrowIfError(s);
        return seg;
      },
      py::arg("recency_days"), py::arg("frequency"), py::arg("monetary"),
      "Segment codes (index RFM_SEGMENTS): loyal high value R<=30, F>=5, M>=1,000,000 yuan; low "
      "value churn risk R>90, F<=2, M<=500,000 yuan.");
}

}  // namespace huikuan::python
