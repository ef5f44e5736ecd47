#include "server/store/limitation_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/store/sql_values.h"

namespace huikuan::store {

bool InsertLimitationEvent(ConnectionPool::Lease& db, LimitationEventRecord& event) {
  auto& find = db.Prepare("SELECT id FROM limitation_events WHERE source_key = ? FOR UPDATE");
  Params(find).String(event.source_key);
  auto existing = Query(find);
  if (existing->next()) {
    event.id = existing->getInt64("id");
    return false;
  }
  auto& insert = db.Prepare(
      "INSERT INTO limitation_events (invoice_id, customer_id, kind, event_date, source_key, note, "
      "user_id, create_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  Params(insert)
      .Int64(event.invoice_id)
      .Int64(event.customer_id)
      .Name(event.kind, core::InterruptionKindName)
      .Day(event.day)
      .String(event.source_key)
      .String(event.note)
      .Int64(event.user_id)
      .Time(event.create_time);
  insert.executeUpdate();
  event.id = LastInsertId(db);
  return true;
}

std::vector<InvoiceInterruption> LoadInterruptions(ConnectionPool::Lease& db,
                                                   const std::vector<int64_t>& invoice_ids,
                                                   core::EpochDay as_of, absl::Time day_end) {
  constexpr size_t kChunk = 200;
  std::vector<InvoiceInterruption> events;
  for (size_t begin = 0; begin < invoice_ids.size(); begin += kChunk) {
    const size_t n = std::min(kChunk, invoice_ids.size() - begin);
    const std::string in = absl::StrCat(" IN (", Placeholders(n), ")");
    // Five sources, one statement; each part binds the chunk's ids and its day limit.
    auto& select = db.Prepare(absl::StrCat(
        "SELECT invoice_id, day, kind, source FROM ("
        // Entered by legal.
        "SELECT e.invoice_id, DATEDIFF(e.event_date, '1970-01-01') AS day, e.kind, "
        "CONCAT('limitationEvents/', e.id) AS source FROM limitation_events e "
        "WHERE e.invoice_id",
        in,
        " AND e.event_date <= ? "
        "UNION ALL "
        // The debtor's promises.
        "SELECT pi.invoice_id, DATEDIFF(p.made_date, '1970-01-01'), 'promise', "
        "CONCAT('promises/', p.id) FROM promise_invoices pi JOIN promises p ON p.id = "
        "pi.promise_id "
        "WHERE pi.invoice_id",
        in,
        " AND p.made_date <= ? "
        "UNION ALL "
        // Partial payments: cash applied, live at the end of the day.
        "SELECT a.invoice_id, DATEDIFF(p.received_date, '1970-01-01'), 'partial_payment', "
        "CONCAT('payments/', p.id) FROM payment_allocations a JOIN payments p ON p.id = "
        "a.payment_id "
        "WHERE a.invoice_id",
        in,
        " AND p.received_date <= ? AND (a.reversed = 0 OR a.reverse_time >= ?) "
        "UNION ALL "
        // A legal case's lawyer letter and filing.
        "SELECT li.invoice_id, DATEDIFF(e.event_date, '1970-01-01'), "
        "IF(e.stage = 'filed', 'suit_filed', 'written_demand'), CONCAT('legalCases/', e.case_id) "
        "FROM legal_case_events e JOIN legal_case_invoices li ON li.case_id = e.case_id "
        "WHERE li.invoice_id",
        in,
        " AND e.stage IN ('lawyer_letter', 'filed') AND e.event_date <= ? "
        "UNION ALL "
        // Written dunning messages the ladder sent for the invoice.
        "SELECT wi.invoice_id, DATEDIFF(DATE(c.contact_time + INTERVAL 8 HOUR), '1970-01-01'), "
        "'written_demand', CONCAT('contacts/', c.id) FROM contacts c "
        "JOIN work_item_invoices wi ON wi.work_item_id = c.work_item_id "
        "WHERE wi.invoice_id",
        in,
        " AND c.channel IN ('letter', 'email', 'sms', 'notice') AND c.outcome = 'sent' "
        "AND c.contact_time < ?"
        ") x ORDER BY invoice_id, day, source"));
    Params params(select);
    const auto ids = [&] {
      for (size_t i = 0; i < n; ++i) params.Int64(invoice_ids[begin + i]);
    };
    ids();
    params.Day(as_of);
    ids();
    params.Day(as_of);
    ids();
    params.Day(as_of).Time(day_end);
    ids();
    params.Day(as_of);
    ids();
    params.Time(day_end);
    auto rows = Query(select);
    while (rows->next()) {
      InvoiceInterruption event;
      event.invoice_id = rows->getInt64("invoice_id");
      event.interruption.day = GetDay(*rows, "day");
      event.interruption.kind = GetEnum<core::InterruptionKind, core::kInterruptionKindCount>(
          *rows, "kind", core::InterruptionKindName);
      event.source = GetString(*rows, "source");
      events.push_back(std::move(event));
    }
  }
  return events;
}

std::vector<OverdueInvoice> ListOwedInvoicesDueBy(ConnectionPool::Lease& db,
                                                  core::EpochDay latest_due,
                                                  std::optional<int64_t> customer_id) {
  auto& select = db.Prepare(
      "SELECT id, customer_id, invoice_number, DATEDIFF(due_date, '1970-01-01') AS due_day, "
      "open_fen FROM invoices WHERE status IN ('open', 'disputed') AND open_fen > 0 "
      "AND due_date <= ? AND (? IS NULL OR customer_id = ?) ORDER BY id");
  Params(select).Day(latest_due).OptionalInt64(customer_id).OptionalInt64(customer_id);
  auto rows = Query(select);
  std::vector<OverdueInvoice> invoices;
  while (rows->next()) {
    invoices.push_back({rows->getInt64("id"), rows->getInt64("customer_id"),
                        GetString(*rows, "invoice_number"), GetDay(*rows, "due_day"),
                        rows->getInt64("open_fen")});
  }
  return invoices;
}

}  // namespace huikuan::store
