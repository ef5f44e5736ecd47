// CreditService messages <-> credit applications, customer credit and holds (ops/credit.h).
#ifndef HUIKUAN_SERVER_SERVICE_CREDIT_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_CREDIT_CONVERT_H_

#include "huikuan/v1/credit_service.pb.h"
#include "server/ops/credit.h"

namespace huikuan::service {

v1::CreditStatus ToProto(core::CreditStatus status);
v1::CreditApplicationStatus ToProto(core::ApplicationStatus status);
v1::CustomerCredit CreditToProto(const store::LedgerCustomer& credit);
v1::CreditHold HoldToProto(const store::CreditHoldRecord& hold);
v1::CreditApplication ApplicationToProto(const ops::CreditApplicationView& view);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_CREDIT_CONVERT_H_
