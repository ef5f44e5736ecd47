#include "bindings/python/src/common.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

namespace huikuan::python {
namespace {

// Exception classes, created once in RegisterErrors and owned by the module for the life of the
// interpreter (never freed: the module is never unloaded).
PyObject* g_base = nullptr;
PyObject* g_invalid_argument = nullptr;
PyObject* g_out_of_range = nullptr;
PyObject* g_not_found = nullptr;
PyObject* g_already_exists = nullptr;
PyObject* g_failed_precondition = nullptr;

PyObject* NewError(py::module_& m, const char* name, const char* doc, PyObject* bases) {
  const std::string qualified = std::string("huikuan.") + name;
  PyObject* cls = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (cls == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(cls));  // add_object steals nothing: the module holds a reference
  return cls;
}

PyObject* ClassFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
      return g_invalid_argument;
    case absl::StatusCode::kOutOfRange:
      return g_out_of_range;
    case absl::StatusCode::kNotFound:
      return g_not_found;
    case absl::StatusCode::kAlreadyExists:
      return g_already_exists;
    case absl::StatusCode::kFailedPrecondition:
      return g_failed_precondition;
    default:
      return g_base;
  }
}

void SetPythonError(const absl::Status& status) {
  PyObject* cls = ClassFor(status.code());
  try {
    py::object instance = py::handle(cls)(py::str(std::string(status.message())));
    instance.attr("code") = py::str(absl::StatusCodeToString(status.code()));
    PyErr_SetObject(cls, instance.ptr());
  } catch (py::error_already_set& e) {
    e.restore();  // could not even build the exception: report that error instead
  }
}

// days = floor(ticks / kPerDay) into T for every value; false if any is NaT or out of T's range.
template <typename T, int64_t kPerDay>
bool TicksToDaysFixed(const int64_t* src, T* dst, py::ssize_t n) {
  bool ok = true;
  for (py::ssize_t i = 0; i < n; ++i) {
    const int64_t v = src[i];
    const int64_t day = v / kPerDay - ((v % kPerDay) < 0 ? 1 : 0);
    ok &= (v != std::numeric_limits<int64_t>::min()) & (day >= std::numeric_limits<T>::min()) &
          (day <= std::numeric_limits<T>::max());
    dst[i] = static_cast<T>(day);
  }
  return ok;
}

template <typename T>
bool TicksToDays(int64_t per_day, const int64_t* src, T* dst, py::ssize_t n) {
  switch (per_day) {
    case 1:
      return TicksToDaysFixed<T, 1>(src, dst, n);
    case 86'400:
      return TicksToDaysFixed<T, 86'400>(src, dst, n);
    case 86'400'000'000:
      return TicksToDaysFixed<T, 86'400'000'000>(src, dst, n);
    case 86'400'000'000'000:
      return TicksToDaysFixed<T, 86'400'000'000'000>(src, dst, n);
    default:
      return false;  // other units: the general loop
  }
}

// Ticks per day of a 1-D datetime64 array in a unit from days to nanoseconds; 0 for anything else
// (other kinds, weeks, months, multiples such as [2D]).
int64_t TicksPerDay(const py::array& arr) {
  if (arr.ndim() != 1 || arr.dtype().kind() != 'M') return 0;
  const std::string str = py::str(arr.dtype().attr("str")).cast<std::string>();
  const size_t open = str.find('['), close = str.find(']');
  const std::string unit = open == std::string::npos ? "" : str.substr(open + 1, close - open - 1);
  if (unit == "D") return 1;
  if (unit == "h") return 24;
  if (unit == "m") return 1440;
  if (unit == "s") return 86'400;
  if (unit == "ms") return 86'400'000;
  if (unit == "us") return 86'400'000'000;
  if (unit == "ns") return core::kNanosPerDay;
  return 0;
}

// The int64 ticks of a datetime64 array (a view; a copy only when it is not C-contiguous).
CArray<int64_t> TicksView(const py::array& arr) {
  return py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(
      arr.attr("view")("int64"));
}

