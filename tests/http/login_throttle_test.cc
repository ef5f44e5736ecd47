// LoginThrottle with a clock of its own: limits per user and per address, the window sliding,
// success clearing the user's count, and memory staying bounded.
#include "server/service/login_throttle.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace huikuan::service {
namespace {

const absl::Time kStart = absl::FromUnixSeconds(1800000000);

TEST(LoginThrottleTest, FifthFailureOfAUserBlocksForTheWindow) {
  LoginThrottle throttle;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(throttle.Check("alice", "10.0.0.1", kStart + absl::Minutes(i)).ok()) << i;
    throttle.RecordFailure("alice", "10.0.0.1", kStart + absl::Minutes(i));
  }
  absl::Status blocked = throttle.Check("Alice", "10.0.0.2", kStart + absl::Minutes(5));
  EXPECT_EQ(blocked.code(), absl::StatusCode::kResourceExhausted);
  // The first failure (minute 0) leaves the 15-minute window at minute 15.
  EXPECT_TRUE(absl::StrContains(blocked.message(), "try again in 10 minutes")) << blocked;
  EXPECT_EQ(throttle.Check("alice", "", kStart + absl::Minutes(15) - absl::Seconds(1)).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(throttle.Check("alice", "", kStart + absl::Minutes(15)).ok());
  EXPECT_TRUE(throttle.Check("bob", "10.0.0.1", kStart + absl::Minutes(5)).ok());
}

TEST(LoginThrottleTest, TwentyFailuresFromOneAddressBlockEveryUserThere) {
  LoginThrottle throttle;
  for (int i = 0; i < 20; ++i) {
    throttle.RecordFailure(absl::StrCat("user", i), "192.0.2.9", kStart);
  }
  EXPECT_EQ(throttle.Check("someone", "192.0.2.9", kStart).code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(throttle.Check("someone", "192.0.2.10", kStart).ok());
}

TEST(LoginThrottleTest, SuccessClearsTheUserButNotTheAddress) {
  LoginThrottle throttle(
      LoginThrottleConfig{.max_failures_per_user = 2, .max_failures_per_address = 3});
  throttle.RecordFailure("carol", "198.51.100.1", kStart);
  throttle.RecordFailure("carol", "198.51.100.1", kStart);
  EXPECT_FALSE(throttle.Check("carol", "", kStart).ok());
  throttle.RecordSuccess("carol");
  EXPECT_TRUE(throttle.Check("carol", "", kStart).ok());
  throttle.RecordFailure("dave", "198.51.100.1", kStart);
  EXPECT_FALSE(throttle.Check("erin", "198.51.100.1", kStart).ok());
}

TEST(LoginThrottleTest, TrackedKeysStayBounded) {
  LoginThrottle throttle(LoginThrottleConfig{.max_failures_per_user = 1, .max_tracked_keys = 10});
  for (int i = 0; i < 100; ++i) {
    throttle.RecordFailure(absl::StrCat("u", i), "", kStart + absl::Seconds(i));
  }
  // The newest ten are still counted; the stalest were dropped to make room.
  EXPECT_FALSE(throttle.Check("u99", "", kStart + absl::Seconds(100)).ok());
  EXPECT_TRUE(throttle.Check("u0", "", kStart + absl::Seconds(100)).ok());
}

}  // namespace
}  // namespace huikuan::service
