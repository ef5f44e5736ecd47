#include "server/core/kpi_dense.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "server/core/column_checks.h"
#include "server/core/parallel.h"
#include "server/core/tick_column.h"

namespace huikuan::core {
namespace kpi_internal {
namespace {

// A day column as the dense pass reads it: epoch days (Day = EpochDay, one tick a day) or
// timestamps (Day = int64_t), compared with a day through that day's first tick (tick_column.h).
template <typename Day>
struct Days {
  const Day* ticks = nullptr;
  int64_t per_day = 1;
  int64_t Start(int64_t day) const { return DayStartTick(day, per_day); }
};

// Each group's invoice sums: issued before the period, issued in it, issued by its end and due on
// or after its last day (not yet overdue then), due in it. 32 bytes: one cache line per row, and
// 10,000 groups stay in a core's L2. Unsigned, so that the sums wrap instead of overflowing; the
// caller checks rows * largest amount beforehand.
struct alignas(32) InvoiceSums {
  uint64_t before = 0, in_period = 0, current = 0, due_in_period = 0;
  void Add(const InvoiceSums& o) {
    before += o.before;
    in_period += o.in_period;
    current += o.current;
    due_in_period += o.due_in_period;
  }
};
// Each group's settlement sums: made before the period, by its end, by its end on invoices not yet
// due at its last day; payments and write-offs in the period; payments by its end on invoices due
// in it. Padded to a cache line.
struct alignas(64) SettlementSums {
  uint64_t before = 0, by_end = 0, current = 0, paid = 0, written_off = 0, paid_of_due = 0;
  void Add(const SettlementSums& o) {
    before += o.before;
    by_end += o.by_end;
    current += o.current;
    paid += o.paid;
    written_off += o.written_off;
    paid_of_due += o.paid_of_due;
  }
};

// Rows ahead whose group's sums are prefetched.
constexpr size_t kAhead = 16;

inline uint64_t If(bool condition, uint64_t amount) { return amount & (0 - uint64_t{condition}); }

template <typename Day>
std::optional<KpiTable> Dense(absl::Span<const int64_t> group_keys, Days<Day> invoice_days,
                              Days<Day> due_days, absl::Span<const Fen> amounts,
                              absl::Span<const int64_t> settlement_invoice,
                              Days<Day> settlement_days, absl::Span<const Fen> settlement_amounts,
                              absl::Span<const uint8_t> is_write_off, const Period& period) {
  const size_t n = amounts.size();
  const size_t m = settlement_amounts.size();
  if (n == 0) return std::nullopt;
  const bool grouped = !group_keys.empty();
  int64_t min_key = 0;
  uint64_t span = 1;
  // A table of 96 bytes a key: only when keys are few next to the rows (at most ~16 bytes a row, or
  // 64k keys); the general path indexes other keys compactly.
  constexpr uint64_t kBytesPerKey = sizeof(InvoiceSums) + sizeof(SettlementSums);
  if (grouped && !SmallKeyRange(group_keys, (16 * n) / kBytesPerKey + 65'536, &min_key, &span)) {
    return std::nullopt;
  }
  const int64_t* key_col = grouped ? group_keys.data() : nullptr;
  const uint64_t base = static_cast<uint64_t>(min_key);
  auto accepted = [](const auto& days) {
    return std::pair<uint64_t, uint64_t>(
        static_cast<uint64_t>(AcceptedTicksBegin(days.per_day)),
        static_cast<uint64_t>(AcceptedTicksEnd(days.per_day)) -
            static_cast<uint64_t>(AcceptedTicksBegin(days.per_day)));
  };
  const int64_t first = period.first_day, last = period.last_day;
  // Every comparison with a day is one with its first tick, kept in locals (registers): read
  // through a pointer they would be reloaded after every store to a sum, which may alias them.
  const int64_t due_first = due_days.Start(first), due_last = due_days.Start(last);
  const int64_t due_after = due_days.Start(last + 1);

  // Invoices [from, to): validated and summed into `sums`, their keys marked in `seen`. False
  // when a date is not accepted or an amount is invalid or so large that a sum could wrap.
  auto invoice_pass = [&](size_t from, size_t to, InvoiceSums* sums, uint8_t* seen) {
    bool ok = true;
    uint64_t largest = 0;
    const int64_t issued_from = invoice_days.Start(first);
    const int64_t issued_after = invoice_days.Start(last + 1);
    const auto [inv_begin, inv_width] = accepted(invoice_days);
    const auto [due_begin, due_width] = accepted(due_days);
    // Raw pointers: Debian's Abseil is hardened, so every Span[] is bounds-checked.
    const Day* inv_col = invoice_days.ticks;
    const Day* due_col = due_days.ticks;
    const Fen* amount_col = amounts.data();
    for (size_t i = from; i < to; ++i) {
      if (key_col != nullptr && i + kAhead < to) {
        __builtin_prefetch(&sums[static_cast<uint64_t>(key_col[i + kAhead]) - base], 1);
      }
      const int64_t issued = inv_col[i];
      const int64_t due = due_col[i];
      const uint64_t amount = static_cast<uint64_t>(amount_col[i]);
      ok &= (static_cast<uint64_t>(issued) - inv_begin < inv_width) &
            (static_cast<uint64_t>(due) - due_begin < due_width);
      largest = amount > largest ? amount : largest;  // also catches negative amounts
      const uint64_t g = key_col == nullptr ? 0 : static_cast<uint64_t>(key_col[i]) - base;
      seen[g] = 1;
      const bool before = issued < issued_from;
      const bool by_end = issued < issued_after;
      InvoiceSums& s = sums[g];
      s.before += If(before, amount);
      s.in_period += If(by_end & !before, amount);
      s.current += If(by_end & (due >= due_last), amount);
      s.due_in_period += If((due >= due_first) & (due < due_after), amount);
    }
    // No sum of at most n amounts can reach 2^63 (so none wrapped), and every amount is valid.
    return ok && largest <= static_cast<uint64_t>(kMaxAbsFen) &&
           static_cast<Int128>(largest) * n <= std::numeric_limits<int64_t>::max();
  };

  // Settlements [from, to) summed into `sums`, with ComputeKpisByGroup's checks of each row
  // (false on any failure: the general path names it). Whether the settlements of an invoice
  // together exceed it is checked after all chunks (below). A settlement never exceeds its
  // invoice, so a group's settlement sums stay below its invoice sums: they do not wrap either.
  struct SettlementChunk {
    bool ok = true;
    bool increasing = true;  // invoice rows strictly increase within the chunk
    int64_t first_row = -1, last_row = -1;
  };
  auto settlement_pass = [&](size_t from, size_t to, SettlementSums* sums) {
    SettlementChunk chunk;
    const int64_t paid_from = settlement_days.Start(first);
    const int64_t paid_after = settlement_days.Start(last + 1);
    const auto [day_begin, day_width] = accepted(settlement_days);
    const bool same_unit = settlement_days.per_day == invoice_days.per_day;
    const int64_t* index_col = settlement_invoice.data();
    const Day* day_col = settlement_days.ticks;
    const Fen* amount_col = settlement_amounts.data();
    const uint8_t* write_off_col = is_write_off.empty() ? nullptr : is_write_off.data();
    const Day* inv_col = invoice_days.ticks;
    const Day* due_col = due_days.ticks;
    const Fen* inv_amount = amounts.data();
    bool ok = true;
    int64_t previous = std::numeric_limits<int64_t>::min();
    chunk.first_row = from < to ? index_col[from] : -1;
    for (size_t j = from; j < to; ++j) {
      if (key_col != nullptr && j + kAhead < to) {
        // The group of a settlement a few rows ahead, so that its cache miss overlaps this row's
        // work (the row is clamped: it is not validated yet).
        const uint64_t ahead = std::min(static_cast<uint64_t>(index_col[j + kAhead]), n - 1);
        __builtin_prefetch(&sums[static_cast<uint64_t>(key_col[ahead]) - base], 1);
      }
      const int64_t inv = index_col[j];
      const Fen amount = amount_col[j];
      if (static_cast<uint64_t>(inv) >= n ||
          static_cast<uint64_t>(amount) > static_cast<uint64_t>(kMaxAbsFen) ||
          amount > inv_amount[inv]) {
        chunk.ok = false;
        return chunk;
      }
      chunk.increasing &= inv > previous;
      previous = inv;
      const int64_t day = day_col[j];
      ok &= static_cast<uint64_t>(day) - day_begin < day_width;
      // Dated before its invoice's day? Same unit and a tick no earlier decides it without
      // dividing.
      const int64_t issued = inv_col[inv];
      if constexpr (std::is_same_v<Day, EpochDay>) {
        ok &= day >= issued;
      } else if (!same_unit || day < issued) {
        ok &= TickDay(day, settlement_days.per_day) >= TickDay(issued, invoice_days.per_day);
      }
      const uint64_t a = static_cast<uint64_t>(amount);
      const int64_t due = due_col[inv];
      const bool write_off = write_off_col != nullptr && write_off_col[j] != 0;
      const bool before = day < paid_from;
      const bool by_end = day < paid_after;
      const bool in_period = by_end & !before;
      SettlementSums& s = sums[key_col == nullptr ? 0 : static_cast<uint64_t>(key_col[inv]) - base];
      s.before += If(before, a);
      s.by_end += If(by_end, a);
      s.current += If(by_end & (due >= due_last), a);
      s.paid += If(in_period & !write_off, a);
      s.written_off += If(in_period & write_off, a);
      s.paid_of_due += If(by_end & !write_off & (due >= due_first) & (due < due_after), a);
    }
    chunk.ok = ok;
    chunk.last_row = previous;
    return chunk;
  };

  // Both passes in chunks over two threads for large batches (parallel.h), each worker into sums
  // of its own, the helper's added at the end.
  const bool split = WorthTwoThreads(n + m, span * kBytesPerKey);
  const size_t invoice_chunks = split ? 8 : 1;
  const size_t settlement_chunks = split ? 8 : 1;
  struct Sums {
    std::vector<InvoiceSums> in;
    std::vector<SettlementSums> out;
    std::vector<uint8_t> present;
  } sums[2];
  // The calling thread's sums exist even if the helper takes every chunk; the helper's are made
  // by the helper, if it runs at all.
  auto allocate = [span](Sums& s) {
    s.in.resize(span);
    s.out.resize(span);
    s.present.assign(span, 0);
  };
  allocate(sums[0]);
  std::vector<SettlementChunk> checks(settlement_chunks);
  bool invoices_ok[2] = {true, true};
  ForEachChunk(invoice_chunks + settlement_chunks, split, [&](size_t chunk, int worker) {
    Sums& own = sums[worker];
    if (own.in.empty()) allocate(own);
    if (chunk < invoice_chunks) {
      invoices_ok[worker] &=
          invoice_pass(ChunkBegin(n, chunk, invoice_chunks),
                       ChunkBegin(n, chunk + 1, invoice_chunks), own.in.data(), own.present.data());
    } else {
      const size_t c = chunk - invoice_chunks;
      checks[c] = settlement_pass(ChunkBegin(m, c, settlement_chunks),
                                  ChunkBegin(m, c + 1, settlement_chunks), own.out.data());
    }
  });
  if (!invoices_ok[0] || !invoices_ok[1]) return std::nullopt;
  // While the invoice rows strictly increase over all settlements (one settlement per invoice in
  // invoice order, the usual export), no invoice has two and each row's check above sufficed.
  // Otherwise add up each invoice's settlements once more.
  bool increasing = true;
  int64_t last_row = -1;
  for (const SettlementChunk& c : checks) {
    if (!c.ok) return std::nullopt;
    if (c.first_row < 0) continue;  // empty chunk
    increasing &= c.increasing & (c.first_row > last_row);
    last_row = c.last_row;
  }
  if (!increasing) {
    std::vector<Fen> settled(n, 0);
    for (size_t j = 0; j < m; ++j) {
      const int64_t inv = settlement_invoice[j];
      settled[inv] += settlement_amounts[j];  // both <= kMaxAbsFen: no overflow
      if (settled[inv] > amounts[inv]) return std::nullopt;
    }
  }
  std::vector<InvoiceSums>& in = sums[0].in;
  std::vector<SettlementSums>& out = sums[0].out;
  std::vector<uint8_t>& present = sums[0].present;
  if (!sums[1].in.empty()) {
    // Sums of disjoint rows: each total still below 2^63.
    for (uint64_t g = 0; g < span; ++g) {
      in[g].Add(sums[1].in[g]);
      out[g].Add(sums[1].out[g]);
      present[g] |= sums[1].present[g];
    }
  }

  KpiTable table;
  table.period_days = period.days();
  for (uint64_t g = 0; g < span; ++g) {
    if (!present[g]) continue;
    const InvoiceSums& a = in[g];
    const SettlementSums& b = out[g];
    KpiRow row;
    row.group_key = grouped ? static_cast<int64_t>(base + g) : 0;
    // Each sum is below 2^63 (see above), and so is before + in_period (at most n amounts).
    row.credit_sales = static_cast<Fen>(a.in_period);
    row.begin_ar = static_cast<Fen>(a.before - b.before);
    row.end_ar = static_cast<Fen>(a.before + a.in_period - b.by_end);
    row.end_current_ar = static_cast<Fen>(a.current - b.current);
    row.end_overdue_ar = row.end_ar - row.end_current_ar;
    row.collections = static_cast<Fen>(b.paid);
    row.bad_debt = static_cast<Fen>(b.written_off);
    row.due_in_period = static_cast<Fen>(a.due_in_period);
    row.collected_of_due = static_cast<Fen>(b.paid_of_due);
    FillKpiRatios(table.period_days, row);
    table.rows.push_back(row);
  }
  return table;
}

}  // namespace

std::optional<KpiTable> KpisByGroupDense(const InvoiceColumns& invoices,
                                         const SettlementColumns& settlements,
                                         const Period& period) {
  const size_t n = invoices.amounts.size();
  const size_t m = settlements.amounts.size();
  if ((!invoices.group_keys.empty() && invoices.group_keys.size() != n) ||
      invoices.invoice_days.size() != n || invoices.due_days.size() != n ||
      settlements.invoice_index.size() != m || settlements.days.size() != m ||
      (!settlements.is_write_off.empty() && settlements.is_write_off.size() != m)) {
    return std::nullopt;
  }
  return Dense<EpochDay>(invoices.group_keys, {invoices.invoice_days.data()},
                         {invoices.due_days.data()}, invoices.amounts, settlements.invoice_index,
                         {settlements.days.data()}, settlements.amounts, settlements.is_write_off,
                         period);
}

}  // namespace kpi_internal

std::optional<KpiTable> TryKpisByGroupTicks(const InvoiceTickColumns& invoices,
                                            const SettlementTickColumns& settlements,
                                            const Period& period) {
  const size_t n = invoices.amounts.size();
  const size_t m = settlements.amounts.size();
  if (!IsValidEpochDay(period.first_day) || !IsValidEpochDay(period.last_day) ||
      period.last_day < period.first_day ||
      !ValidTicksPerDay(invoices.invoice_days.ticks_per_day) ||
      !ValidTicksPerDay(invoices.due_days.ticks_per_day) ||
      !ValidTicksPerDay(settlements.days.ticks_per_day) ||
      (!invoices.group_keys.empty() && invoices.group_keys.size() != n) ||
      invoices.invoice_days.ticks.size() != n || invoices.due_days.ticks.size() != n ||
      settlements.invoice_index.size() != m || settlements.days.ticks.size() != m ||
      (!settlements.is_write_off.empty() && settlements.is_write_off.size() != m)) {
    return std::nullopt;
  }
  using kpi_internal::Days;
  return kpi_internal::Dense<int64_t>(
      invoices.group_keys,
      Days<int64_t>{invoices.invoice_days.ticks.data(), invoices.invoice_days.ticks_per_day},
      Days<int64_t>{invoices.due_days.ticks.data(), invoices.due_days.ticks_per_day},
      invoices.amounts, settlements.invoice_index,
      Days<int64_t>{settlements.days.ticks.data(), settlements.days.ticks_per_day},
      settlements.amounts, settlements.is_write_off, period);
}

}  // namespace huikuan::core
