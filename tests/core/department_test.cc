#include "server/core/department.h"

#include "gtest/gtest.h"

namespace huikuan::core {
namespace {

TEST(DepartmentTest, StableNames) {
  EXPECT_EQ(DepartmentName(Department::kSales), "sales");
  EXPECT_EQ(DepartmentName(Department::kFinance), "finance");
  EXPECT_EQ(DepartmentName(Department::kLegal), "legal");
  EXPECT_EQ(DepartmentName(Department::kInvestment), "investment");
  EXPECT_EQ(DepartmentName(Department::kManagement), "management");
  EXPECT_EQ(DepartmentName(static_cast<Department>(42)), "unknown");
  EXPECT_EQ(ChannelName(Channel::kPhoneOrWeChat), "phone_or_wechat");
  EXPECT_EQ(ChannelName(Channel::kCourt), "court");
  EXPECT_EQ(ChannelName(Channel::kNotice), "notice");
}

}  // namespace
}  // namespace huikuan::core
