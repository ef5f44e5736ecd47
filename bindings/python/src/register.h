// The registration functions of the binding files, called once from module.cc.
#ifndef HUIKUAN_BINDINGS_PYTHON_SRC_REGISTER_H_
#define HUIKUAN_BINDINGS_PYTHON_SRC_REGISTER_H_

#include <pybind11/pybind11.h>

namespace huikuan::python {

void RegisterErrors(pybind11::module_& m);  // common.cc; must run first
void RegisterModels(pybind11::module_& m);  // models.cc
// domain.cc: money, dates, aging, KPIs, scorecard, RFM, late fees.
void RegisterDomain(pybind11::module_& m);
// domain_scoring.cc: KPIs and DSO, credit scorecard.
void RegisterScoring(pybind11::module_& m);
// domain_rules.cc: tiering, warnings and limitation, dunning, commission, cash application.
void RegisterRules(pybind11::module_& m);

}  // namespace huikuan::python

#endif  // HUIKUAN_BINDINGS_PYTHON_SRC_REGISTER_H_