template <typename T>
CArray<T> IntegerColumn(py::handle obj, const char* name) {
  if (obj.is_none()) ThrowInvalid(absl::StrFormat("%s: None is not an array", name));
  py::array arr;
  try {
    arr = py::array::ensure(obj);
  } catch (py::error_already_set&) {
  }
  if (!arr) ThrowInvalid(absl::StrFormat("%s: not convertible to an array", name));
  if (arr.ndim() != 1) {
    ThrowInvalid(absl::StrFormat("%s: expected a 1-D column, got %d dimensions", name, arr.ndim()));
  }
  char kind = arr.dtype().kind();
  if ((kind == 'U' || kind == 'S') && sizeof(T) == 4) {
    // Date columns (int32 epoch days) may arrive as ISO strings: numpy parses "YYYY-MM-DD".
    try {
      arr = py::reinterpret_borrow<py::array>(arr.attr("astype")("datetime64[D]"));
    } catch (py::error_already_set&) {
      ThrowInvalid(absl::StrFormat("%s: strings that are not all YYYY-MM-DD dates", name));
    }
    kind = 'M';
  }
  if (kind == 'M' && arr.ndim() == 1) {
    // datetime64 -> days since the epoch in one pass straight into the target type (no
    // intermediate datetime64[D] copy): floor division by the unit's ticks per day.
    const int64_t per_day = TicksPerDay(arr);
    if (per_day > 0) {
      CArray<int64_t> ticks = TicksView(arr);
      const py::ssize_t n = ticks.size();
      CArray<T> out(n);
      const int64_t* src = ticks.data();
      T* dst = out.mutable_data();
      // Branch-free pass with the unit as a compile-time constant (division by a constant is a
      // multiply); only when some value fails does the loop below find and name the first one.
      if (TicksToDays<T>(per_day, src, dst, n)) return out;
      for (py::ssize_t i = 0; i < n; ++i) {
        const int64_t v = src[i];
        if (v == std::numeric_limits<int64_t>::min()) {
          ThrowInvalid(absl::StrFormat("%s[%d]: missing date (NaT)", name, i));
        }
        const int64_t day = v / per_day - ((v % per_day) < 0 ? 1 : 0);
        if (day < std::numeric_limits<T>::min() || day > std::numeric_limits<T>::max()) {
          ThrowInvalid(absl::StrFormat("%s[%d]: %d is out of range", name, i, day));
        }
        dst[i] = static_cast<T>(day);
      }
      return out;
    }
  }
  if (kind == 'M') {
    // Other datetime64 units (weeks, months, ...) via numpy -> whole days; NaT is rejected below.
    arr = py::reinterpret_borrow<py::array>(
        arr.attr("astype")("datetime64[D]").attr("view")("int64"));
    const int64_t* d = static_cast<const int64_t*>(arr.data());
    const py::ssize_t n = arr.size();
    for (py::ssize_t i = 0; i < n; ++i) {
      if (d[i] == std::numeric_limits<int64_t>::min()) {
        ThrowInvalid(absl::StrFormat("%s[%d]: missing date (NaT)", name, i));
      }
    }
  } else if (kind == 'f') {
    // Only exact integers pass: NaN, inf and fractions are data errors, not something to round.
    CArray<double> f = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(arr);
    const double* d = f.data();
    const py::ssize_t n = f.size();
    for (py::ssize_t i = 0; i < n; ++i) {
      if (!std::isfinite(d[i])) {
        ThrowInvalid(absl::StrFormat("%s[%d]: missing or non-finite value (%g)", name, i, d[i]));
      }
      if (d[i] != std::floor(d[i]) || std::abs(d[i]) >= 9.2e18) {
        ThrowInvalid(absl::StrFormat("%s[%d]: %g is not an integer in range", name, i, d[i]));
      }
    }
    arr = py::reinterpret_borrow<py::array>(f.attr("astype")("int64"));
  } else if (kind == 'u' && arr.dtype().itemsize() == 8) {
    const uint64_t* d = static_cast<const uint64_t*>(
        py::array_t<uint64_t, py::array::c_style | py::array::forcecast>::ensure(arr).data());
    const py::ssize_t n = arr.size();
    for (py::ssize_t i = 0; i < n; ++i) {
      if (d[i] > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        ThrowInvalid(absl::StrFormat("%s[%d]: %u is out of range", name, i, d[i]));
      }
    }
  } else if (kind == 'O') {
    try {
      arr = py::reinterpret_borrow<py::array>(arr.attr("astype")("int64"));
    } catch (py::error_already_set&) {
      ThrowInvalid(absl::StrFormat("%s: values are not all integers (None or text?)", name));
    }
  } else if (kind != 'i' && kind != 'u' && kind != 'b') {
    ThrowInvalid(absl::StrFormat("%s: dtype %s is not an integer type", name,
                                 py::str(arr.dtype()).cast<std::string>()));
  }
  if constexpr (sizeof(T) < 8) {
    const py::ssize_t width = arr.dtype().itemsize();
    const bool fits = kind == 'b' ||
                      (kind == 'i' && width <= static_cast<py::ssize_t>(sizeof(T))) ||
                      (kind == 'u' && width < static_cast<py::ssize_t>(sizeof(T)));
    // Range check before narrowing, on an int64 view of the data (not needed, and no int64 copy
    // made, when every value of the dtype fits, e.g. int32 days into an int32 column).
    if (fits) return py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(arr);
    CArray<int64_t> wide =
        py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(arr);
    const int64_t* d = wide.data();
    const py::ssize_t n = wide.size();
    for (py::ssize_t i = 0; i < n; ++i) {
      if (d[i] < std::numeric_limits<T>::min() || d[i] > std::numeric_limits<T>::max()) {
        ThrowInvalid(absl::StrFormat("%s[%d]: %d is out of range", name, i, d[i]));
      }
    }
  }
  // No copy when arr already is a C-contiguous array of T.
  return py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(arr);
}

}  // namespace

