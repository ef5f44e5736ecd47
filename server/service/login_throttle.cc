#include "server/service/login_throttle.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace huikuan::service {
namespace {

// Usernames are stored lower case; count "Admin" and "admin" as one.
std::string UserKey(absl::string_view username) { return absl::AsciiStrToLower(username); }

}  // namespace

size_t LoginThrottle::Prune(Failures& failures, absl::Time now) const {
  while (!failures.empty() && failures.front() <= now - config_.window) failures.pop_front();
  return failures.size();
}

absl::Status LoginThrottle::Check(absl::string_view username, absl::string_view address,
                                  absl::Time now) {
  absl::MutexLock lock(&mutex_);
  absl::Time retry_at = absl::InfinitePast();
  auto over = [&](absl::flat_hash_map<std::string, Failures>& map, const std::string& key,
                  int limit) {
    auto it = map.find(key);
    if (it == map.end() || static_cast<int>(Prune(it->second, now)) < limit) return false;
    // The oldest of the last `limit` failures must leave the window.
    retry_at = std::max(retry_at, it->second[it->second.size() - limit] + config_.window);
    return true;
  };
  const bool user_over = over(by_user_, UserKey(username), config_.max_failures_per_user);
  const bool address_over =
      !address.empty() && over(by_address_, std::string(address), config_.max_failures_per_address);
  if (!user_over && !address_over) return absl::OkStatus();
  const int64_t minutes =
      std::max<int64_t>(1, static_cast<int64_t>(std::ceil(absl::ToDoubleMinutes(retry_at - now))));
  return absl::ResourceExhaustedError(
      absl::StrCat("too many failed logins for this ", user_over ? "user" : "address",
                   "; try again in ", minutes, minutes == 1 ? " minute" : " minutes"));
}

void LoginThrottle::Add(absl::flat_hash_map<std::string, Failures>& map, std::string key,
                        absl::Time now) {
  if (map.size() >= config_.max_tracked_keys && !map.contains(key)) {
    // Full: forget keys whose failures all left the window; if none did, the stalest one.
    for (auto it = map.begin(); it != map.end();) {
      if (Prune(it->second, now) == 0) {
        map.erase(it++);
      } else {
        ++it;
      }
    }
    if (map.size() >= config_.max_tracked_keys) {
      auto stalest = std::min_element(map.begin(), map.end(), [](const auto& a, const auto& b) {
        return a.second.back() < b.second.back();
      });
      map.erase(stalest);
    }
  }
  Failures& failures = map[std::move(key)];
  Prune(failures, now);
  failures.push_back(now);
}

void LoginThrottle::RecordFailure(absl::string_view username, absl::string_view address,
                                  absl::Time now) {
  absl::MutexLock lock(&mutex_);
  Add(by_user_, UserKey(username), now);
  if (!address.empty()) Add(by_address_, std::string(address), now);
}

void LoginThrottle::RecordSuccess(absl::string_view username) {
  absl::MutexLock lock(&mutex_);
  by_user_.erase(UserKey(username));
}

}  // namespace huikuan::service
