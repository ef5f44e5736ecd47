#include "server/ops/report_groups.h"

#include <map>

#include "absl/strings/str_cat.h"

namespace huikuan::ops {
namespace {

using reports::Grouping;

// The group and label of a customer under a grouping.
std::pair<std::string, std::string> NameOf(Grouping grouping,
                                           const store::ReportCustomer& customer) {
  switch (grouping) {
    case Grouping::kCompany:
      return {"company", "company"};
    case Grouping::kCustomer:
      return {absl::StrCat("customers/", customer.id), customer.name};
    case Grouping::kSalesperson:
      return {absl::StrCat("users/", customer.owner_user_id), customer.owner_name};
    case Grouping::kDepartment:
      return {customer.owner_department, customer.owner_department};
    case Grouping::kTier:
      return {customer.tier, customer.tier};
    case Grouping::kIndustry: {
      const std::string industry = customer.industry.empty() ? "(none)" : customer.industry;
      return {industry, industry};
    }
  }
  return {"company", "company"};
}

}  // namespace

ReportGroups::ReportGroups(Grouping grouping,
                           const absl::flat_hash_map<int64_t, store::ReportCustomer>& customers)
    : grouping_(grouping) {
  if (grouping == Grouping::kCustomer || grouping == Grouping::kSalesperson) {
    for (const auto& [id, customer] : customers) {
      const int64_t key = grouping == Grouping::kCustomer ? id : customer.owner_user_id;
      key_of_customer_[id] = key;
      auto [group, label] = NameOf(grouping, customer);
      names_[key] = Name{std::move(group), std::move(label)};
    }
    return;
  }
  // String groups: dense keys in the groups' sorted order, so rows come out sorted by name.
  std::map<std::string, std::string> labels;
  for (const auto& [id, customer] : customers) {
    auto [group, label] = NameOf(grouping, customer);
    labels.emplace(std::move(group), std::move(label));
  }
  absl::flat_hash_map<std::string, int64_t> key_of_group;
  int64_t next = 0;
  for (const auto& [group, label] : labels) {
    key_of_group[group] = next;
    names_[next] = Name{group, label};
    ++next;
  }
  for (const auto& [id, customer] : customers) {
    key_of_customer_[id] = key_of_group[NameOf(grouping, customer).first];
  }
}

int64_t ReportGroups::KeyOf(int64_t customer_id) const {
  auto it = key_of_customer_.find(customer_id);
  return it == key_of_customer_.end() ? 0 : it->second;
}

std::vector<int64_t> ReportGroups::KeysOf(const std::vector<int64_t>& customer_ids) const {
  std::vector<int64_t> keys;
  keys.reserve(customer_ids.size());
  for (int64_t id : customer_ids) keys.push_back(KeyOf(id));
  return keys;
}

std::string ReportGroups::Group(int64_t key) const {
  auto it = names_.find(key);
  if (it != names_.end()) return it->second.group;
  return grouping_ == Grouping::kCompany ? "company" : absl::StrCat(key);
}

std::string ReportGroups::Label(int64_t key) const {
  auto it = names_.find(key);
  if (it != names_.end()) return it->second.label;
  return grouping_ == Grouping::kCompany ? "company" : "";
}

}  // namespace huikuan::ops
