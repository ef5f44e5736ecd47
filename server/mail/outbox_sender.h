// The email sender (issue 9): a thread in `huikuan-server serve` that delivers the outbox's due
// emails through a MailTransport. Each round claims a batch in one short transaction (the claim is
// a row: claim_owner and claim_expires, so several replicas never send a claimed message twice and
// a crashed replica's claim runs out), sends each message outside any transaction, and records
// each attempt in its own transaction: sent (a contact, the item done), retried later with a
// backoff, or failed. Nothing is marked sent that the mail server did not accept.
//
//   OutboxSender sender(pool, transport, ops::SystemClock(), SenderOptions());
//   sender.Start();   // ... sender.Stop();
//   // or, in a test or the command line: SenderRound round = sender.DeliverOnce();
#ifndef HUIKUAN_SERVER_MAIL_OUTBOX_SENDER_H_
#define HUIKUAN_SERVER_MAIL_OUTBOX_SENDER_H_

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "server/mail/mail_transport.h"
#include "server/ops/clock.h"
#include "server/store/connection_pool.h"

namespace huikuan::mail {

struct SenderOptions {
  absl::Duration poll_interval = absl::Seconds(15);
  int batch_size = 20;
  // How long a claimed message stays this sender's: longer than a batch takes to send.
  absl::Duration claim_for = absl::Minutes(10);
  // This sender in claim_owner (a sequence number is added per claim); empty: host and pid.
  std::string owner;
};

struct SenderRound {
  int claimed = 0;
  int sent = 0;
  int retried = 0;
  int failed = 0;
  int lost = 0;  // claims that expired and were taken over before the attempt was recorded
};

class OutboxSender {
 public:
  // `pool`, `transport` and `clock` must outlive the sender.
  OutboxSender(store::ConnectionPool& pool, MailTransport& transport, const ops::Clock& clock,
               SenderOptions options = SenderOptions());
  ~OutboxSender();  // stops the thread

  // One round: claim, send, record. Errors are the database's (the round stops there; claimed
  // messages not recorded are claimed again when their claim runs out).
  absl::StatusOr<SenderRound> DeliverOnce();

  // A background thread running rounds every poll_interval (at once again while batches are full).
  void Start();
  void Stop();

 private:
  void Loop();

  store::ConnectionPool& pool_;
  MailTransport& transport_;
  const ops::Clock& clock_;
  SenderOptions options_;
  std::atomic<int64_t> claims_{0};
  absl::Mutex mutex_;
  absl::Notification* stop_ ABSL_GUARDED_BY(mutex_) = nullptr;
  std::thread thread_;
};

}  // namespace huikuan::mail

#endif  // HUIKUAN_SERVER_MAIL_OUTBOX_SENDER_H_
