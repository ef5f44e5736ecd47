// Glue shared by the binding files: absl::Status -> typed Python exceptions, numpy column
// conversion with named errors, and zero-copy numpy results.
//
// Error mapping (the classes live in huikuan._core and are re-exported by `huikuan`):
//   HuikuanError(Exception)                          base of everything below; .code is the
//                                                    absl code name ("INVALID_ARGUMENT", ...)
//   InvalidArgumentError(HuikuanError, ValueError)   INVALID_ARGUMENT
//   OutOfRangeError(HuikuanError, ValueError)        OUT_OF_RANGE
//   NotFoundError(HuikuanError, LookupError)         NOT_FOUND
//   AlreadyExistsError(HuikuanError)                 ALREADY_EXISTS
//   FailedPreconditionError(HuikuanError)            FAILED_PRECONDITION
//   anything else                                    HuikuanError
#ifndef HUIKUAN_BINDINGS_PYTHON_SRC_COMMON_H_
#define HUIKUAN_BINDINGS_PYTHON_SRC_COMMON_H_

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/tick_column.h"

namespace huikuan::python {

namespace py = pybind11;

// Carries a non-OK status from C++ to the registered exception translator.
class StatusError : public std::exception {
 public:
  explicit StatusError(absl::Status status)
      : status_(std::move(status)), what_(status_.ToString()) {}
  const absl::Status& status() const { return status_; }
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  absl::Status status_;
  std::string what_;
};

inline void ThrowIfError(const absl::Status& status) {
  if (!status.ok()) throw StatusError(status);
}
template <typename T>
T ValueOrThrow(absl::StatusOr<T> v) {
  if (!v.ok()) throw StatusError(v.status());
  return *std::move(v);
}
[[noreturn]] inline void ThrowInvalid(const std::string& message) {
  throw StatusError(absl::InvalidArgumentError(message));
}

// Creates the exception classes on `m` and installs the translator. Call once, first.
void RegisterErrors(py::module_& m);

template <typename T>
using CArray = py::array_t<T, py::array::c_style>;

// 1-D C-contiguous columns of a given integer type from any array-like, without a copy when the
// input already is one. Accepts integer and bool arrays, float arrays whose values are all finite
// integers (pandas turns an integer column with a missing value into float64 NaN: that NaN is an
// InvalidArgumentError naming `name` and the index, never a silent cast), and datetime64 arrays,
// which become days since 1970-01-01 (NaT is rejected); int32 (date) columns also accept ISO
// "YYYY-MM-DD" strings. Values outside the type's range are an
// InvalidArgumentError.
CArray<int64_t> Int64Column(py::handle obj, const char* name);
CArray<int32_t> Int32Column(py::handle obj, const char* name);
CArray<int8_t> Int8Column(py::handle obj, const char* name);
CArray<uint8_t> BoolColumn(py::handle obj, const char* name);
// A 1-D float64 column (forcecast: ints and bools convert; NaN is left for the core to report).
CArray<double> DoubleColumn(py::handle obj, const char* name);
// A 2-D float64 C-contiguous matrix (a 1-D input becomes one column).
CArray<double> DoubleMatrix(py::handle obj, const char* name);

template <typename T>
absl::Span<const T> Span(const CArray<T>& a) {
  return absl::Span<const T>(a.data(), static_cast<size_t>(a.size()));
}
template <typename T>
absl::Span<T> MutableSpan(CArray<T>& a) {
  return absl::Span<T>(a.mutable_data(), static_cast<size_t>(a.size()));
}

// A datetime64 column (unit from days to nanoseconds) as int64 ticks for the core's *Ticks fast
// paths (server/core/tick_column.h), without a copy when C-contiguous. nullopt for anything else
// (integer days, strings, weeks or months), which the callers convert with Int32Column.
struct TickInput {
  CArray<int64_t> ticks;
  int64_t ticks_per_day = 1;
  core::TickColumn View() const { return core::TickColumn{Span(ticks), ticks_per_day}; }
};
std::optional<TickInput> TickColumnOf(py::handle obj);

// Moves a vector into a numpy array without copying its elements: the vector is moved to the heap
// and a capsule that deletes it becomes the array's base, so numpy frees it with the array.
template <typename T>
py::array_t<T> MoveToArray(std::vector<T>&& v) {
  auto* heap = new std::vector<T>(std::move(v));
  py::capsule owner(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  return py::array_t<T>({static_cast<py::ssize_t>(heap->size())}, {sizeof(T)}, heap->data(), owner);
}

// A read-only numpy view of memory owned by the C++ object behind `owner` (kept alive by the
// array's base).
template <typename T>
py::array_t<T> ReadOnlyView(const T* data, size_t n, py::handle owner) {
  py::array_t<T> a({static_cast<py::ssize_t>(n)}, {sizeof(T)}, data, owner);
  py::detail::array_proxy(a.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return a;
}

// Scalar arguments shared by the domain bindings (domain*.cc).
// "half_up" | "half_even" | "down" | "floor" | "ceiling".
core::Rounding ParseRounding(const std::string& s);
// A date given as datetime.date, pandas.Timestamp, numpy.datetime64, "YYYY-MM-DD" or an epoch day;
// InvalidArgumentError naming `name` when it is none of those or outside 1900..2199.
core::EpochDay EpochDayArg(py::handle obj, const char* name);

}  // namespace huikuan::python

#endif  // HUIKUAN_BINDINGS_PYTHON_SRC_COMMON_H_
