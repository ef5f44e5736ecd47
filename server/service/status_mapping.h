// The edge between absl::Status (inside) and grpc::Status (on the wire): one place.
//
// Inside, every layer reports bad input and broken rules with core/violations.h:
// FieldViolation("customer.display_name", "must not be empty") and FieldViolations become
// INVALID_ARGUMENT carrying a google.rpc.BadRequest; RuleViolation("CREDIT_LIMIT", subject, text)
// becomes FAILED_PRECONDITION carrying a google.rpc.PreconditionFailure; every error also carries a
// google.rpc.ErrorInfo (AIP-193). An INVALID_ARGUMENT without violations whose message starts with
// a field path ("amount: ...") gets that field as its violation. Messages, violations and
// their number are bounded (a message that quotes a 10 KB value is cut) so the status always fits
// the response's metadata: a client never gets RESOURCE_EXHAUSTED instead of the error.
#ifndef HUIKUAN_SERVER_SERVICE_STATUS_MAPPING_H_
#define HUIKUAN_SERVER_SERVICE_STATUS_MAPPING_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "server/core/violations.h"

namespace huikuan::service {

// The handlers' validation uses the core's collector and factories (one validation style).
using core::AddFieldViolation;
using core::FieldViolation;
using core::FieldViolations;

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_STATUS_MAPPING_H_
