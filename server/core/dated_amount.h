// An amount on a civil day: cash received towards an invoice, an instalment paid. Shared by the
// evaluations of promises and payment plans (promise.h, payment_plan.h).
#ifndef HUIKUAN_SERVER_CORE_DATED_AMOUNT_H_
#define HUIKUAN_SERVER_CORE_DATED_AMOUNT_H_

#include "server/core/civil_date.h"
#include "server/core/money.h"

namespace huikuan::core {

struct DatedAmount {
  EpochDay day = 0;
  Fen amount = 0;
};

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_DATED_AMOUNT_H_
