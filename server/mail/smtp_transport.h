// Email over SMTP with libcurl: plain, STARTTLS (required or opportunistic) or implicit TLS
// (smtps), with optional login. The message is UTF-8 text with an encoded subject (RFC 2047) and a
// base64 body, so Chinese reaches any server intact. A 5xx reply (a refused recipient, a refused
// message) is permanent; a connection failure, a timeout, a 4xx reply or a refused login (our
// configuration, not the message) is temporary.
//
//   SmtpSettings settings{.host = "mail.example.com", .port = 587, .tls = SmtpTls::kStartTls,
//                         .from = "ar@example.com", .username = "ar", .password = "..."};
//   SmtpTransport smtp(settings);
//   MailDelivery d = smtp.Send({.to = "ap@customer.cn", .subject = "...", .body = "..."});
#ifndef HUIKUAN_SERVER_MAIL_SMTP_TRANSPORT_H_
#define HUIKUAN_SERVER_MAIL_SMTP_TRANSPORT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/mail/mail_transport.h"

namespace huikuan::mail {

enum class SmtpTls : int8_t {
  kNone = 0,      // plain text (a local relay or a test sink)
  kStartTls = 1,  // STARTTLS required
  kImplicit = 2,  // smtps: TLS from the first byte (port 465)
};
// "none", "starttls", "implicit"
std::optional<SmtpTls> ParseSmtpTls(absl::string_view name);

struct SmtpSettings {
  std::string host;
  int port = 25;
  SmtpTls tls = SmtpTls::kNone;
  std::string from;  // the envelope and header sender
  std::string from_name;
  std::string username;  // empty: no login
  std::string password;
  std::string ca_file;  // empty: the system's trust store
  absl::Duration timeout = absl::Seconds(30);
};
// INVALID_ARGUMENT naming the setting: no host, a port outside 1-65535, no from address, a
// password without a user name.
absl::Status ValidateSmtpSettings(const SmtpSettings& settings);

// The message as sent (headers and base64 body, CRLF line ends): for tests and the log.
std::string FormatMailMessage(const SmtpSettings& settings, const MailMessage& message,
                              absl::Time date);

class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(SmtpSettings settings);
  MailDelivery Send(const MailMessage& message) override;

 private:
  SmtpSettings settings_;
};

}  // namespace huikuan::mail

#endif  // HUIKUAN_SERVER_MAIL_SMTP_TRANSPORT_H_
