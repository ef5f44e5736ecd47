// Bindings of the domain rules in server/core (money, dates, aging, KPIs, scorecard, RFM, late
// fees) on batch columns.
#include "bindings/python/src/common.h"
#include "bindings/python/src/register.h"

namespace huikuan::python {

void RegisterDomain(py::module_& m) {}

}  // namespace huikuan::python
