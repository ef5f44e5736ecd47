#include "server/core/kpi.h"

#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

EpochDay D(const char* text) { return *ParseDate(text); }

class KpiFixture : public ::testing::Test {
 protected:
  // Group 1: an old overdue invoice partly paid before and written off in March, one due in March
  // and mostly collected, one March sale still current. Group 2: a March sale due on the last day
  // and paid that day, and an April invoice outside the period.
  std::vector<int64_t> keys = {1, 1, 1, 2, 2};
  std::vector<EpochDay> inv_days = {D("2024-01-15"), D("2024-02-20"), D("2024-03-10"),
                                    D("2024-03-05"), D("2024-04-02")};
  std::vector<EpochDay> due_days = {D("2024-02-14"), D("2024-03-21"), D("2024-04-09"),
                                    D("2024-03-31"), D("2024-05-02")};
  std::vector<Fen> amounts = {100'000, 200'000, 300'000, 50'000, 999};
  std::vector<int64_t> s_index = {0, 0, 1, 2, 3};
  std::vector<EpochDay> s_days = {D("2024-02-20"), D("2024-03-15"), D("2024-03-25"),
                                  D("2024-04-05"), D("2024-03-31")};
  std::vector<Fen> s_amounts = {40'000, 60'000, 150'000, 100'000, 50'000};
  std::vector<uint8_t> s_write_off = {0, 1, 0, 0, 0};
  Period march{D("2024-03-01"), D("2024-03-31")};

  InvoiceColumns Invoices() { return {keys, inv_days, due_days, amounts}; }
  SettlementColumns Settlements() { return {s_index, s_days, s_amounts, s_write_off}; }
};

TEST_F(KpiFixture, R_KPI_1_SumsPerGroup) {
  absl::StatusOr<KpiTable> t = ComputeKpisByGroup(Invoices(), Settlements(), march);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ(t->period_days, 31);
  ASSERT_EQ(t->rows.size(), 2u);
  const KpiRow& g1 = t->rows[0];
  EXPECT_EQ(g1.group_key, 1);
  EXPECT_EQ(g1.credit_sales, 300'000);
  EXPECT_EQ(g1.begin_ar, 260'000);
  EXPECT_EQ(g1.end_ar, 350'000);
  EXPECT_EQ(g1.end_current_ar, 300'000);
  EXPECT_EQ(g1.end_overdue_ar, 50'000);
  EXPECT_EQ(g1.collections, 150'000);
  EXPECT_EQ(g1.bad_debt, 60'000);
  EXPECT_EQ(g1.due_in_period, 200'000);
  EXPECT_EQ(g1.collected_of_due, 150'000);
  const KpiRow& g2 = t->rows[1];
  EXPECT_EQ(g2.group_key, 2);
  EXPECT_EQ(g2.credit_sales, 50'000);
  EXPECT_EQ(g2.begin_ar, 0);
  EXPECT_EQ(g2.end_ar, 0);
  EXPECT_EQ(g2.collections, 50'000);
  EXPECT_EQ(g2.due_in_period, 50'000);
}

TEST_F(KpiFixture, R_KPI_1_Ratios) {
  absl::StatusOr<KpiTable> t = ComputeKpisByGroup(Invoices(), Settlements(), march);
  ASSERT_TRUE(t.ok()) << t.status();
  const KpiRow& g1 = t->rows[0];
  EXPECT_DOUBLE_EQ(g1.dso_days, 350'000.0 / 300'000.0 * 31);
  EXPECT_DOUBLE_EQ(g1.ar_turnover, 300'000.0 / 305'000.0);
  EXPECT_DOUBLE_EQ(g1.cei, 210'000.0 / 260'000.0);
  EXPECT_DOUBLE_EQ(g1.overdue_rate, 50'000.0 / 350'000.0);
  EXPECT_DOUBLE_EQ(g1.bad_debt_rate, 0.2);
  EXPECT_DOUBLE_EQ(g1.collection_rate, 0.75);
  const KpiRow& g2 = t->rows[1];
  EXPECT_DOUBLE_EQ(g2.dso_days, 0.0);
  EXPECT_TRUE(std::isnan(g2.ar_turnover));  // average AR 0
  EXPECT_DOUBLE_EQ(g2.cei, 1.0);
  EXPECT_TRUE(std::isnan(g2.overdue_rate));  // no AR at the end
  EXPECT_DOUBLE_EQ(g2.collection_rate, 1.0);
}

TEST_F(KpiFixture, R_KPI_1_CompanyWideWithoutKeys) {
  InvoiceColumns inv = Invoices();
  inv.group_keys = {};
  absl::StatusOr<KpiTable> t = ComputeKpisByGroup(inv, Settlements(), march);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->rows.size(), 1u);
  EXPECT_EQ(t->rows[0].group_key, 0);
  EXPECT_EQ(t->rows[0].credit_sales, 350'000);
  EXPECT_EQ(t->rows[0].end_ar, 350'000);
  EXPECT_EQ(t->rows[0].collections, 200'000);
}

TEST_F(KpiFixture, RejectsBadColumns) {
  InvoiceColumns inv = Invoices();
  std::vector<EpochDay> short_due(due_days.begin(), due_days.end() - 1);
  inv.due_days = short_due;
  EXPECT_EQ(ComputeKpisByGroup(inv, Settlements(), march).status().message(),
            "invoices.due_days: length 4 != 5");

  SettlementColumns s = Settlements();
  std::vector<int64_t> bad_index = {0, 0, 1, 2, 5};
  s.invoice_index = bad_index;
  absl::Status st = ComputeKpisByGroup(Invoices(), s, march).status();
  EXPECT_EQ(st.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("settlements.invoice_index[4]"), absl::string_view::npos) << st;

  s = Settlements();
  std::vector<Fen> too_much = {40'000, 60'001, 150'000, 100'000, 50'000};
  s.amounts = too_much;
  st = ComputeKpisByGroup(Invoices(), s, march).status();
  EXPECT_NE(st.message().find("exceed"), absl::string_view::npos) << st;

  s = Settlements();
  std::vector<EpochDay> early = {D("2024-01-01"), D("2024-03-15"), D("2024-03-25"), D("2024-04-05"),
                                 D("2024-03-31")};
  s.days = early;
  st = ComputeKpisByGroup(Invoices(), s, march).status();
  EXPECT_NE(st.message().find("before its invoice"), absl::string_view::npos) << st;

  EXPECT_EQ(ComputeKpisByGroup(Invoices(), Settlements(), Period{march.last_day, march.first_day})
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);

  inv = Invoices();
  std::vector<Fen> negative = {1, 2, -3, 4, 5};
  inv.amounts = negative;
  st = ComputeKpisByGroup(inv, Settlements(), march).status();
  EXPECT_NE(st.message().find("invoices.amounts[2]"), absl::string_view::npos) << st;

  inv = Invoices();
  std::vector<EpochDay> bad_days = inv_days;
  bad_days[1] = kMaxEpochDay + 1;
  inv.invoice_days = bad_days;
  st = ComputeKpisByGroup(inv, Settlements(), march).status();
  EXPECT_NE(st.message().find("invoices.invoice_days[1]"), absl::string_view::npos) << st;
}

TEST(KpiTest, EmptyInputGivesNoRows) {
  absl::StatusOr<KpiTable> t = ComputeKpisByGroup({}, {}, Period{0, 30});
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->rows.empty());
}

TEST(KpiTest, OverflowOfGroupSumIsAnError) {
  std::vector<EpochDay> days(100, 10);
  std::vector<Fen> amounts(100, kMaxAbsFen);
  absl::Status s = ComputeKpisByGroup({{}, days, days, amounts}, {}, Period{0, 30}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("overflows"), absl::string_view::npos) << s;
}

TEST(KpiTest, R_KPI_1_ScalarFormulas) {
  EXPECT_DOUBLE_EQ(*DsoSimple(450, 900, 30), 15.0);
  EXPECT_TRUE(std::isnan(*DsoSimple(450, 0, 30)));
  EXPECT_EQ(DsoSimple(-1, 900, 30).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DsoSimple(1, 900, 0).status().code(), absl::StatusCode::kInvalidArgument);
  // Seed 002 FAQ: turnover = credit sales / ((begin + end) / 2).
  EXPECT_DOUBLE_EQ(*ArTurnover(1'200, 100, 300), 6.0);
  EXPECT_TRUE(std::isnan(*ArTurnover(1'200, 0, 0)));
  EXPECT_DOUBLE_EQ(*CollectionEffectivenessIndex(1'000, 500, 600, 400), 900.0 / 1'100.0);
  EXPECT_EQ(CollectionEffectivenessIndex(1'000, 500, 600, 700).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(KpiTest, R_KPI_1_DsoCountback) {
  std::vector<Fen> sales = {100, 100};
  std::vector<int32_t> days = {31, 29};
  EXPECT_DOUBLE_EQ(*DsoCountback(150, sales, days), 45.5);
  EXPECT_DOUBLE_EQ(*DsoCountback(100, sales, days), 31.0);
  EXPECT_DOUBLE_EQ(*DsoCountback(0, sales, days), 0.0);
  EXPECT_DOUBLE_EQ(*DsoCountback(50, sales, days), 15.5);
  EXPECT_DOUBLE_EQ(*DsoCountback(500, sales, days), 60.0);  // lower bound: all days
  std::vector<Fen> with_zero = {0, 100};
  EXPECT_DOUBLE_EQ(*DsoCountback(50, with_zero, days), 31.0 + 14.5);
  std::vector<int32_t> one_day = {31};
  EXPECT_EQ(DsoCountback(1, sales, one_day).status().message(),
            "days_most_recent_first: length 1 != 2");
  std::vector<int32_t> zero_days = {31, 0};
  EXPECT_EQ(DsoCountback(1, sales, zero_days).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(KpiTest, R_KPI_1_DsoCountbackByGroup) {
  // Header example: as_of 2024-03-15, group 1: March 1-15 sales 100 (open), February sales 100
  // (half paid) -> AR 150 -> 15 + 29 * 50 / 100 = 29.5 days.
  // Group 2: a January invoice of 80, nothing paid, no later sales -> 15 + 29 + 31 * 80/80 = 75.
  // Group 3: everything paid -> 0. An April invoice of group 1 is after as_of and ignored.
  std::vector<int64_t> keys = {1, 1, 2, 3, 1};
  std::vector<EpochDay> inv = {D("2024-03-01"), D("2024-02-10"), D("2024-01-31"), D("2024-03-02"),
                               D("2024-04-01")};
  std::vector<EpochDay> due = {D("2024-04-01"), D("2024-03-10"), D("2024-03-01"), D("2024-04-01"),
                               D("2024-05-01")};
  std::vector<Fen> amounts = {100, 100, 80, 40, 999};
  std::vector<int64_t> s_idx = {1, 3, 1};
  std::vector<EpochDay> s_day = {D("2024-03-05"), D("2024-03-10"), D("2024-03-20")};
  std::vector<Fen> s_amt = {50, 40, 50};
  absl::StatusOr<std::vector<CountbackRow>> rows =
      DsoCountbackByGroup({keys, inv, due, amounts}, {s_idx, s_day, s_amt, {}}, D("2024-03-15"));
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[0].group_key, 1);
  EXPECT_EQ((*rows)[0].end_ar, 150);
  EXPECT_DOUBLE_EQ((*rows)[0].dso_days, 29.5);
  EXPECT_EQ((*rows)[1].end_ar, 80);
  EXPECT_DOUBLE_EQ((*rows)[1].dso_days, 75.0);
  EXPECT_EQ((*rows)[2].end_ar, 0);
  EXPECT_DOUBLE_EQ((*rows)[2].dso_days, 0.0);
  // With a one-month window group 2's AR exceeds all counted sales: the lower bound, 15 days.
  rows =
      DsoCountbackByGroup({keys, inv, due, amounts}, {s_idx, s_day, s_amt, {}}, D("2024-03-15"), 1);
  ASSERT_TRUE(rows.ok());
  EXPECT_DOUBLE_EQ((*rows)[1].dso_days, 15.0);
  EXPECT_EQ(DsoCountbackByGroup({keys, inv, due, amounts}, {}, D("2024-03-15"), 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DsoCountbackByGroup({keys, inv, due, amounts}, {}, kMaxEpochDay + 1).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<Fen> too_much = {50, 40, 51};
  EXPECT_EQ(
      DsoCountbackByGroup({keys, inv, due, amounts}, {s_idx, s_day, too_much, {}}, D("2024-03-15"))
          .status()
          .code(),
      absl::StatusCode::kInvalidArgument);
}

TEST(KpiTest, R_KPI_1_DsoCountbackByGroupMatchesScalar) {
  std::mt19937_64 rng(11);
  const int n = 3000;
  const EpochDay as_of = D("2024-06-20");
  std::vector<int64_t> keys(n);
  std::vector<EpochDay> inv(n), due(n);
  std::vector<Fen> amt(n);
  std::vector<int64_t> s_idx;
  std::vector<EpochDay> s_day;
  std::vector<Fen> s_amt;
  for (int i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 7);
    inv[i] = as_of - 400 + static_cast<EpochDay>(rng() % 420);
    due[i] = inv[i] + 30;
    amt[i] = static_cast<Fen>(rng() % 100'000);
    if (rng() % 3 == 0) {
      s_idx.push_back(i);
      s_day.push_back(inv[i] + static_cast<EpochDay>(rng() % 60));
      s_amt.push_back(amt[i]);
    }
  }
  absl::StatusOr<std::vector<CountbackRow>> rows =
      DsoCountbackByGroup({keys, inv, due, amt}, {s_idx, s_day, s_amt, {}}, as_of, 6);
  ASSERT_TRUE(rows.ok()) << rows.status();
  // Month starts back from June 2024: Jun, May, Apr, Mar, Feb, Jan.
  const std::vector<EpochDay> starts = {D("2024-06-01"), D("2024-05-01"), D("2024-04-01"),
                                        D("2024-03-01"), D("2024-02-01"), D("2024-01-01")};
  const std::vector<int32_t> days = {20, 31, 30, 31, 29, 31};
  for (const CountbackRow& row : *rows) {
    std::vector<Fen> sales(6, 0);
    Fen ar = 0;
    for (int i = 0; i < n; ++i) {
      if (keys[i] != row.group_key || inv[i] > as_of) continue;
      ar += amt[i];
      for (int k = 0; k < 6; ++k) {
        if (inv[i] >= starts[k]) {
          sales[k] += amt[i];
          break;
        }
      }
    }
    for (size_t j = 0; j < s_idx.size(); ++j) {
      if (keys[s_idx[j]] == row.group_key && s_day[j] <= as_of) ar -= s_amt[j];
    }
    EXPECT_EQ(row.end_ar, ar);
    EXPECT_DOUBLE_EQ(row.dso_days, *DsoCountback(ar, sales, days)) << row.group_key;
  }
}

TEST(KpiTest, R_KPI_1_MatchesNaiveComputationOnRandomData) {
  std::mt19937_64 rng(7);
  const int n = 5000;
  const Period p{D("2024-03-01"), D("2024-03-31")};
  std::vector<int64_t> keys(n);
  std::vector<EpochDay> inv(n), due(n);
  std::vector<Fen> amt(n);
  std::vector<int64_t> s_idx;
  std::vector<EpochDay> s_day;
  std::vector<Fen> s_amt;
  std::vector<uint8_t> s_wo;
  for (int i = 0; i < n; ++i) {
    keys[i] = static_cast<int64_t>(rng() % 13);
    inv[i] = p.first_day - 90 + static_cast<EpochDay>(rng() % 130);
    due[i] = inv[i] + static_cast<EpochDay>(rng() % 61);
    amt[i] = static_cast<Fen>(rng() % 1'000'000);
    if (rng() % 2) {
      s_idx.push_back(i);
      s_day.push_back(inv[i] + static_cast<EpochDay>(rng() % 80));
      s_amt.push_back(amt[i] / 2);
      s_wo.push_back(rng() % 10 == 0);
    }
  }
  absl::StatusOr<KpiTable> t =
      ComputeKpisByGroup({keys, inv, due, amt}, {s_idx, s_day, s_amt, s_wo}, p);
  ASSERT_TRUE(t.ok()) << t.status();
  for (const KpiRow& row : t->rows) {
    Fen end_ar = 0, begin_ar = 0, sales = 0, current = 0, collected_due = 0;
    for (int i = 0; i < n; ++i) {
      if (keys[i] != row.group_key) continue;
      Fen paid_end = 0, paid_begin = 0;
      for (size_t j = 0; j < s_idx.size(); ++j) {
        if (s_idx[j] != i) continue;
        if (s_day[j] <= p.last_day) paid_end += s_amt[j];
        if (s_day[j] < p.first_day) paid_begin += s_amt[j];
        if (!s_wo[j] && s_day[j] <= p.last_day && due[i] >= p.first_day && due[i] <= p.last_day) {
          collected_due += s_amt[j];
        }
      }
      if (inv[i] <= p.last_day) end_ar += amt[i] - paid_end;
      if (inv[i] < p.first_day) begin_ar += amt[i] - paid_begin;
      if (inv[i] >= p.first_day && inv[i] <= p.last_day) sales += amt[i];
      if (inv[i] <= p.last_day && due[i] >= p.last_day) current += amt[i] - paid_end;
    }
    EXPECT_EQ(row.end_ar, end_ar) << row.group_key;
    EXPECT_EQ(row.begin_ar, begin_ar) << row.group_key;
    EXPECT_EQ(row.credit_sales, sales) << row.group_key;
    EXPECT_EQ(row.end_current_ar, current) << row.group_key;
    EXPECT_EQ(row.collected_of_due, collected_due) << row.group_key;
    // Conservation: begin + sales - end = collections + write-offs in the period.
    EXPECT_EQ(row.begin_ar + row.credit_sales - row.end_ar, row.collections + row.bad_debt);
  }
}

}  // namespace
}  // namespace huikuan::core
