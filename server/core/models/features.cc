#include "server/core/models/features.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"

namespace huikuan::core {

absl::StatusOr<OneHotEncoder> OneHotEncoder::Fit(absl::string_view name,
                                                 absl::Span<const std::string> values,
                                                 bool drop_first) {
  if (values.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: empty input", name));
  }
  OneHotEncoder enc;
  enc.name_ = std::string(name);
  enc.drop_first_ = drop_first;
  enc.categories_.assign(values.begin(), values.end());
  std::sort(enc.categories_.begin(), enc.categories_.end());
  enc.categories_.erase(std::unique(enc.categories_.begin(), enc.categories_.end()),
                        enc.categories_.end());
  return enc;
}

int OneHotEncoder::width() const {
  return static_cast<int>(categories_.size()) - (drop_first_ ? 1 : 0);
}

std::vector<std::string> OneHotEncoder::ColumnNames() const {
  std::vector<std::string> out;
  for (size_t k = drop_first_ ? 1 : 0; k < categories_.size(); ++k) {
    out.push_back(absl::StrCat(name_, "=", categories_[k]));
  }
  return out;
}

absl::Status OneHotEncoder::Encode(absl::Span<const std::string> values, UnknownCategory unknown,
                                   double* out, int64_t row_stride) const {
  const int w = width();
  if (row_stride < w) return absl::InvalidArgumentError("row_stride: smaller than the width");
  const int first = drop_first_ ? 1 : 0;
  for (size_t i = 0; i < values.size(); ++i) {
    double* row = out + static_cast<int64_t>(i) * row_stride;
    std::fill(row, row + w, 0.0);
    auto it = std::lower_bound(categories_.begin(), categories_.end(), values[i]);
    if (it == categories_.end() || *it != values[i]) {
      if (unknown == UnknownCategory::kError) {
        return absl::InvalidArgumentError(absl::StrFormat("%s: unknown category \"%s\" at row %d",
                                                          name_, absl::CEscape(values[i]), i));
      }
      continue;
    }
    const int k = static_cast<int>(it - categories_.begin()) - first;
    if (k >= 0) row[k] = 1.0;
  }
  return absl::OkStatus();
}

absl::Status EncodeMonthOfYear(absl::Span<const int64_t> days_since_epoch, double* out,
                               int64_t row_stride) {
  if (row_stride < kMonthOfYearWidth) {
    return absl::InvalidArgumentError("row_stride: smaller than 11");
  }
  const absl::CivilDay epoch(1970, 1, 1);
  for (size_t i = 0; i < days_since_epoch.size(); ++i) {
    const int64_t d = days_since_epoch[i];
    if (d < kMinModelDay || d > kMaxModelDay) {
      return absl::InvalidArgumentError(
          absl::StrFormat("dates: day %d at index %d is outside 1900-01-01..2199-12-31", d, i));
    }
    double* row = out + static_cast<int64_t>(i) * row_stride;
    std::fill(row, row + kMonthOfYearWidth, 0.0);
    const int month = (epoch + d).month();
    if (month > 1) row[month - 2] = 1.0;
  }
  return absl::OkStatus();
}

}  // namespace huikuan::core
