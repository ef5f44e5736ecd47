#include "server/mail/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "server/core/violations.h"

namespace huikuan::mail {
namespace {

// "=?UTF-8?B?...?=" when the text is not plain ASCII (RFC 2047), else the text itself.
std::string EncodeHeaderWord(absl::string_view text) {
  const bool ascii = std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7F;
  });
  if (ascii) return std::string(text);
  return absl::StrCat("=?UTF-8?B?", absl::Base64Escape(text), "?=");
}

std::string WrapBase64(absl::string_view data) {
  const std::string encoded = absl::Base64Escape(data);
  std::string wrapped;
  for (size_t i = 0; i < encoded.size(); i += 76) {
    absl::StrAppend(&wrapped, encoded.substr(i, 76), "\r\n");
  }
  return wrapped;
}

absl::string_view DomainOf(absl::string_view address) {
  const size_t at = address.rfind('@');
  return at == absl::string_view::npos ? "huikuan.invalid" : address.substr(at + 1);
}

struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data->size() - upload->offset);
  std::memcpy(buffer, upload->data->data() + upload->offset, n);
  upload->offset += n;
  return n;
}

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// An address the SMTP commands can carry: no line breaks or angle brackets.
bool IsPlainAddress(absl::string_view address) {
  return !address.empty() && address.find_first_of("\r\n<>") == absl::string_view::npos &&
         address.find('@') != absl::string_view::npos;
}

}  // namespace

std::optional<SmtpTls> ParseSmtpTls(absl::string_view name) {
  if (name == "none") return SmtpTls::kNone;
  if (name == "starttls") return SmtpTls::kStartTls;
  if (name == "implicit") return SmtpTls::kImplicit;
  return std::nullopt;
}

absl::Status ValidateSmtpSettings(const SmtpSettings& settings) {
  if (settings.host.empty()) return core::FieldViolation("smtp_host", "is required");
  if (settings.port < 1 || settings.port > 65535) {
    return core::FieldViolation("smtp_port", absl::StrCat(settings.port, " is not 1-65535"));
  }
  if (!IsPlainAddress(settings.from)) {
    return core::FieldViolation("smtp_from", "must be an email address");
  }
  if (!settings.password.empty() && settings.username.empty()) {
    return core::FieldViolation("smtp_user", "is required with a password");
  }
  return absl::OkStatus();
}

std::string FormatMailMessage(const SmtpSettings& settings, const MailMessage& message,
                              absl::Time date) {
  const std::string from =
      settings.from_name.empty()
          ? settings.from
          : absl::StrCat(EncodeHeaderWord(settings.from_name), " <", settings.from, ">");
  // Line breaks in the subject would start new headers.
  const std::string subject = absl::StrReplaceAll(message.subject, {{"\r", " "}, {"\n", " "}});
  const std::string body =
      absl::StrReplaceAll(absl::StrReplaceAll(message.body, {{"\r\n", "\n"}}), {{"\n", "\r\n"}});
  const std::string id = absl::StrReplaceAll(message.reference, {{"/", "."}});
  return absl::StrCat(
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", date, absl::UTCTimeZone()),
      "\r\nFrom: ", from, "\r\nTo: <", message.to, ">\r\nSubject: ", EncodeHeaderWord(subject),
      "\r\nMessage-ID: <huikuan.", id.empty() ? "message" : id, ".", absl::ToUnixMicros(date), "@",
      DomainOf(settings.from),
      ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n",
      WrapBase64(body));
}

SmtpTransport::SmtpTransport(SmtpSettings settings) : settings_(std::move(settings)) {
  InitCurlOnce();
}

MailDelivery SmtpTransport::Send(const MailMessage& message) {
  if (!IsPlainAddress(message.to)) {
    return {core::DeliveryResult::kPermanentError,
            absl::StrCat("\"", message.to, "\" is not an email address")};
  }
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return {core::DeliveryResult::kTemporaryError, "curl_easy_init failed"};
  const std::string url = absl::StrCat(settings_.tls == SmtpTls::kImplicit ? "smtps://" : "smtp://",
                                       settings_.host, ":", settings_.port);
  const std::string mail_from = absl::StrCat("<", settings_.from, ">");
  const std::string rcpt = absl::StrCat("<", message.to, ">");
  curl_slist* recipients = curl_slist_append(nullptr, rcpt.c_str());
  const std::string payload = FormatMailMessage(settings_, message, absl::Now());
  Upload upload{&payload};
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(settings_.timeout)));
  if (settings_.tls == SmtpTls::kStartTls) curl_easy_setopt(curl, CURLOPT_USE_SSL, CURLUSESSL_ALL);
  if (!settings_.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (code == CURLE_OK) {
    return {core::DeliveryResult::kDelivered,
            absl::StrCat("accepted by ", settings_.host, " (", reply, ")")};
  }
  const std::string detail = absl::StrCat(error[0] != '\0' ? error : curl_easy_strerror(code),
                                          reply != 0 ? absl::StrCat(" (SMTP ", reply, ")") : "");
  // A 5xx reply is the server's final word on this message or recipient, except a refused login
  // (530-539): that is our configuration, and the message goes once it is fixed.
  if (reply >= 500 && reply < 600 && !(reply >= 530 && reply < 540)) {
    return {core::DeliveryResult::kPermanentError, detail};
  }
  return {core::DeliveryResult::kTemporaryError, detail};
}

}  // namespace huikuan::mail
