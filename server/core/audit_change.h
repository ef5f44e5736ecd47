// What an audit event did to its resource, in words for people who read evidence (a lawyer, a
// court; issue 14's evidence file): the fields its after-image changed against its before-image.
//
//   DescribeAuditChange("", R"({"name":"workItems/5","status":"open"})")  // "created (status
//   open)" DescribeAuditChange(R"({"status":"open","assignee":null})",
//                       R"({"status":"open","assignee":"users/7"})")   // "assignee: none ->
//                       users/7"
//   DescribeAuditChange("", R"({"escalated":true})")                    // "escalated: true"
//
// Images are ops/audit_images.h's JSON objects. A before-image that is empty or null with a full
// after-image (one with a "name") is a creation; other events without a before-image list what
// they set. "version" is left out (every change bumps it). Long values are cut at 60 characters.
// Thread-safe: a pure function, no I/O.
#ifndef HUIKUAN_SERVER_CORE_AUDIT_CHANGE_H_
#define HUIKUAN_SERVER_CORE_AUDIT_CHANGE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace huikuan::core {

// "" when an image is not JSON; "no change" when nothing but the version differs.
std::string DescribeAuditChange(absl::string_view before_json, absl::string_view after_json);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_AUDIT_CHANGE_H_
