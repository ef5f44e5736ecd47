// CustomerService messages <-> customers and their assessments (ops/customers.h): the one
// conversion module for customers, their profile enums and assessments (also the credit
// pre-review's).
#ifndef HUIKUAN_SERVER_SERVICE_CUSTOMER_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_CUSTOMER_CONVERT_H_

#include <optional>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "huikuan/v1/customer.pb.h"
#include "server/core/assessment.h"
#include "server/ops/customers.h"
#include "server/store/customer_store.h"

namespace huikuan::service {

v1::Customer CustomerToProto(const store::CustomerRecord& customer);
v1::CustomerAssessment AssessmentToProto(const core::CustomerAssessment& assessment,
                                         absl::Time assess_time);

// The fields of `customer` named by `paths` ("display_name", "owner", "industry" and the profile
// fields), validated into a patch: INVALID_ARGUMENT naming "customer.<path>" for a bad value and
// "update_mask" for a path that cannot be set.
absl::StatusOr<ops::CustomerFields> CustomerFieldsFromProto(const v1::Customer& customer,
                                                            const std::vector<std::string>& paths);
// The paths a create request sets: display_name, owner, industry and every non-default profile
// field.
std::vector<std::string> PathsSetOnCreate(const v1::Customer& customer);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_CUSTOMER_CONVERT_H_
