#include "server/ops/audit_verify.h"

#include <openssl/sha.h>

#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/store/audit_chain.h"
#include "server/store/transaction.h"

namespace huikuan::ops {
namespace {

constexpr int kPage = 1000;

std::string Sha256Hex(absl::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), SHA256_DIGEST_LENGTH));
}

std::string Chain(core::EpochDay day, uint32_t shard) {
  return absl::StrCat("chain ", core::FormatDate(day), "/", shard);
}

class Problems {
 public:
  explicit Problems(AuditVerifyReport& report) : report_(report) {}
  void Add(int64_t event_id, std::string what) {
    if (static_cast<int>(report_.problems.size()) >= kMaxAuditProblems) {
      report_.truncated = true;
      return;
    }
    report_.problems.push_back({event_id, std::move(what)});
  }

 private:
  AuditVerifyReport& report_;
};

absl::Status VerifyUnchained(store::ConnectionPool& pool, AuditVerifyReport& report,
                             Problems& problems) {
  return store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
    std::optional<store::AuditChainStart> start = store::ReadAuditChainStart(db);
    if (!start.has_value()) {
      return absl::FailedPreconditionError(
          "audit_chain_start is empty: migration 0522 did not record the start of the chains");
    }
    report.legacy_events = start->legacy_events;
    report.legacy_max_id = start->legacy_max_id;
    const store::UnchainedAuditEvents unchained =
        store::CountUnchainedAuditEvents(db, start->legacy_max_id);
    if (unchained.legacy_count < start->legacy_events) {
      problems.Add(0,
                   absl::StrCat(start->legacy_events - unchained.legacy_count, " of the ",
                                start->legacy_events, " events from before the chains (ids up to ",
                                start->legacy_max_id, ") are gone"));
    } else if (unchained.legacy_count > start->legacy_events) {
      problems.Add(0, absl::StrCat(unchained.legacy_count - start->legacy_events,
                                   " unchained event(s) with ids up to ", start->legacy_max_id,
                                   " were added after the chains started (", start->legacy_events,
                                   " were recorded)"));
    }
    if (unchained.first_id_after_start != 0) {
      problems.Add(unchained.first_id_after_start,
                   absl::StrCat("event ", unchained.first_id_after_start,
                                " has no chain link: written behind the server's back (or by a "
                                "binary older than migration 0520)"));
    }
    return absl::OkStatus();
  });
}