void RegisterErrors(py::module_& m) {
  g_base = NewError(m, "HuikuanError",
                    "Base of every huikuan error. `code` holds the absl status code name.",
                    PyExc_Exception);
  auto two = [](PyObject* a, PyObject* b) {
    return py::reinterpret_steal<py::tuple>(PyTuple_Pack(2, a, b));
  };
  g_invalid_argument =
      NewError(m, "InvalidArgumentError",
               "Bad input: wrong length, NaN, negative or oversized amount, unknown category, "
               "date out of range. The message names the argument.",
               two(g_base, PyExc_ValueError).ptr());
  g_out_of_range = NewError(m, "OutOfRangeError", "A value outside its allowed range.",
                            two(g_base, PyExc_ValueError).ptr());
  g_not_found = NewError(m, "NotFoundError", "A referenced item does not exist.",
                         two(g_base, PyExc_LookupError).ptr());
  g_already_exists = NewError(m, "AlreadyExistsError", "The item exists already.", g_base);
  g_failed_precondition = NewError(
      m, "FailedPreconditionError",
      "The input is valid but a rule or the data prevent the computation (e.g. a model that does "
      "not converge on separable data without a penalty).",
      g_base);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const StatusError& e) {
      SetPythonError(e.status());
    }
  });
}

std::optional<TickInput> TickColumnOf(py::handle obj) {
  if (!py::isinstance<py::array>(obj)) return std::nullopt;
  const py::array arr = py::reinterpret_borrow<py::array>(obj);
  const int64_t per_day = TicksPerDay(arr);
  if (per_day == 0) return std::nullopt;
  return TickInput{TicksView(arr), per_day};
}

CArray<int64_t> Int64Column(py::handle obj, const char* name) {
  return IntegerColumn<int64_t>(obj, name);
}
CArray<int32_t> Int32Column(py::handle obj, const char* name) {
  return IntegerColumn<int32_t>(obj, name);
}
CArray<int8_t> Int8Column(py::handle obj, const char* name) {
  return IntegerColumn<int8_t>(obj, name);
}
CArray<uint8_t> BoolColumn(py::handle obj, const char* name) {
  return IntegerColumn<uint8_t>(obj, name);
}

CArray<double> DoubleColumn(py::handle obj, const char* name) {
  if (obj.is_none()) ThrowInvalid(absl::StrFormat("%s: None is not an array", name));
  CArray<double> a;
  try {
    a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  } catch (py::error_already_set&) {
  }
  if (!a) ThrowInvalid(absl::StrFormat("%s: not convertible to float64", name));
  if (a.ndim() != 1) {
    ThrowInvalid(absl::StrFormat("%s: expected a 1-D column, got %d dimensions", name, a.ndim()));
  }
  return a;
}

CArray<double> DoubleMatrix(py::handle obj, const char* name) {
  if (obj.is_none()) ThrowInvalid(absl::StrFormat("%s: None is not an array", name));
  CArray<double> a;
  try {
    a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(obj);
  } catch (py::error_already_set&) {
  }
  if (!a) ThrowInvalid(absl::StrFormat("%s: not convertible to float64", name));
  if (a.ndim() == 1) {
    a = py::reinterpret_borrow<CArray<double>>(a.attr("reshape")(-1, 1));
  }
  if (a.ndim() != 2) {
    ThrowInvalid(absl::StrFormat("%s: expected a 2-D matrix, got %d dimensions", name, a.ndim()));
  }
  return a;
}

}  // namespace huikuan::python
