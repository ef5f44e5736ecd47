// How an email leaves huikuan: one message to one recipient, and what the mail server said. The
// outbox sender (outbox_sender.h) uses it; smtp_transport.h delivers over SMTP with libcurl.
#ifndef HUIKUAN_SERVER_MAIL_MAIL_TRANSPORT_H_
#define HUIKUAN_SERVER_MAIL_MAIL_TRANSPORT_H_

#include <string>

#include "server/core/outbox.h"

namespace huikuan::mail {

struct MailMessage {
  std::string to;       // one address
  std::string subject;  // UTF-8
  std::string body;     // UTF-8 plain text
  // A unique id for the Message-ID header, so the customer's replies and the mail server's logs
  // point back to the outbox row ("outboxMessages/7").
  std::string reference;
};

struct MailDelivery {
  core::DeliveryResult result = core::DeliveryResult::kDelivered;
  std::string detail;  // the server's reply or the connection error, for the outbox and the log
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // Thread-compatible: the sender calls it from one thread.
  virtual MailDelivery Send(const MailMessage& message) = 0;
};

}  // namespace huikuan::mail

#endif  // HUIKUAN_SERVER_MAIL_MAIL_TRANSPORT_H_
