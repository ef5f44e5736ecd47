// The registry of jobs: names that fit the audit trail, each name once, the order of a day kept.
#include "server/jobs/job_registry.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/jobs/all_jobs.h"
#include "tests/jobs/test_jobs.h"

namespace huikuan::testing {
namespace {

TEST(JobRegistryTest, AllJobsHasLateFeesFirst) {
  const jobs::JobRegistry all = jobs::AllJobs();
  ASSERT_FALSE(all.jobs().empty());
  EXPECT_EQ(all.jobs().front()->name(), "late_fees");
  EXPECT_NE(all.Find("late_fees"), nullptr);
  EXPECT_EQ(all.Find("late-fees"), nullptr);
  for (const jobs::DailyJob* job : all.jobs()) {
    EXPECT_TRUE(jobs::ValidateJobName(job->name()).ok()) << job->name();
  }
}

// The ladder reads the holds that the day's promises and plans leave, and escalation must see
// every item the day created.
TEST(JobRegistryTest, AllJobsRunTheLadderAfterArrangementsAndEscalateLast) {
  const jobs::JobRegistry all = jobs::AllJobs();
  EXPECT_EQ(all.NameList(),
            "late_fees, promises, payment_plans, limitation, risk, dunning, cadence, escalation, "
            "health, models");
}

TEST(JobRegistryTest, RefusesBadAndDuplicateNames) {
  jobs::JobRegistry registry;
  EXPECT_TRUE(registry.Add(std::make_unique<DayRecorderJob>("b_job")).ok());
  EXPECT_TRUE(registry.Add(std::make_unique<DayRecorderJob>("a_job")).ok());
  EXPECT_EQ(registry.Add(std::make_unique<DayRecorderJob>("a_job")).code(),
            absl::StatusCode::kInvalidArgument);
  // "system:job/" + 21 characters fills audit_events.actor_role (32).
  EXPECT_TRUE(registry.Add(std::make_unique<DayRecorderJob>("abcdefghijklmnopqrstu")).ok());
  for (const char* bad :
       {"", "abcdefghijklmnopqrstuv", "Late", "late-fees", "9lives", "_x", "late fees"}) {
    EXPECT_EQ(registry.Add(std::make_unique<DayRecorderJob>(bad)).code(),
              absl::StatusCode::kInvalidArgument)
        << bad;
  }
  EXPECT_EQ(registry.NameList(), "b_job, a_job, abcdefghijklmnopqrstu");
  ASSERT_EQ(registry.jobs().size(), 3u);
  EXPECT_EQ(registry.jobs()[0]->name(), "b_job");
}

}  // namespace
}  // namespace huikuan::testing
