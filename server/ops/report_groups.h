// The rows of a report (issue 11): which group a customer's figures fall in under a grouping,
// as the integer keys the core's column functions take and the names a reader sees.
//
//   ReportGroups groups(reports::Grouping::kTier, customers);
//   int64_t key = groups.KeyOf(customer_id);   // dense for string groupings, the id otherwise
//   groups.Group(key)  // "key_partner";  groups.Label(key)
#ifndef HUIKUAN_SERVER_OPS_REPORT_GROUPS_H_
#define HUIKUAN_SERVER_OPS_REPORT_GROUPS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "server/reports/report_types.h"
#include "server/store/report_store.h"

namespace huikuan::ops {

class ReportGroups {
 public:
  ReportGroups(reports::Grouping grouping,
               const absl::flat_hash_map<int64_t, store::ReportCustomer>& customers);

  // The key of a customer's group; 0 for the company grouping and for an unknown customer.
  int64_t KeyOf(int64_t customer_id) const;
  // One key per customer id, for a column.
  std::vector<int64_t> KeysOf(const std::vector<int64_t>& customer_ids) const;
  // "customers/7", "users/3", "sales", "general", an industry ("(none)" when empty), "company".
  std::string Group(int64_t key) const;
  std::string Label(int64_t key) const;

 private:
  struct Name {
    std::string group;
    std::string label;
  };
  reports::Grouping grouping_;
  absl::flat_hash_map<int64_t, int64_t> key_of_customer_;
  absl::flat_hash_map<int64_t, Name> names_;
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_REPORT_GROUPS_H_
