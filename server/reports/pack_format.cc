#include "server/reports/pack_format.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace huikuan::reports {

std::string YuanText(core::Fen fen) {
  const bool negative = fen < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(fen) : static_cast<uint64_t>(fen);
  std::string whole = absl::StrCat(abs / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  return absl::StrFormat("%s%s.%02d", negative ? "-" : "", grouped, static_cast<int>(abs % 100));
}

std::string TenthsText(int64_t tenths) {
  const bool negative = tenths < 0;
  const uint64_t abs = negative ? 0 - static_cast<uint64_t>(tenths) : static_cast<uint64_t>(tenths);
  return absl::StrCat(negative ? "-" : "", abs / 10, ".", abs % 10);
}

std::string PercentText(double ratio) {
  if (std::isnan(ratio)) return "n/a";
  return absl::StrFormat("%.1f%%", ratio * 100);
}

std::string DaysText(double days) {
  if (std::isnan(days)) return "n/a";
  return absl::StrFormat("%.1f", days);
}

}  // namespace huikuan::reports
