// Turning business columns into model features: one-hot categoricals (customer industry, country,
// tier) and month-of-year seasonality, the inputs R-FCST-1 names ("term length, customer industry
// and order seasonality").
//
//   HK_ASSIGN_OR_RETURN(OneHotEncoder industry,
//                       OneHotEncoder::Fit("industry", train_industry, /*drop_first=*/true));
//   std::vector<double> block(rows * industry.width());
//   HK_RETURN_IF_ERROR(industry.Encode(industry_col, UnknownCategory::kError, block.data(),
//                                      industry.width()));
//
// Encoders write into a caller-owned row-major block (`out` points at the first cell of this
// encoder's columns, `row_stride` is the full row width), so several encoders and numeric columns
// fill one design matrix without intermediate copies.
#ifndef HUIKUAN_SERVER_CORE_MODELS_FEATURES_H_
#define HUIKUAN_SERVER_CORE_MODELS_FEATURES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace huikuan::core {

// What Encode does with a category it did not see when fitting.
enum class UnknownCategory {
  kError,  // InvalidArgument naming the value and the row
  kZeros,  // all columns 0, i.e. treated like the baseline (dropped) category
};

class OneHotEncoder {
 public:
  // Learns the distinct values of `values`, sorted so that the encoding does not depend on row
  // order. With drop_first the first sorted category is the baseline and gets no column (needed
  // for unpenalised least squares with an intercept, which is singular otherwise).
  // InvalidArgument when `values` is empty.
  static absl::StatusOr<OneHotEncoder> Fit(absl::string_view name,
                                           absl::Span<const std::string> values, bool drop_first);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& categories() const { return categories_; }
  bool drop_first() const { return drop_first_; }
  int width() const;
  // "name=category" for each output column.
  std::vector<std::string> ColumnNames() const;

  absl::Status Encode(absl::Span<const std::string> values, UnknownCategory unknown, double* out,
                      int64_t row_stride) const;

 private:
  std::string name_;
  std::vector<std::string> categories_;  // sorted, distinct
  bool drop_first_ = false;
};

// Business dates for the models travel as days since 1970-01-01 (numpy datetime64[D]); the
// accepted range is 1900-01-01 .. 2199-12-31.
inline constexpr int64_t kMinModelDay = -25567;  // 1900-01-01
inline constexpr int64_t kMaxModelDay = 84005;   // 2199-12-31

// Month-of-year seasonality as 11 indicator columns (February .. December; January is the
// baseline). InvalidArgument naming `dates` and the index for a day outside the range.
inline constexpr int kMonthOfYearWidth = 11;
absl::Status EncodeMonthOfYear(absl::Span<const int64_t> days_since_epoch, double* out,
                               int64_t row_stride);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_FEATURES_H_
