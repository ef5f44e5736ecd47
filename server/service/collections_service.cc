#include "server/service/collections_service.h"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/civil_date.h"
#include "server/core/late_fee.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/service/customer_service.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/collections_store.h"
#include "server/store/customer_store.h"
#include "server/store/ledger_store.h"

namespace huikuan::service {
namespace {

constexpr size_t kMaxTextLength = 2000;

absl::Status NotFound(absl::string_view name) {
  return absl::NotFoundError(absl::StrCat(name, " not found"));
}

v1::WriteOffStatus WriteOffStatusFromKey(absl::string_view key) {
  if (key == "requested") return v1::WRITE_OFF_STATUS_REQUESTED;
  if (key == "approved") return v1::WRITE_OFF_STATUS_APPROVED;
  if (key == "rejected") return v1::WRITE_OFF_STATUS_REJECTED;
  return v1::WRITE_OFF_STATUS_UNSPECIFIED;
}

v1::InvoiceStatus InvoiceStatusFromKey(absl::string_view key) {
  if (key == "open") return v1::INVOICE_STATUS_OPEN;
  if (key == "paid") return v1::INVOICE_STATUS_PAID;
  if (key == "disputed") return v1::INVOICE_STATUS_DISPUTED;
  if (key == "written_off") return v1::INVOICE_STATUS_WRITTEN_OFF;
  return v1::INVOICE_STATUS_UNSPECIFIED;
}

constexpr absl::string_view kWriteOffs = "writeOffs";
constexpr absl::string_view kLateFeeWaivers = "lateFeeWaivers";

// v1::WriteOff and v1::LateFeeWaiver have the same fields (both are requests a head decides).
template <typename Proto>
Proto DecisionToProto(const store::WriteOffRecord& write_off, absl::string_view collection) {
  Proto proto;
  proto.set_name(core::FormatResourceName(collection, write_off.id));
  proto.set_invoice(core::FormatResourceName("invoices", write_off.invoice_id));
  proto.set_customer(core::FormatResourceName("customers", write_off.customer_id));
  proto.set_amount_fen(write_off.amount);
  proto.set_reason(write_off.reason);
  proto.set_status(WriteOffStatusFromKey(write_off.status));
  proto.set_requested_by(core::FormatResourceName("users", write_off.requested_by));
  if (write_off.decided_by.has_value()) {
    proto.set_decided_by(core::FormatResourceName("users", *write_off.decided_by));
  }
  proto.set_decision_comment(write_off.decision_comment);
  *proto.mutable_create_time() = ToProtoTimestamp(write_off.create_time);
  *proto.mutable_update_time() = ToProtoTimestamp(write_off.update_time);
  return proto;
}

v1::WriteOff WriteOffToProto(const store::WriteOffRecord& write_off) {
  return DecisionToProto<v1::WriteOff>(write_off, kWriteOffs);
}

v1::LateFeeWaiver WaiverToProto(const store::LateFeeWaiverRecord& waiver) {
  return DecisionToProto<v1::LateFeeWaiver>(waiver, kLateFeeWaivers);
}

v1::InvoiceLateFees LateFeesToProto(const store::LateFeeTotals& totals) {
  v1::InvoiceLateFees proto;
  proto.set_invoice(core::FormatResourceName("invoices", totals.invoice_id));
  proto.set_customer(core::FormatResourceName("customers", totals.customer_id));
  proto.set_accrued_fen(totals.accrued);
  proto.set_waived_fen(totals.waived);
  proto.set_outstanding_fen(totals.accrued - totals.waived);
  if (totals.accrued_through.has_value()) {
    proto.set_accrued_through(core::FormatDate(*totals.accrued_through));
  }
  proto.set_days_accrued(totals.days_accrued);
  return proto;
}

// Business dates are civil days in Asia/Shanghai (UTC+8 all year, no daylight saving).
core::EpochDay TodayInCompanyZone(absl::Time now) {
  const absl::CivilDay day = absl::ToCivilDay(now, absl::FixedTimeZone(8 * 60 * 60));
  absl::StatusOr<core::EpochDay> epoch_day = core::ToEpochDay(day);
  return epoch_day.ok() ? *epoch_day : core::kMaxEpochDay;
}

// The balance fields of an invoice, for the audit trail of a write-off (the rest of the invoice
// does not change).
v1::Invoice InvoiceBalanceToProto(const store::InvoiceRecord& invoice) {
  v1::Invoice proto;
  proto.set_name(core::FormatResourceName("invoices", invoice.id));
  proto.set_customer(core::FormatResourceName("customers", invoice.customer_id));
  proto.set_invoice_number(invoice.invoice_number);
  proto.set_amount_fen(invoice.amount);
  proto.set_status(InvoiceStatusFromKey(invoice.status));
  proto.set_open_fen(invoice.open);
  proto.set_etag(absl::StrCat("\"", invoice.version, "\""));
  return proto;
}

// Locks the customer's row (the ledger's per-customer lock, ledger_store.h) and applies row
// scoping: NOT_FOUND naming `name_for_errors` when absent or outside the caller's scope.
absl::Status LockVisibleCustomer(store::ConnectionPool::Lease& db, const Principal& caller,
                                 int64_t customer_id, absl::string_view name_for_errors) {
  auto customers = store::LockCustomers(db, {customer_id});
  auto it = customers.find(customer_id);
  if (it == customers.end()) return NotFound(name_for_errors);
  store::CustomerRecord record;
  record.id = it->second.id;
  record.owner_user_id = it->second.owner_user_id;
  if (!CanSeeCustomer(caller, record)) return NotFound(name_for_errors);
  return absl::OkStatus();
}

absl::Status ValidateText(absl::string_view field, absl::string_view text, bool required) {
  if (required && text.empty()) return FieldViolation(field, "is required");
  if (text.size() > kMaxTextLength) {
    return FieldViolation(field, absl::StrCat("must be at most ", kMaxTextLength, " bytes"));
  }
  return absl::OkStatus();
}

// Loads a write-off (or waiver) for a decision: the customer row locked first, then the request's
// row, in the ledger's locking order. FAILED_PRECONDITION unless it is still requested.
absl::StatusOr<store::WriteOffRecord> LockRequestedWriteOff(
    store::ConnectionPool::Lease& db, const Principal& caller, const std::string& name,
    store::DecisionTable table = store::DecisionTable::kWriteOffs) {
  HK_ASSIGN_OR_RETURN(
      int64_t id,
      ParseIdField(table == store::DecisionTable::kWriteOffs ? kWriteOffs : kLateFeeWaivers, "name",
                   name));
  absl::StatusOr<store::WriteOffRecord> unlocked = store::GetWriteOff(db, id, false, table);
  if (!unlocked.ok()) return NotFound(name);
  HK_RETURN_IF_ERROR(LockVisibleCustomer(db, caller, unlocked->customer_id, name));
  HK_ASSIGN_OR_RETURN(store::WriteOffRecord write_off, store::GetWriteOff(db, id, true, table));
  if (write_off.status != "requested") {
    return absl::FailedPreconditionError(
        absl::StrCat(name, " is ", write_off.status, ", not requested"));
  }
  return write_off;
}

// Records the decision on a requested write-off or waiver (the same table layout for both).
void RecordDecision(WriteScope& write, store::WriteOffRecord& record, const char* status,
                    const std::string& comment,
                    store::DecisionTable table = store::DecisionTable::kWriteOffs) {
  record.status = status;
  record.decided_by = write.caller.user_id;
  record.decision_comment = comment;
  record.update_time = write.now;
  store::UpdateWriteOffDecision(write.db, record, table);
}

}  // namespace

grpc::Status CollectionsServiceImpl::RequestWriteOff(grpc::ServerContext* context,
                                                     const v1::RequestWriteOffRequest* request,
                                                     v1::RequestWriteOffResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t invoice_id,
                            ParseIdField("invoices", "invoice", request->invoice()));
        if (request->amount_fen() <= 0) return FieldViolation("amount_fen", "must be > 0");
        HK_RETURN_IF_ERROR(ValidateText("reason", request->reason(), /*required=*/true));
        absl::StatusOr<store::InvoiceRecord> unlocked =
            store::GetInvoice(write.db, invoice_id, false);
        if (!unlocked.ok()) return NotFound(request->invoice());
        HK_RETURN_IF_ERROR(
            LockVisibleCustomer(write.db, write.caller, unlocked->customer_id, request->invoice()));
        HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                            store::GetInvoice(write.db, invoice_id, true));
        if (request->amount_fen() > invoice.open) {
          return absl::FailedPreconditionError(
              absl::StrCat("amount_fen ", request->amount_fen(), " exceeds the open amount ",
                           invoice.open, " of ", request->invoice()));
        }
        store::WriteOffRecord write_off;
        write_off.invoice_id = invoice.id;
        write_off.customer_id = invoice.customer_id;
        write_off.amount = request->amount_fen();
        write_off.reason = request->reason();
        write_off.requested_by = write.caller.user_id;
        write_off.create_time = write_off.update_time = write.now;
        write_off = store::InsertWriteOff(write.db, write_off);
        *response->mutable_write_off() = WriteOffToProto(write_off);
        write.Audit(response->write_off().name(), nullptr, &response->write_off());
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::ApproveWriteOff(grpc::ServerContext* context,
                                                     const v1::ApproveWriteOffRequest* request,
                                                     v1::ApproveWriteOffResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_RETURN_IF_ERROR(ValidateText("comment", request->comment(), /*required=*/false));
        HK_ASSIGN_OR_RETURN(store::WriteOffRecord write_off,
                            LockRequestedWriteOff(write.db, write.caller, request->name()));
        const v1::WriteOff write_off_before = WriteOffToProto(write_off);
        HK_ASSIGN_OR_RETURN(store::InvoiceRecord invoice,
                            store::GetInvoice(write.db, write_off.invoice_id, true));
        // Payments may have lowered the open amount since the request.
        if (write_off.amount > invoice.open) {
          return absl::FailedPreconditionError(
              absl::StrCat(request->name(), " writes off ", write_off.amount, " fen but invoices/",
                           invoice.id, " has only ", invoice.open, " fen open"));
        }
        const v1::Invoice invoice_before = InvoiceBalanceToProto(invoice);
        invoice.open -= write_off.amount;
        invoice.written_off += write_off.amount;
        if (invoice.open == 0) invoice.status = "written_off";
        invoice.update_time = write.now;
        store::UpdateInvoiceWriteOff(write.db, invoice);

        RecordDecision(write, write_off, "approved", request->comment());

        *response->mutable_write_off() = WriteOffToProto(write_off);
        response->set_invoice_open_fen(invoice.open);
        response->set_invoice_written_off_fen(invoice.written_off);
        response->set_invoice_status(InvoiceStatusFromKey(invoice.status));
        const v1::Invoice invoice_after = InvoiceBalanceToProto(invoice);
        write.Audit(response->write_off().name(), &write_off_before, &response->write_off());
        write.Audit(invoice_after.name(), &invoice_before, &invoice_after);
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::RejectWriteOff(grpc::ServerContext* context,
                                                    const v1::RejectWriteOffRequest* request,
                                                    v1::RejectWriteOffResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_RETURN_IF_ERROR(ValidateText("comment", request->comment(), /*required=*/true));
        HK_ASSIGN_OR_RETURN(store::WriteOffRecord write_off,
                            LockRequestedWriteOff(write.db, write.caller, request->name()));
        const v1::WriteOff before = WriteOffToProto(write_off);
        RecordDecision(write, write_off, "rejected", request->comment());
        *response->mutable_write_off() = WriteOffToProto(write_off);
        write.Audit(response->write_off().name(), &before, &response->write_off());
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::AccrueLateFees(grpc::ServerContext* context,
                                                    const v1::AccrueLateFeesRequest* request,
                                                    v1::AccrueLateFeesResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        absl::StatusOr<core::EpochDay> as_of = core::ParseDate(request->as_of_date());
        if (!as_of.ok()) return FieldViolation("as_of_date", "must be a date YYYY-MM-DD");
        // A future day would charge fees on amounts that may still be paid in time.
        if (*as_of > TodayInCompanyZone(write.now)) {
          return FieldViolation("as_of_date", "must not be after today (Asia/Shanghai)");
        }
        // The ledger's locking order: the customers' rows (ascending), then their invoices.
        auto customers =
            store::LockCustomers(write.db, store::CustomersWithOverdueInvoices(write.db, *as_of));
        std::vector<int64_t> customer_ids;
        customer_ids.reserve(customers.size());
        for (const auto& [id, customer] : customers) customer_ids.push_back(id);
        std::sort(customer_ids.begin(), customer_ids.end());
        const std::vector<store::AccrualCandidate> candidates =
            store::LockAccrualCandidates(write.db, customer_ids, *as_of);

        std::vector<store::LateFeeAccrual> accruals;
        core::Fen total = 0;
        int32_t invoices = 0;
        for (const store::AccrualCandidate& invoice : candidates) {
          const core::EpochDay due_day = invoice.invoice_day + invoice.credit_days;
          core::EpochDay day = due_day + 1;
          if (invoice.last_accrual_day.has_value())
            day = std::max(day, *invoice.last_accrual_day + 1);
          // What was open at the end of `day`: today's open amount plus the cash received later.
          core::Fen received_later = 0;
          for (const auto& [received_day, amount] : invoice.receipts_after_due) {
            if (received_day > day) received_later += amount;
          }
          auto receipt = invoice.receipts_after_due.begin();
          while (receipt != invoice.receipts_after_due.end() && receipt->first <= day) ++receipt;
          bool accrued = false;
          for (; day <= *as_of; ++day) {
            for (; receipt != invoice.receipts_after_due.end() && receipt->first <= day;
                 ++receipt) {
              received_later -= receipt->second;
            }
            const core::Fen base = invoice.open + received_later;
            if (base == 0) break;  // paid in full: nothing more to charge
            // The day's fee is the growth of core::LateFee over the days overdue, so a run of days
            // on one open amount totals exactly LateFee(amount, days), rounded once (R-TERM-4).
            HK_ASSIGN_OR_RETURN(int32_t days,
                                core::DaysOverdue(invoice.invoice_day, invoice.credit_days, day));
            HK_ASSIGN_OR_RETURN(core::Fen through_day, core::LateFee(base, days));
            HK_ASSIGN_OR_RETURN(core::Fen through_previous, core::LateFee(base, days - 1));
            store::LateFeeAccrual accrual;
            accrual.invoice_id = invoice.invoice_id;
            accrual.customer_id = invoice.customer_id;
            accrual.day = day;
            accrual.base = base;
            accrual.fee = through_day - through_previous;
            total += accrual.fee;
            accruals.push_back(accrual);
            accrued = true;
          }
          if (accrued) ++invoices;
        }
        store::InsertAccruals(write.db, accruals);
        response->set_invoices_accrued(invoices);
        response->set_days_accrued(static_cast<int32_t>(accruals.size()));
        response->set_fee_fen(total);
        // One event per run (like a batch of invoices): the per-day rows are the detail.
        write.Audit(absl::StrCat("lateFees:accrue/", request->as_of_date()), nullptr, response);
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::ListLateFees(grpc::ServerContext* context,
                                                  const v1::ListLateFeesRequest* request,
                                                  v1::ListLateFeesResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        if (request->customer().empty() == request->invoice().empty()) {
          return FieldViolation(request->customer().empty() ? "customer" : "invoice",
                                "exactly one of customer and invoice is required");
        }
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(request->page_token()));
        std::optional<int64_t> customer_id;
        std::optional<int64_t> invoice_id;
        int64_t scope_customer = 0;
        const std::string& name =
            request->customer().empty() ? request->invoice() : request->customer();
        if (!request->customer().empty()) {
          HK_ASSIGN_OR_RETURN(scope_customer,
                              ParseIdField("customers", "customer", request->customer()));
          customer_id = scope_customer;
        } else {
          HK_ASSIGN_OR_RETURN(int64_t id, ParseIdField("invoices", "invoice", request->invoice()));
          absl::StatusOr<store::InvoiceRecord> invoice = store::GetInvoice(db, id, false);
          if (!invoice.ok()) return NotFound(name);
          invoice_id = id;
          scope_customer = invoice->customer_id;
        }
        absl::StatusOr<store::CustomerRecord> customer =
            store::GetCustomer(db, scope_customer, false);
        if (!customer.ok() || !CanSeeCustomer(caller, *customer)) return NotFound(name);
        std::vector<store::LateFeeTotals> totals =
            store::ListLateFeeTotals(db, customer_id, invoice_id, after_id, page_size + 1);
        const bool more = static_cast<int>(totals.size()) > page_size;
        if (more) totals.resize(page_size);
        for (const auto& entry : totals) *response->add_late_fees() = LateFeesToProto(entry);
        if (more) response->set_next_page_token(EncodePageToken(totals.back().invoice_id));
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::RequestLateFeeWaiver(
    grpc::ServerContext* context, const v1::RequestLateFeeWaiverRequest* request,
    v1::RequestLateFeeWaiverResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t invoice_id,
                            ParseIdField("invoices", "invoice", request->invoice()));
        if (request->amount_fen() <= 0) return FieldViolation("amount_fen", "must be > 0");
        HK_RETURN_IF_ERROR(ValidateText("reason", request->reason(), /*required=*/true));
        absl::StatusOr<store::InvoiceRecord> invoice =
            store::GetInvoice(write.db, invoice_id, false);
        if (!invoice.ok()) return NotFound(request->invoice());
        HK_RETURN_IF_ERROR(
            LockVisibleCustomer(write.db, write.caller, invoice->customer_id, request->invoice()));
        const store::LateFeeTotals totals =
            store::LockedLateFeeTotals(write.db, invoice_id, invoice->customer_id);
        if (request->amount_fen() > totals.accrued - totals.waived) {
          return absl::FailedPreconditionError(absl::StrCat(
              "amount_fen ", request->amount_fen(), " exceeds the outstanding late fee ",
              totals.accrued - totals.waived, " of ", request->invoice()));
        }
        store::LateFeeWaiverRecord waiver;
        waiver.invoice_id = invoice_id;
        waiver.customer_id = invoice->customer_id;
        waiver.amount = request->amount_fen();
        waiver.reason = request->reason();
        waiver.requested_by = write.caller.user_id;
        waiver.create_time = waiver.update_time = write.now;
        waiver = store::InsertWriteOff(write.db, waiver, store::DecisionTable::kLateFeeWaivers);
        *response->mutable_waiver() = WaiverToProto(waiver);
        write.Audit(response->waiver().name(), nullptr, &response->waiver());
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::ApproveLateFeeWaiver(
    grpc::ServerContext* context, const v1::ApproveLateFeeWaiverRequest* request,
    v1::ApproveLateFeeWaiverResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_RETURN_IF_ERROR(ValidateText("comment", request->comment(), /*required=*/false));
        HK_ASSIGN_OR_RETURN(store::LateFeeWaiverRecord waiver,
                            LockRequestedWriteOff(write.db, write.caller, request->name(),
                                                  store::DecisionTable::kLateFeeWaivers));
        const v1::LateFeeWaiver before = WaiverToProto(waiver);
        store::LateFeeTotals totals =
            store::LockedLateFeeTotals(write.db, waiver.invoice_id, waiver.customer_id);
        // Other waivers may have been approved since this one was requested.
        if (totals.waived + waiver.amount > totals.accrued) {
          return absl::FailedPreconditionError(absl::StrCat(
              request->name(), " waives ", waiver.amount, " fen but invoices/", waiver.invoice_id,
              " has only ", totals.accrued - totals.waived, " fen of late fees outstanding"));
        }
        RecordDecision(write, waiver, "approved", request->comment(),
                       store::DecisionTable::kLateFeeWaivers);
        totals.waived += waiver.amount;
        *response->mutable_waiver() = WaiverToProto(waiver);
        *response->mutable_late_fees() = LateFeesToProto(totals);
        write.Audit(response->waiver().name(), &before, &response->waiver());
        return absl::OkStatus();
      });
}

grpc::Status CollectionsServiceImpl::RejectLateFeeWaiver(
    grpc::ServerContext* context, const v1::RejectLateFeeWaiverRequest* request,
    v1::RejectLateFeeWaiverResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        HK_RETURN_IF_ERROR(ValidateText("comment", request->comment(), /*required=*/true));
        HK_ASSIGN_OR_RETURN(store::LateFeeWaiverRecord waiver,
                            LockRequestedWriteOff(write.db, write.caller, request->name(),
                                                  store::DecisionTable::kLateFeeWaivers));
        const v1::LateFeeWaiver before = WaiverToProto(waiver);
        RecordDecision(write, waiver, "rejected", request->comment(),
                       store::DecisionTable::kLateFeeWaivers);
        *response->mutable_waiver() = WaiverToProto(waiver);
        write.Audit(response->waiver().name(), &before, &response->waiver());
        return absl::OkStatus();
      });
}

