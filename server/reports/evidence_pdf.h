// A customer's contact history as the evidence file a lawyer or a court asks for (seed 002 FAQ:
// 证据链, R-DUN-2; issue 14): A4 portrait, every contact oldest first with who, when, channel,
// outcome, content and note, the contact limits' verdict, the audit event that recorded it and
// the related events of its work item and outbox message (created, sent, failed, reassigned...),
// each with its link and SHA-256 in the audit hash chain ("huikuan-server audit verify" proves
// them).
// cairo + pango with Noto CJK, like pack_pdf.h. Plain values in: ops formats times and names.
#ifndef HUIKUAN_SERVER_REPORTS_EVIDENCE_PDF_H_
#define HUIKUAN_SERVER_REPORTS_EVIDENCE_PDF_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace huikuan::reports {

// An audit event of a resource the contact belongs to (its work item, its outbox message).
struct EvidenceEvent {
  // "workItems/5 · 2026-12-01 09:00:01 · system (system:job/dunning) · created (status open)"
  std::string summary;
  std::vector<std::string> reference;  // the event's id, method and request, chain link, hash
};

struct EvidenceContact {
  std::string name;  // "customers/7/contacts/31"
  std::string when;  // "2026-12-02 14:05:09 (Asia/Shanghai)"
  std::string who;   // "王敏 (finance_staff)", "system (system:job/outbox-sender)"
  std::string channel;
  std::string outcome;
  std::string content;
  std::string note;
  std::string related;             // "workItems/5, outboxMessages/9"
  std::string compliance;          // "flagged: ... reason: ..." / "reply to disputes/5" / ""
  std::vector<std::string> audit;  // one line per audit event
  std::vector<EvidenceEvent> related_events;  // oldest first
};

struct EvidenceFile {
  std::string company;
  std::string customer;  // "customers/7"
  std::string customer_name;
  std::string generated;                  // when and by whom
  std::vector<EvidenceContact> contacts;  // oldest first
};

// The document's bytes. INTERNAL when cairo fails.
absl::StatusOr<std::string> RenderEvidencePdf(const EvidenceFile& file);

}  // namespace huikuan::reports

#endif  // HUIKUAN_SERVER_REPORTS_EVIDENCE_PDF_H_
