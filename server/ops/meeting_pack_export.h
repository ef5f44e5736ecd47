// The month's meeting pack as a file a user opens (issue 11): XLSX or PDF, rendered by
// server/reports from the same pack GetMeetingPack returns.
#ifndef HUIKUAN_SERVER_OPS_MEETING_PACK_EXPORT_H_
#define HUIKUAN_SERVER_OPS_MEETING_PACK_EXPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "server/core/kpi.h"
#include "server/ops/report_ledger.h"
#include "server/ops/scopes.h"

namespace huikuan::ops {

enum class PackFormat : int8_t { kXlsx = 0, kPdf = 1 };

struct ExportedFile {
  std::string filename;  // "huikuan-meeting-2026-10.xlsx"
  std::string content_type;
  std::string content;
};

// As BuildMeetingPack, then rendered; INTERNAL when the renderer fails.
absl::StatusOr<ExportedFile> ExportMeetingPack(ReadScope& read, const std::string& month,
                                               const core::Period& period, PackFormat format,
                                               LedgerCache* cache = nullptr);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_MEETING_PACK_EXPORT_H_
