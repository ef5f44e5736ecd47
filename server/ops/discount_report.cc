#include "server/ops/discount_report.h"

#include "server/core/early_discount.h"
#include "server/store/discount_offer_store.h"

namespace huikuan::ops {

reports::DiscountCost MeetingDiscountCost(ReadScope& read, const ReportScope& scope,
                                          const core::Period& period) {
  reports::DiscountCost out;
  if (scope.nothing) return out;
  const store::DiscountPeriodFacts facts = store::LoadDiscountPeriodFacts(
      read.db, period.first_day, period.last_day, scope.owner_user_id);
  const core::DiscountEffect effect = core::SummariseDiscounts(facts.honoured, facts.credit_sales);
  out.count = effect.count;
  out.cost = effect.cost;
  out.cash_early = effect.cash_early;
  out.credit_sales = facts.credit_sales;
  out.avg_days_early_x10 = effect.avg_days_early_x10;
  out.dso_days_x10 = effect.dso_days_x10;
  return out;
}

}  // namespace huikuan::ops