// One day's chains, in one transaction (one snapshot: heads and links agree).
absl::Status VerifyDay(store::ConnectionPool& pool, core::EpochDay day, AuditVerifyReport& report,
                       Problems& problems) {
  return store::RunInTransaction(pool, [&](store::ConnectionPool::Lease& db) -> absl::Status {
    const std::vector<store::AuditChainHead> heads = store::ListAuditChainHeads(db, day);
    absl::flat_hash_map<uint32_t, const store::AuditChainHead*> head_of;
    std::string head_lines;
    for (const store::AuditChainHead& head : heads) {
      head_of[head.shard] = &head;
      absl::StrAppend(&head_lines, head.shard, ":", head.last_seq, ":", head.last_hash, "\n");
    }
    AuditDayDigest summary;
    summary.day = day;
    summary.chains = static_cast<int>(heads.size());
    summary.digest = Sha256Hex(head_lines);

    absl::flat_hash_map<uint32_t, bool> seen;
    bool in_chain = false;
    uint32_t shard = 0;
    int64_t expected_seq = 1;
    int64_t last_id = 0;
    std::string previous;
    // A chain's end must be where its head says.
    auto finish = [&]() {
      if (!in_chain) return;
      seen[shard] = true;
      auto it = head_of.find(shard);
      if (it == head_of.end()) {
        problems.Add(last_id, absl::StrCat(Chain(day, shard),
                                           ": no head row; its last link is "
                                           "event ",
                                           last_id, " (link ", expected_seq - 1, ")"));
        return;
      }
      const store::AuditChainHead& head = *it->second;
      if (head.last_seq != expected_seq - 1 || head.last_hash != previous) {
        problems.Add(0, absl::StrCat(Chain(day, shard), ": ends at link ", expected_seq - 1,
                                     " (event ", last_id, ") but its head records link ",
                                     head.last_seq, " with hash ", head.last_hash.substr(0, 16),
                                     "...: the newest link(s) were removed or the head changed"));
      }
    };

    uint32_t after_shard = 0;
    int64_t after_seq = 0;
    for (;;) {
      std::vector<store::ChainedAuditEvent> page =
          store::ReadAuditChainPage(db, day, after_shard, after_seq, kPage);
      for (const store::ChainedAuditEvent& link : page) {
        if (!in_chain || link.link.shard != shard) {
          finish();
          in_chain = true;
          shard = link.link.shard;
          expected_seq = 1;
          last_id = 0;
          previous = std::string(store::kAuditChainGenesis);
        }
        ++summary.events;
        const std::string where =
            absl::StrCat("event ", link.event.id, " (", Chain(day, shard), " link ", link.link.seq,
                         ", ", link.event.method, " on ", link.event.resource, ")");
        if (link.link.seq != expected_seq) {
          problems.Add(link.event.id,
                       absl::StrCat(where, ": link ", expected_seq, " expected here; link(s) ",
                                    expected_seq, "..", link.link.seq - 1, " were removed"));
        } else {
          const std::string recomputed = store::AuditLinkHash(previous, link.link, link.event);
          if (recomputed != link.chain_hash) {
            problems.Add(link.event.id,
                         absl::StrCat(where, ": content or hash changed (stored ",
                                      link.chain_hash.substr(0, 16), "..., recomputed ",
                                      recomputed.substr(0, 16), "...)"));
          }
        }
        // Go on from the stored hash, so one changed event is reported once, not for the whole
        // rest of its chain.
        previous = link.chain_hash;
        expected_seq = link.link.seq + 1;
        last_id = link.event.id;
      }
      if (static_cast<int>(page.size()) < kPage) break;
      after_shard = page.back().link.shard;
      after_seq = page.back().link.seq;
    }
    finish();
    for (const store::AuditChainHead& head : heads) {
      if (!seen.contains(head.shard)) {
        problems.Add(0, absl::StrCat(Chain(day, head.shard), ": its head records ", head.last_seq,
                                     " link(s) but none is left"));
      }
    }
    report.events_verified += summary.events;
    report.days.push_back(std::move(summary));
    return absl::OkStatus();
  });
}

}  // namespace

absl::StatusOr<AuditVerifyReport> VerifyAuditChains(store::ConnectionPool& pool,
                                                    std::optional<core::EpochDay> day) {
  AuditVerifyReport report;
  Problems problems(report);
  if (absl::Status status = VerifyUnchained(pool, report, problems); !status.ok()) return status;
  std::vector<core::EpochDay> days;
  if (day.has_value()) {
    days.push_back(*day);
  } else {
    absl::StatusOr<std::vector<core::EpochDay>> listed =
        store::RunInTransaction<std::vector<core::EpochDay>>(
            pool,
            [](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::vector<core::EpochDay>> {
              return store::ListAuditChainDays(db);
            });
    if (!listed.ok()) return listed.status();
    days = *std::move(listed);
  }
  for (core::EpochDay d : days) {
    if (absl::Status status = VerifyDay(pool, d, report, problems); !status.ok()) return status;
  }
  return report;
}

std::string FormatAuditVerifyReport(const AuditVerifyReport& report) {
  std::string out;
  for (const AuditDayDigest& day : report.days) {
    absl::StrAppend(&out, "day ", core::FormatDate(day.day), ": ", day.chains, " chain(s), ",
                    day.events, " event(s), digest ", day.digest, "\n");
  }
  absl::StrAppend(&out, "verified ", report.events_verified, " chained event(s) on ",
                  report.days.size(), " day(s); ", report.legacy_events,
                  " event(s) from before the chains (ids up to ", report.legacy_max_id,
                  ") counted, their content not provable\n");
  if (report.problems.empty()) {
    absl::StrAppend(&out, "audit trail OK\n");
    return out;
  }
  absl::StrAppend(&out, "AUDIT TRAIL BROKEN: ", report.problems.size(), report.truncated ? "+" : "",
                  " problem(s); the first:\n");
  for (size_t i = 0; i < report.problems.size(); ++i) {
    absl::StrAppend(&out, i == 0 ? "  " : "  then: ", report.problems[i].what, "\n");
  }
  return out;
}

}  // namespace huikuan::ops
