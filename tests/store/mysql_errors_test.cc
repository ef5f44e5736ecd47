#include "server/store/mysql_errors.h"

#include <cppconn/exception.h>

#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace huikuan::store {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The message a driver would carry: statement text and data that must never reach a client.
constexpr char kLeaky[] = "Duplicate entry 'secret@example.com' for key 'users_email'";

TEST(FromSqlExceptionTest, DuplicateKeyIsAlreadyExists) {
  absl::Status status = FromSqlException(sql::SQLException(kLeaky, "23000", 1062));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(std::string(status.message()), HasSubstr("1062"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("secret")));
}

TEST(FromSqlExceptionTest, RetryableConflictsAreAborted) {
  for (int code : {1213, 1205, 1020}) {
    absl::Status status = FromSqlException(sql::SQLException(kLeaky, "40001", code));
    EXPECT_EQ(status.code(), absl::StatusCode::kAborted) << code;
    EXPECT_THAT(std::string(status.message()), Not(HasSubstr("secret"))) << code;
  }
}

TEST(FromSqlExceptionTest, LostConnectionIsUnavailable) {
  for (int code : {2002, 2003, 2006, 2013, 2055, 1927, 1053, 2030, 2056}) {
    sql::SQLException e(kLeaky, "HY000", code);
    EXPECT_EQ(FromSqlException(e).code(), absl::StatusCode::kUnavailable) << code;
    EXPECT_TRUE(IsConnectionLost(e)) << code;
  }
  sql::SQLException state08("Communication link failure", "08S01", 1234);
  EXPECT_EQ(FromSqlException(state08).code(), absl::StatusCode::kUnavailable);
  EXPECT_TRUE(IsConnectionLost(state08));
}

// A Galera node outside the primary component answers every statement with 1047 (SQLSTATE 08S01
// from MariaDB; the number alone decides, whatever the state says): retry the call, and on another
// connection, which a load balancer can send to a node that is ready.
TEST(FromSqlExceptionTest, GaleraNodeNotReadyIsUnavailable) {
  for (const char* state : {"08S01", "HY000"}) {
    sql::SQLException e("WSREP has not yet prepared node for application use", state, 1047);
    absl::Status status = FromSqlException(e);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << state;
    EXPECT_THAT(std::string(status.message()), HasSubstr("1047")) << state;
    EXPECT_THAT(std::string(status.message()), Not(HasSubstr("WSREP"))) << state;
    EXPECT_TRUE(IsConnectionLost(e)) << state;
    EXPECT_FALSE(IsRetryableConflict(status)) << state;
  }
}

TEST(FromSqlExceptionTest, OthersAreInternalWithNumberOnly) {
  absl::Status status = FromSqlException(sql::SQLException(
      "You have an error in your SQL syntax near 'SELEC secret FROM t'", "42000", 1064));
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr("1064"));
  EXPECT_THAT(std::string(status.message()), Not(HasSubstr("secret")));
  EXPECT_FALSE(IsConnectionLost(sql::SQLException("x", "42000", 1064)));
  EXPECT_FALSE(IsConnectionLost(sql::SQLException(kLeaky, "23000", 1062)));
}

}  // namespace
}  // namespace huikuan::store
