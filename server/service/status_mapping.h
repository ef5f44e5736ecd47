// The edge between absl::Status (inside) and grpc::Status (on the wire): one place.
//
// Inside, a bad field is reported with FieldViolation("customer.display_name", "must not be
// empty"); the edge turns it into INVALID_ARGUMENT carrying a google.rpc.BadRequest with that
// field violation plus a google.rpc.ErrorInfo (AIP-193). Core functions that only return
// InvalidArgumentError("field: description") get the same treatment: the text before ": " is
// taken as the field when it looks like a field path.
#ifndef HUIKUAN_SERVER_SERVICE_STATUS_MAPPING_H_
#define HUIKUAN_SERVER_SERVICE_STATUS_MAPPING_H_

#include <grpcpp/support/status.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace huikuan::service {

// INVALID_ARGUMENT naming `field` (a request field path such as "customer.owner").
absl::Status FieldViolation(absl::string_view field, absl::string_view description);

// Adds `field` as a violation to an INVALID_ARGUMENT status that may already carry others.
void AddFieldViolation(absl::Status& status, absl::string_view field,
                       absl::string_view description);

// Collects every field violation of a request, so that a batch or a file names all its bad rows
// at once. ToStatus: INVALID_ARGUMENT whose message is the first violation (and how many more),
// with the first kMaxReported of them as BadRequest field violations.
class FieldViolations {
 public:
  static constexpr int kMaxReported = 100;

  void Add(const std::string& field, absl::string_view description);
  bool empty() const { return count_ == 0; }
  absl::Status ToStatus() const;

 private:
  int count_ = 0;
  std::string first_;
  std::vector<std::pair<std::string, std::string>> list_;
};

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_STATUS_MAPPING_H_
