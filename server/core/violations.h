// The errors a client can act on, in one form for every layer and without any transport type:
//
//   INVALID_ARGUMENT with field violations:  FieldViolation("customer.display_name", "is required")
//     or, for a request with many fields or rows, a FieldViolations collector;
//   FAILED_PRECONDITION with the rule it broke: RuleViolation("CREDIT_HOLD", "customers/6", text);
//   NOT_FOUND naming the resource:           NotFoundError("invoices/42") -> "invoices/42 not
//   found".
//
// The details travel as absl::Status payloads under this file's own type URLs; the edge
// (server/service/status_mapping.h) turns them into google.rpc.BadRequest and
// google.rpc.PreconditionFailure (AIP-193). A rule's `type` is a stable UPPER_SNAKE word a client
// may branch on; the message is for people and may change.
#ifndef HUIKUAN_SERVER_CORE_VIOLATIONS_H_
#define HUIKUAN_SERVER_CORE_VIOLATIONS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace huikuan::core {

struct FieldViolationDetail {
  std::string field;  // a request field path: "invoices[3].amount_fen", "rows[7].due_date"
  std::string description;
};

struct RuleViolationDetail {
  std::string type;     // "CREDIT_LIMIT"
  std::string subject;  // the resource it is about: "customers/6"
  std::string description;
};

// INVALID_ARGUMENT "field: description" naming `field`.
absl::Status FieldViolation(absl::string_view field, absl::string_view description);

// Adds a field violation to an INVALID_ARGUMENT status that may already carry others.
void AddFieldViolation(absl::Status& status, absl::string_view field,
                       absl::string_view description);

// Collects every field violation of a request, so that a batch or a file names all its bad rows
// at once. ToStatus: INVALID_ARGUMENT whose message is the first violation (and how many more),
// carrying the first kMaxReported of them.
class FieldViolations {
 public:
  static constexpr int kMaxReported = 100;

  void Add(const std::string& field, absl::string_view description);
  // Adds every field violation `status` carries (or its message, as one violation on
  // `fallback_field`, when it carries none).
  void AddAll(const absl::Status& status, absl::string_view fallback_field);
  bool empty() const { return count_ == 0; }
  int count() const { return count_; }
  // OK when empty; else INVALID_ARGUMENT "<first> (and N more)" carrying every violation.
  absl::Status ToStatus() const;

 private:
  int count_ = 0;
  std::string first_;
  std::vector<FieldViolationDetail> list_;
};

// The field violations a status carries, in order (empty when none).
std::vector<FieldViolationDetail> GetFieldViolations(const absl::Status& status);

// FAILED_PRECONDITION with `message`, carrying the rule `type` and its `subject`.
absl::Status RuleViolation(absl::string_view type, absl::string_view subject,
                           absl::string_view message);
// The rule a FAILED_PRECONDITION status carries, if any.
std::optional<RuleViolationDetail> GetRuleViolation(const absl::Status& status);

// NOT_FOUND "<name> not found": the one wording for an absent resource and for one the caller may
// not see (row scoping never tells which).
absl::Status NotFoundError(absl::string_view name);

// The same status with `prefix` before its message ("invoices[3]: ..."), payloads kept.
absl::Status WithMessagePrefix(const absl::Status& status, absl::string_view prefix);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_VIOLATIONS_H_
