// huikuan._core: the private extension behind the `huikuan` package. Analysts import `huikuan`,
// which re-exports these functions and adds pandas-friendly wrappers.
#include <pybind11/pybind11.h>

#include "bindings/python/src/register.h"

PYBIND11_MODULE(_core, m) {
  m.doc() = "huikuan core: receivables rules, KPIs and forecasting models (C++).";
  huikuan::python::RegisterErrors(m);
  huikuan::python::RegisterModels(m);
  huikuan::python::RegisterDomain(m);
  huikuan::python::RegisterScoring(m);
  huikuan::python::RegisterRules(m);
}
