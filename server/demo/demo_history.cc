#include "server/demo/demo_history.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "server/core/status_macros.h"
#include "server/demo/demo_random.h"

namespace huikuan::demo {
namespace {

constexpr const char* kCities[] = {"苏州", "无锡", "常州", "宁波", "杭州", "深圳",
                                   "东莞", "佛山", "青岛", "合肥", "成都", "武汉"};
constexpr const char* kWords[] = {"华", "恒", "鑫", "达", "盛", "泰", "宏", "远",
                                  "嘉", "博", "瑞", "丰", "永", "信", "源", "通"};
constexpr const char* kIndustries[] = {"机械制造", "电子元件", "化工", "纺织服装",   "物流",
                                       "建材",     "食品",     "医药", "汽车零部件", "电商"};

// Orders per calendar month relative to an average month, percent: the year-end peak, the 618
// and Double 11 promotions, the October holiday week. The Spring Festival dip is separate (its
// date moves between January and February).
constexpr int32_t kMonthPercent[12] = {100, 95, 105, 100, 100, 110, 95, 95, 105, 90, 115, 135};
// Factories close from a week before the Spring Festival to two weeks after it.
constexpr int32_t kFestivalPercent = 25;
constexpr int32_t kFestivalDaysBefore = 7;
constexpr int32_t kFestivalDaysAfter = 14;

// The largest customer's average order; customer k's is this / sqrt(k + 1).
constexpr int64_t kTopAverageOrderYuan = 400'000;
constexpr int64_t kMinOrderYuan = 1'000;

// Deteriorating customers (E集团 aside): orders fall to 40% by the end, amounts to 70%.
constexpr int32_t kDeterioratedOrderPercent = 40;
constexpr int32_t kDeterioratedAmountPercent = 70;

constexpr std::pair<int32_t, int32_t> kSpringFestivals[] = {
    {2015, 50}, {2016, 39}, {2017, 28}, {2018, 47}, {2019, 36}, {2020, 25}, {2021, 43},
    {2022, 32}, {2023, 22}, {2024, 41}, {2025, 29}, {2026, 48}, {2027, 37}, {2028, 26},
    {2029, 44}, {2030, 34}, {2031, 23}, {2032, 42}, {2033, 31}, {2034, 50}, {2035, 39},
};  // (year, day of the year counted from January 1 = 1)

int64_t IntSqrt(int64_t n) {
  int64_t r = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
  while (r * r > n) --r;
  while ((r + 1) * (r + 1) <= n) ++r;
  return r;
}

// Orders on each day of the window relative to an average day, percent.
std::vector<int32_t> SeasonPercent(core::EpochDay first_day, core::EpochDay today) {
  std::vector<int32_t> season;
  for (core::EpochDay d = first_day; d <= today; ++d) {
    const absl::CivilDay day = absl::CivilDay(1970, 1, 1) + d;
    int32_t percent = kMonthPercent[day.month() - 1];
    for (int32_t year : {static_cast<int32_t>(day.year()), static_cast<int32_t>(day.year()) + 1}) {
      std::optional<core::EpochDay> festival = SpringFestival(year);
      if (festival && d >= *festival - kFestivalDaysBefore && d <= *festival + kFestivalDaysAfter) {
        percent = percent * kFestivalPercent / 100;
      }
    }
    season.push_back(percent);
  }
  return season;
}

// Progress of a deterioration on `day` in 0..1000 (per mille).
int64_t Progress(const DemoCustomer& customer, core::EpochDay day, core::EpochDay today) {
  if (customer.habit != PaymentHabit::kDeteriorating || day < customer.deterioration_start) {
    return 0;
  }
  const int64_t span = std::max<int64_t>(1, today - customer.deterioration_start);
  return std::min<int64_t>(1000, (day - customer.deterioration_start) * 1000 / span);
}

// Orders on `day` relative to normal, percent (deteriorating customers order less).
int64_t TrendPercent(const DemoCustomer& customer, core::EpochDay day, core::EpochDay today) {
  return 100 - Progress(customer, day, today) * (100 - kDeterioratedOrderPercent) / 1000;
}

constexpr const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
constexpr const char* kStreets[] = {"人民路", "中山路", "解放路", "建设路", "新华路", "长江路"};

void SetContact(DemoCustomer& customer, int32_t index, const char* city) {
  const int32_t n = index + 1;
  customer.contact_name =
      absl::StrCat(kSurnames[index % std::size(kSurnames)], index % 2 == 0 ? "经理" : "会计");
  customer.contact_email = absl::StrFormat("ap%05d@customer%05d.example.cn", n, n);
  customer.contact_phone = absl::StrFormat("+86 138 %04d %04d", n / 10000, n % 10000);
  customer.contact_address =
      absl::StrCat(city, "市", kStreets[index % std::size(kStreets)], n % 900 + 1, "号");
  customer.preferred_language = index % 10 == 9 ? "en" : "zh-CN";
}

void ChooseProfile(DemoCustomer& customer, int32_t index, DemoRandom& rng) {
  const char* industry = kIndustries[rng.Below(std::size(kIndustries))];
  customer.industry = industry;
  const char* city = kCities[rng.Below(std::size(kCities))];
  const char* word1 = kWords[rng.Below(std::size(kWords))];
  const char* word2 = kWords[rng.Below(std::size(kWords))];
  customer.display_name = absl::StrCat(city, word1, word2, industry, "有限公司 #", index + 1);
  SetContact(customer, index, city);
  customer.founding_date = absl::StrFormat("%04d-%02d-%02d", rng.Between(1992, 2021),
                                           rng.Between(1, 12), rng.Between(1, 28));
  switch (customer.tier) {
    case core::Tier::kStrategicCore:
      customer.enterprise_size = "large";
      customer.industry_position = "industry_head";
      customer.tax_credit_grade = "A";
      customer.bank_credit_line = rng.Between(200, 800) * 1'000'000 * core::kFenPerYuan;
      customer.third_party_rating = "AA";
      break;
    case core::Tier::kKeyPartner:
      customer.enterprise_size = rng.PerMille(600) ? "large" : "medium";
      customer.industry_position = "regional_leader";
      customer.tax_credit_grade = rng.PerMille(700) ? "A" : "B";
      customer.bank_credit_line = rng.Between(30, 200) * 1'000'000 * core::kFenPerYuan;
      customer.third_party_rating = rng.PerMille(500) ? "A+" : "A";
      break;
    case core::Tier::kGeneral:
      customer.enterprise_size = rng.PerMille(400) ? "medium" : "small";
      customer.industry_position = "sme";
      customer.tax_credit_grade = rng.PerMille(500) ? "B" : "A";
      customer.bank_credit_line = rng.Between(2, 30) * 1'000'000 * core::kFenPerYuan;
      customer.third_party_rating = rng.PerMille(500) ? "BBB" : "A-";
      break;
    case core::Tier::kPotential:
      customer.enterprise_size = rng.PerMille(500) ? "small" : "micro";
      customer.industry_position = rng.PerMille(500) ? "startup" : "sme";
      customer.tax_credit_grade = rng.PerMille(600) ? "M" : "B";
      customer.bank_credit_line = rng.Between(0, 20) * 100'000 * core::kFenPerYuan;
      customer.third_party_rating = "";
      break;
  }
  if (customer.habit == PaymentHabit::kChronicLate && rng.PerMille(500)) {
    customer.tax_credit_grade = "C";
  }
}

// A never-paid chance in per mille, 18% higher for an order on the longer terms.
int64_t NeverPaidPerMille(int64_t per_mille, bool longer_terms) {
  return longer_terms ? per_mille * kTermChangeNeverPaidPercent / 100 : per_mille;
}

// Orders on `day` relative to the customer's usual rate, percent: the term change's response.
int64_t TermsPercent(const DemoCustomer& customer, core::EpochDay day,
                     std::optional<core::EpochDay> term_change_day) {
  return term_change_day && day >= *term_change_day && TermChangeApplies(customer.tier)
             ? kTermChangeOrderPercent
             : 100;
}

// How the customer settles an order placed on `day` (`longer_terms`: after the term change).
void ChooseSettlement(const DemoCustomer& customer, core::EpochDay day, core::EpochDay today,
                      bool longer_terms, DemoRandom& rng, DemoOrder& order) {
  order.with_reference = rng.PerMille(950);
  if (rng.PerMille(20)) order.overpayment = rng.Between(1, 50'000);
  switch (customer.habit) {
    case PaymentHabit::kOnTime:
      order.pay_days_after_due = rng.PerMille(920) ? -static_cast<int32_t>(rng.Between(0, 10))
                                                   : static_cast<int32_t>(rng.Between(1, 6));
      return;
    case PaymentHabit::kOccasionallyLate:
      order.pay_days_after_due = rng.PerMille(600) ? -static_cast<int32_t>(rng.Between(0, 5))
                                                   : static_cast<int32_t>(rng.Between(3, 30));
      return;
    case PaymentHabit::kChronicLate:
      if (rng.PerMille(NeverPaidPerMille(15, longer_terms))) return;  // never paid
      order.pay_days_after_due = static_cast<int32_t>(rng.Between(20, 80));
      return;
    case PaymentHabit::kDeteriorating:
      break;
  }
  const int64_t progress = Progress(customer, day, today);
  if (progress == 0) {
    order.pay_days_after_due = -static_cast<int32_t>(rng.Between(0, 8));
    return;
  }
  // By the end 60-90 days late; in the second half of the decline many invoices stay open.
  const int64_t max_delay = 60 + customer.size_rank % 31;
  if (progress > 500) {
    if (rng.PerMille(NeverPaidPerMille(400, longer_terms))) return;  // never paid
    if (rng.PerMille(300)) order.paid_percent = 50;                  // half paid, the rest never
  }
  order.pay_days_after_due = static_cast<int32_t>(progress * max_delay / 1000 + rng.Between(-3, 5));
}

}  // namespace

bool TermChangeApplies(core::Tier tier) {
  return tier == core::Tier::kGeneral || tier == core::Tier::kPotential;
}

std::optional<core::EpochDay> SpringFestival(int32_t year) {
  for (const auto& [festival_year, day_of_year] : kSpringFestivals) {
    if (festival_year == year) {
      return static_cast<core::EpochDay>(absl::CivilDay(year, 1, 1) - absl::CivilDay(1970, 1, 1)) +
             day_of_year - 1;
    }
  }
  return std::nullopt;
}

absl::StatusOr<DemoHistory> GenerateDemoHistory(const DemoHistoryOptions& options,
                                                core::EpochDay today) {
  if (options.customers < 1 || options.customers > 100'000) {
    return absl::InvalidArgumentError("customers must be in 1..100000");
  }
  if (options.invoices_per_customer < 1 || options.invoices_per_customer > 10'000) {
    return absl::InvalidArgumentError("invoices_per_customer must be in 1..10000");
  }
  if (options.months < 1 || options.months > 120) {
    return absl::InvalidArgumentError("months must be in 1..120");
  }
  HK_ASSIGN_OR_RETURN(core::EpochDay first_day, core::AddMonths(today, -options.months));
  first_day += 1;
  HK_RETURN_IF_ERROR(core::ValidateEpochDay(first_day, "today"));

  DemoHistory history;
  history.first_day = first_day;
  history.today = today;
  if (options.term_change_days_ago > 0 && today - options.term_change_days_ago > first_day) {
    history.term_change_day = today - options.term_change_days_ago;
  }
  const int32_t n = options.customers;
  const std::vector<int32_t> season = SeasonPercent(first_day, today);
  const int32_t window_days = today - first_day + 1;

  // Size ranks: a permutation, so size does not follow the customer number.
  DemoRandom shared = DemoRandom::ForStream(options.seed, 0);
  std::vector<int32_t> ranks(n);
  for (int32_t i = 0; i < n; ++i) ranks[i] = i;
  for (int32_t i = n - 1; i > 0; --i) std::swap(ranks[i], ranks[shared.Below(i + 1)]);

  history.customers.resize(n);
  for (int32_t i = 0; i < n; ++i) {
    DemoCustomer& customer = history.customers[i];
    DemoRandom rng = DemoRandom::ForStream(options.seed, static_cast<uint64_t>(i) + 1);
    customer.size_rank = ranks[i];
    const int64_t rank_per_mille = int64_t{ranks[i]} * 1000 / n;
    customer.tier = ranks[i] == 0 || rank_per_mille < 10 ? core::Tier::kStrategicCore
                    : rank_per_mille < 100               ? core::Tier::kKeyPartner
                    : rank_per_mille < 500               ? core::Tier::kGeneral
                                                         : core::Tier::kPotential;
    const int64_t habit = rng.Below(1000);
    customer.habit = habit < 750   ? PaymentHabit::kOnTime
                     : habit < 880 ? PaymentHabit::kOccasionallyLate
                     : habit < 980 ? PaymentHabit::kChronicLate
                                   : PaymentHabit::kDeteriorating;
    ChooseProfile(customer, i, rng);
    customer.owner_slot = i % 5 == 0 ? 0 : static_cast<int32_t>(rng.Between(1, 1000));
    // A third of the customers joined during the window; the rest were there from its start.
    customer.first_order_day =
        rng.PerMille(330)
            ? first_day + static_cast<core::EpochDay>(rng.Below(std::max(1, window_days - 90)))
            : first_day;
    customer.last_order_day = today;
    if (customer.habit == PaymentHabit::kDeteriorating) {
      customer.deterioration_start = today - static_cast<core::EpochDay>(rng.Between(120, 270));
      customer.deterioration_start =
          std::max(customer.deterioration_start, customer.first_order_day + 60);
      if (rng.PerMille(500)) {
        customer.credit_status = "on_hold";
        customer.hold_reason = "demo: red warning (DSO up, orders down), invoices long overdue";
        customer.last_order_day = today - static_cast<core::EpochDay>(rng.Between(20, 60));
      }
    } else if (customer.habit == PaymentHabit::kChronicLate && rng.PerMille(150)) {
      customer.credit_status = "in_litigation";
      customer.hold_reason = "demo: lawsuit filed for invoices over 90 days overdue";
      customer.last_order_day = today - static_cast<core::EpochDay>(rng.Between(60, 180));
    }
    customer.last_order_day = std::max(customer.last_order_day, customer.first_order_day);
  }

  // E集团: see the header.
  const bool with_e_group = n > kEGroupIndex;
  if (with_e_group) {
    DemoCustomer& e = history.customers[kEGroupIndex];
    e.display_name = absl::StrCat("宁波E集团家电股份有限公司 #", kEGroupIndex + 1);
    SetContact(e, kEGroupIndex, "宁波");
    e.industry = "家电";
    e.tier = core::Tier::kKeyPartner;
    e.enterprise_size = "large";
    e.industry_position = "regional_leader";
    e.tax_credit_grade = "A";
    e.founding_date = "2001-06-18";
    e.bank_credit_line = 70'000'000 * core::kFenPerYuan;  // 100,000,000 before the cut of 30%
    e.third_party_rating = "A-";
    e.habit = PaymentHabit::kDeteriorating;
    e.first_order_day = first_day;
    e.deterioration_start = today - 183;
    e.last_order_day = today - 70;
    e.credit_status = "on_hold";
    e.hold_reason =
        "红色预警: DSO 45 -> 78 days in half a year, 3 invoices (8,000,000 yuan) overdue, bank "
        "credit line cut by 30%, supplier lawsuits; new supply suspended";
  }

  // Order rates: customer k's share of the orders ~ 1/sqrt(rank + 1) times its active days
  // weighted by season and trend, scaled so that the expected total is customers *
  // invoices_per_customer. Rates only (never money) are floating point.
  std::vector<int64_t> active_weight(n);  // sum over active days of season% * trend%
  double weighted_total = 0;
  for (int32_t i = 0; i < n; ++i) {
    const DemoCustomer& customer = history.customers[i];
    int64_t sum = 0;
    for (core::EpochDay d = customer.first_order_day; d <= customer.last_order_day; ++d) {
      sum += season[d - first_day] * TrendPercent(customer, d, today) *
             TermsPercent(customer, d, history.term_change_day) / 100;
    }
    active_weight[i] = sum;
    weighted_total += static_cast<double>(sum) / std::sqrt(customer.size_rank + 1.0);
  }
  const double expected_total = static_cast<double>(n) * options.invoices_per_customer;

  std::vector<DemoOrder> orders;
  orders.reserve(static_cast<size_t>(expected_total * 1.05));
  for (int32_t i = 0; i < n; ++i) {
    DemoCustomer& customer = history.customers[i];
    DemoRandom rng = DemoRandom::ForStream(options.seed ^ 0x5EED0DE5ULL, static_cast<uint64_t>(i));
    // Expected orders per day per unit of season% * trend%, in billionths (millionths * 1000).
    const int64_t unit_ppb =
        std::llround(expected_total / weighted_total / std::sqrt(customer.size_rank + 1.0) * 1e9);
    int64_t average_yuan =
        kTopAverageOrderYuan * 1'000 / IntSqrt((customer.size_rank + 1) * 1'000'000LL);
    core::EpochDay last_day = customer.last_order_day;
    if (with_e_group && i == kEGroupIndex) {
      average_yuan = 1'800'000;
      last_day = today - 101;  // then the three unpaid invoices below
    }
    const size_t first_order = orders.size();
    for (core::EpochDay d = customer.first_order_day; d <= last_day; ++d) {
      const int64_t ppm = unit_ppb * season[d - first_day] * TrendPercent(customer, d, today) /
                          1000 * TermsPercent(customer, d, history.term_change_day) / 100;
      int64_t count = ppm / 1'000'000 + (rng.Below(1'000'000) < ppm % 1'000'000 ? 1 : 0);
      if (with_e_group && i == kEGroupIndex) count = rng.Below(1000) < 130 ? 1 : 0;
      for (int64_t k = 0; k < count; ++k) {
        DemoOrder order;
        order.customer = i;
        order.day = d;
        int64_t yuan = average_yuan * rng.Between(50, 150) / 100;
        if (rng.PerMille(40)) yuan *= rng.Between(2, 4);
        const int64_t progress = Progress(customer, d, today);
        if (!(with_e_group && i == kEGroupIndex)) {
          yuan = yuan * (1000 - progress * (100 - kDeterioratedAmountPercent) / 100) / 1000;
        }
        order.amount = std::max(yuan, kMinOrderYuan) * core::kFenPerYuan + rng.Below(100);
        ChooseSettlement(customer, d, today,
                         TermsPercent(customer, d, history.term_change_day) != 100, rng, order);
        orders.push_back(std::move(order));
      }
    }
    if (with_e_group && i == kEGroupIndex) {
      // E集团 never was late before: from the start of its decline to its last paid order the
      // delay grows to 33 days, its DSO from the 45-day term to 78.
      const int64_t span = std::max<int64_t>(1, last_day - customer.deterioration_start);
      for (size_t k = first_order; k < orders.size(); ++k) {
        const int64_t into = orders[k].day - customer.deterioration_start;
        orders[k].pay_days_after_due =
            into < 0 ? -static_cast<int32_t>(rng.Between(0, 8))
                     : static_cast<int32_t>(into * 33 / span + rng.Between(-2, 2));
        orders[k].paid_percent = 100;
        // Its transfers always name the invoice, so no cash of a late payment spills onto the
        // three unpaid invoices by oldest-first: they stay at exactly 8,000,000 yuan.
        orders[k].with_reference = true;
        orders[k].overpayment = 0;
      }
      constexpr std::pair<int32_t, core::Fen> kUnpaid[] = {
          {100, 260'000'000}, {85, 270'000'000}, {70, 270'000'000}};
      for (const auto& [days_ago, amount] : kUnpaid) {
        DemoOrder order;
        order.customer = i;
        order.day = today - days_ago;
        order.amount = amount;
        orders.push_back(std::move(order));  // pay_days_after_due empty: never paid
      }
    }
    // Order numbers in date order per customer.
    for (size_t k = first_order; k < orders.size(); ++k) {
      orders[k].order_number =
          absl::StrFormat("SO-%05d-%05d", i + 1, static_cast<int>(k - first_order) + 1);
    }
    // The credit limit: about two months of its last year's orders, at least a tier minimum.
    core::Fen last_year = 0;
    for (size_t k = first_order; k < orders.size(); ++k) {
      if (orders[k].day > today - 365) last_year += orders[k].amount;
    }
    constexpr core::Fen kMinimumLimit[] = {5'000'000, 2'000'000, 500'000, 200'000};
    const core::Fen step = 100'000 * core::kFenPerYuan;
    customer.credit_limit =
        std::max(kMinimumLimit[static_cast<int>(customer.tier)] * core::kFenPerYuan,
                 (last_year / 6 + step - 1) / step * step);
  }
  std::stable_sort(orders.begin(), orders.end(), [](const DemoOrder& a, const DemoOrder& b) {
    return std::tie(a.day, a.customer) < std::tie(b.day, b.customer);
  });
  history.orders = std::move(orders);
  return history;
}

}  // namespace huikuan::demo