namespace {

// The approvals inbox's reads: one status of one decision table, a page at a time. The
// permission table admits only roles that see every customer, so no row scoping applies.
template <typename Proto, typename Response>
absl::Status ListDecisions(store::ConnectionPool::Lease& db, store::DecisionTable table,
                           v1::WriteOffStatus status, int32_t requested_page_size,
                           const std::string& page_token, Response* response,
                           Proto (*to_proto)(const store::WriteOffRecord&),
                           google::protobuf::RepeatedPtrField<Proto>* out) {
  HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(requested_page_size));
  HK_ASSIGN_OR_RETURN(int64_t after_id, DecodePageToken(page_token));
  const char* key = status == v1::WRITE_OFF_STATUS_APPROVED   ? "approved"
                    : status == v1::WRITE_OFF_STATUS_REJECTED ? "rejected"
                                                              : "requested";
  std::vector<store::WriteOffRecord> records =
      store::ListWriteOffs(db, table, key, after_id, page_size + 1);
  const bool more = static_cast<int>(records.size()) > page_size;
  if (more) records.pop_back();
  for (const auto& record : records) *out->Add() = to_proto(record);
  if (more) response->set_next_page_token(EncodePageToken(records.back().id));
  return absl::OkStatus();
}

}  // namespace

grpc::Status CollectionsServiceImpl::ListLateFeeWaivers(
    grpc::ServerContext* context, const v1::ListLateFeeWaiversRequest* request,
    v1::ListLateFeeWaiversResponse* response) {
  return runtime_.Read(context, [&](const Principal&, store::ConnectionPool::Lease& db) {
    return ListDecisions(db, store::DecisionTable::kLateFeeWaivers, request->status(),
                         request->page_size(), request->page_token(), response, &WaiverToProto,
                         response->mutable_waivers());
  });
}

grpc::Status CollectionsServiceImpl::ListWriteOffs(grpc::ServerContext* context,
                                                   const v1::ListWriteOffsRequest* request,
                                                   v1::ListWriteOffsResponse* response) {
  return runtime_.Read(context, [&](const Principal&, store::ConnectionPool::Lease& db) {
    return ListDecisions(db, store::DecisionTable::kWriteOffs, request->status(),
                         request->page_size(), request->page_token(), response, &WriteOffToProto,
                         response->mutable_write_offs());
  });
}

}  // namespace huikuan::service
