// Contact compliance in the monthly meeting pack and as evidence (issue 14): the contacts people
// made outside the contact limits in a month, with their reasons (a pack section and
// ComplianceService.ListFlaggedContacts), and a customer's complete contact history as the
// evidence file (reports/evidence_pdf.h) with each contact's audit event and hash-chain link.
#ifndef HUIKUAN_SERVER_OPS_COMPLIANCE_PACK_H_
#define HUIKUAN_SERVER_OPS_COMPLIANCE_PACK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/kpi.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"
#include "server/reports/report_types.h"
#include "server/store/compliance_store.h"

namespace huikuan::ops {

inline constexpr int kMaxFlaggedContacts = 1000;

// The flagged contacts of the period's days (company time) the caller may see, oldest first.
std::vector<store::FlaggedContactRow> ListFlaggedContacts(ReadScope& read,
                                                          const core::Period& period,
                                                          std::optional<int64_t> customer_id);

// The pack's section: the same rows, with names and times in words.
void AddFlaggedContacts(ReadScope& read, const ReportScope& scope, const core::Period& period,
                        reports::MeetingPack& pack);

struct EvidenceExport {
  std::string filename;
  std::string content;  // PDF bytes
  int32_t contacts = 0;
};
// NOT_FOUND naming `customer_name` outside the caller's scope.
absl::StatusOr<EvidenceExport> ExportContactEvidence(ReadScope& read, int64_t customer_id,
                                                     absl::string_view customer_name,
                                                     const std::string& company);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_COMPLIANCE_PACK_H_
