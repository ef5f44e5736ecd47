// LedgerService messages <-> the ledger's records and commands (ops/invoices.h, ops/payments.h):
// the one conversion module for invoices and payments.
#ifndef HUIKUAN_SERVER_SERVICE_LEDGER_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_LEDGER_CONVERT_H_

#include <string>

#include "huikuan/v1/invoice.pb.h"
#include "huikuan/v1/ledger_service.pb.h"
#include "server/core/invoice_state.h"
#include "server/core/terms.h"
#include "server/ops/invoices.h"
#include "server/ops/payments.h"
#include "server/service/status_mapping.h"
#include "server/store/ledger_store.h"

namespace huikuan::service {

v1::InvoiceStatus ToProto(core::InvoiceStatus status);
// UNSPECIFIED -> nullopt (no filter); an unknown value -> INVALID_ARGUMENT on `field`.
absl::StatusOr<std::optional<core::InvoiceStatus>> InvoiceStatusFilter(absl::string_view field,
                                                                       v1::InvoiceStatus status);

v1::TermsBreakdown ToProto(const core::TermsBreakdown& breakdown);
enum class WithTerms { kNo, kYes };
v1::Invoice InvoiceToProto(const store::InvoiceRecord& invoice, WithTerms with_terms);
v1::Payment PaymentToProto(const ops::PaymentView& payment);

// The invoice of a create request as a draft; every bad field of it goes into `violations`,
// named `prefix` + "." + field ("invoice.amount_fen", "invoices[3].amount_fen").
ops::InvoiceDraft InvoiceDraftFromProto(const v1::Invoice& invoice, absl::string_view prefix,
                                        FieldViolations& violations);
// The payment of a RecordPayment request; INVALID_ARGUMENT naming every bad "payment.*" field.
absl::StatusOr<ops::PaymentDraft> PaymentDraftFromProto(const v1::Payment& payment);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_LEDGER_CONVERT_H_
