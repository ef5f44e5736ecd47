// Conversions of contact compliance's records (ops/compliance.h) to huikuan.v1 messages.
#ifndef HUIKUAN_SERVER_SERVICE_COMPLIANCE_CONVERT_H_
#define HUIKUAN_SERVER_SERVICE_COMPLIANCE_CONVERT_H_

#include <vector>

#include "huikuan/v1/compliance_service.pb.h"
#include "huikuan/v1/worklist_service.pb.h"
#include "server/store/compliance_store.h"

namespace huikuan::service {

v1::ComplianceSettings ComplianceSettingsToProto(const store::ComplianceSettingsRecord& record);
v1::MessageTemplate MessageTemplateToProto(const store::MessageTemplateRecord& record, bool in_use);
v1::FlaggedContact FlaggedContactToProto(const store::FlaggedContactRow& row);
// Fills the contact's compliance fields from the record of the same contact, if any.
void AddContactCompliance(const std::vector<store::ContactComplianceRecord>& records,
                          v1::Contact& contact);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_COMPLIANCE_CONVERT_H_
