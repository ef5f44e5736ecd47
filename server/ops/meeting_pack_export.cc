#include "server/ops/meeting_pack_export.h"

#include "absl/strings/str_cat.h"
#include "server/core/status_macros.h"
#include "server/ops/meeting_pack.h"
#include "server/reports/pack_pdf.h"
#include "server/reports/pack_xlsx.h"

namespace huikuan::ops {

absl::StatusOr<ExportedFile> ExportMeetingPack(ReadScope& read, const std::string& month,
                                               const core::Period& period, PackFormat format,
                                               LedgerCache* cache) {
  HK_ASSIGN_OR_RETURN(reports::MeetingPack pack, BuildMeetingPack(read, month, period, cache));
  ExportedFile file;
  if (format == PackFormat::kXlsx) {
    file.filename = absl::StrCat("huikuan-meeting-", month, ".xlsx");
    file.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    HK_ASSIGN_OR_RETURN(file.content, reports::RenderPackXlsx(pack));
  } else {
    file.filename = absl::StrCat("huikuan-meeting-", month, ".pdf");
    file.content_type = "application/pdf";
    HK_ASSIGN_OR_RETURN(file.content, reports::RenderPackPdf(pack));
  }
  return file;
}

}  // namespace huikuan::ops
