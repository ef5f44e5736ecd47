#include "server/core/department.h"

#include "server/core/enum_names.h"

namespace huikuan::core {

absl::string_view DepartmentName(Department department) {
  switch (department) {
    case Department::kSales:
      return "sales";
    case Department::kFinance:
      return "finance";
    case Department::kLegal:
      return "legal";
    case Department::kInvestment:
      return "investment";
    case Department::kManagement:
      return "management";
  }
  return "unknown";
}

absl::string_view ChannelName(Channel channel) {
  switch (channel) {
    case Channel::kPhoneOrWeChat:
      return "phone_or_wechat";
    case Channel::kEmail:
      return "email";
    case Channel::kSms:
      return "sms";
    case Channel::kPhone:
      return "phone";
    case Channel::kLetter:
      return "letter";
    case Channel::kVisit:
      return "visit";
    case Channel::kCourt:
      return "court";
    case Channel::kNotice:
      return "notice";
  }
  return "unknown";
}

std::optional<Department> ParseDepartment(absl::string_view name) {
  return ParseEnumName<Department, kDepartmentCount>(name, DepartmentName);
}

std::optional<Channel> ParseChannel(absl::string_view name) {
  return ParseEnumName<Channel, kChannelCount>(name, ChannelName);
}

}  // namespace huikuan::core
