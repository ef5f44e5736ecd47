#include "server/mail/outbox_sender.h"

#include <unistd.h>

#include <iostream>

#include "absl/strings/str_cat.h"
#include "server/ops/caller.h"
#include "server/ops/outbox.h"
#include "server/ops/scopes.h"
#include "server/store/transaction.h"

namespace huikuan::mail {
namespace {

constexpr absl::string_view kMethod = "mail/outbox-sender";

std::string DefaultOwner() {
  char host[256] = {0};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat("sender:", host, ":", getpid());
}

}  // namespace

OutboxSender::OutboxSender(store::ConnectionPool& pool, MailTransport& transport,
                           const ops::Clock& clock, SenderOptions options)
    : pool_(pool), transport_(transport), clock_(clock), options_(std::move(options)) {
  if (options_.owner.empty()) options_.owner = DefaultOwner();
}

OutboxSender::~OutboxSender() { Stop(); }

absl::StatusOr<SenderRound> OutboxSender::DeliverOnce() {
  static const ops::Caller caller = ops::Caller::System("outbox-sender");
  const std::string owner = absl::StrCat(options_.owner, "#", ++claims_);
  std::vector<store::OutboxRecord> claimed;
  absl::Status claim = store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) {
    return ops::RunWrite(db, caller, kMethod, owner, clock_.Now(), [&](ops::WriteScope& write) {
      claimed = ops::ClaimDueEmails(write, owner, options_.claim_for, options_.batch_size);
      return absl::OkStatus();
    });
  });
  if (!claim.ok()) return claim;
  SenderRound round;
  round.claimed = static_cast<int>(claimed.size());
  for (store::OutboxRecord& message : claimed) {
    const MailDelivery delivery = transport_.Send(
        {message.recipient, message.subject, message.body, ops::OutboxMessageName(message.id)});
    absl::StatusOr<store::OutboxRecord> recorded;
    absl::Status write = store::RunInTransaction(pool_, [&](store::ConnectionPool::Lease& db) {
      return ops::RunWrite(db, caller, kMethod, owner, clock_.Now(), [&](ops::WriteScope& scope) {
        recorded = ops::FinishEmailAttempt(scope, message, owner, delivery.result, delivery.detail);
        // A lost claim is an outcome of the round, not an error of the transaction.
        return recorded.ok() || absl::IsFailedPrecondition(recorded.status()) ? absl::OkStatus()
                                                                              : recorded.status();
      });
    });
    if (!write.ok()) return write;
    if (!recorded.ok()) {
      ++round.lost;
      continue;
    }
    switch (recorded->status) {
      case core::OutboxStatus::kSent:
        ++round.sent;
        break;
      case core::OutboxStatus::kPending:
        ++round.retried;
        break;
      default:
        ++round.failed;
        break;
    }
  }
  return round;
}

void OutboxSender::Start() {
  absl::MutexLock lock(&mutex_);
  if (stop_ != nullptr) return;
  stop_ = new absl::Notification;
  thread_ = std::thread([this] { Loop(); });
}

void OutboxSender::Stop() {
  absl::Notification* stop;
  {
    absl::MutexLock lock(&mutex_);
    stop = stop_;
  }
  if (stop == nullptr) return;
  stop->Notify();
  if (thread_.joinable()) thread_.join();
  absl::MutexLock lock(&mutex_);
  delete stop_;
  stop_ = nullptr;
}

void OutboxSender::Loop() {
  absl::Notification* stop;
  {
    absl::MutexLock lock(&mutex_);
    stop = stop_;
  }
  while (!stop->HasBeenNotified()) {
    absl::StatusOr<SenderRound> round = DeliverOnce();
    if (!round.ok()) {
      std::cerr << "huikuan-server: outbox sender: " << round.status() << "\n";
    } else if (round->claimed > 0) {
      std::cerr << "huikuan-server: outbox sender: " << round->sent << " sent, " << round->retried
                << " to retry, " << round->failed << " failed, " << round->lost << " lost\n";
      if (round->claimed == options_.batch_size) continue;  // more are waiting
    }
    stop->WaitForNotificationWithTimeout(options_.poll_interval);
  }
}

}  // namespace huikuan::mail
