// Read-only views of the dense feature matrices the models train on, and the input checks every
// model entry point shares.
//
// A MatrixView does not own memory: it points at `rows * cols` doubles laid out row-major (one
// observation per row), which is how numpy hands over a C-contiguous 2-D array and how a report
// builds a feature row by row. Models read it in a single forward pass per iteration, so a view
// over a million rows streams through the cache once instead of being copied or transposed.
//
//   std::vector<double> x = {1, 2,   // row 0
//                            3, 4};  // row 1
//   MatrixView view(x.data(), /*rows=*/2, /*cols=*/2);
//   double v = view(1, 0);  // 3
#ifndef HUIKUAN_SERVER_CORE_MODELS_MATRIX_H_
#define HUIKUAN_SERVER_CORE_MODELS_MATRIX_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace huikuan::core {

// A non-owning row-major rows x cols matrix of doubles. The caller keeps the data alive.
class MatrixView {
 public:
  MatrixView() = default;
  MatrixView(const double* data, int64_t rows, int64_t cols)
      : data_(data), rows_(rows), cols_(cols) {}

  const double* data() const { return data_; }
  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  const double* row(int64_t i) const { return data_ + i * cols_; }
  double operator()(int64_t i, int64_t j) const { return data_[i * cols_ + j]; }

 private:
  const double* data_ = nullptr;
  int64_t rows_ = 0;
  int64_t cols_ = 0;
};

// Checks that `x` has at least one row and one column and only finite values. Errors are
// InvalidArgument and name `name` and the first offending row/column, e.g.
// "X: non-finite value at row 3, column 1".
absl::Status ValidateMatrix(const MatrixView& x, absl::string_view name);

// Checks that `v` holds exactly `expected` finite values; InvalidArgument naming `name` otherwise.
absl::Status ValidateVector(absl::Span<const double> v, int64_t expected, absl::string_view name);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_MODELS_MATRIX_H_
