// huikuan.v1.LedgerService: invoices, payments and cash application (issue 4). Terms come from
// core::ComputeEffectiveTerms and cash application from core::ApplyPayment: the handlers only
// validate, scope, lock, persist and convert. Row scoping as in CustomerService (CanSeeCustomer).
#ifndef HUIKUAN_SERVER_SERVICE_LEDGER_SERVICE_H_
#define HUIKUAN_SERVER_SERVICE_LEDGER_SERVICE_H_

#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "huikuan/v1/ledger_service.grpc.pb.h"
#include "server/service/principal.h"
#include "server/service/rpc_runtime.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

// Most invoices one CreateInvoices call accepts.
inline constexpr int kMaxInvoicesPerBatch = 10'000;

// The operations behind CreateInvoices and RecordPayment for in-process callers that run their own
// transaction (the demo-data loader): same validation, scoping (as `caller`), locking, core rules
// and errors as the RPCs, but no idempotency record and no audit event: the caller writes its
// own. CreateInvoicesInTransaction returns the invoices without terms breakdown, in input order.
absl::StatusOr<std::vector<v1::Invoice>> CreateInvoicesInTransaction(
    store::ConnectionPool::Lease& db, const Principal& caller, absl::Time now,
    const std::vector<const v1::Invoice*>& invoices);

struct RecordedPayment {
  v1::Payment payment;  // with its allocations
  // (before, after) of every invoice the payment was applied to, for the audit trail.
  std::vector<std::pair<v1::Invoice, v1::Invoice>> changed_invoices;
};
absl::StatusOr<RecordedPayment> RecordPaymentInTransaction(store::ConnectionPool::Lease& db,
                                                           const Principal& caller, absl::Time now,
                                                           const v1::Payment& payment);

class LedgerServiceImpl final : public v1::LedgerService::Service {
 public:
  explicit LedgerServiceImpl(RpcRuntime& runtime) : runtime_(runtime) {}

  grpc::Status CreateInvoice(grpc::ServerContext* context, const v1::CreateInvoiceRequest* request,
                             v1::CreateInvoiceResponse* response) override;
  grpc::Status CreateInvoices(grpc::ServerContext* context,
                              const v1::CreateInvoicesRequest* request,
                              v1::CreateInvoicesResponse* response) override;
  grpc::Status GetInvoice(grpc::ServerContext* context, const v1::GetInvoiceRequest* request,
                          v1::GetInvoiceResponse* response) override;
  grpc::Status ListInvoices(grpc::ServerContext* context, const v1::ListInvoicesRequest* request,
                            v1::ListInvoicesResponse* response) override;
  grpc::Status RecordPayment(grpc::ServerContext* context, const v1::RecordPaymentRequest* request,
                             v1::RecordPaymentResponse* response) override;
  grpc::Status GetPayment(grpc::ServerContext* context, const v1::GetPaymentRequest* request,
                          v1::GetPaymentResponse* response) override;
  grpc::Status AllocatePayment(grpc::ServerContext* context,
                               const v1::AllocatePaymentRequest* request,
                               v1::AllocatePaymentResponse* response) override;
  grpc::Status ReversePayment(grpc::ServerContext* context,
                              const v1::ReversePaymentRequest* request,
                              v1::ReversePaymentResponse* response) override;

 private:
  RpcRuntime& runtime_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_LEDGER_SERVICE_H_
