#include "server/http/session_cookie.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace huikuan::http {
namespace {

std::string Attributes(bool secure) {
  return absl::StrCat("; Path=/; HttpOnly; SameSite=Strict", secure ? "; Secure" : "");
}

}  // namespace

std::string SessionCookie(absl::string_view secret, absl::Time expire_time, absl::Time now,
                          bool secure) {
  // Rounded: the session was issued a few milliseconds before this runs.
  const int64_t max_age =
      std::max<int64_t>(0, std::llround(absl::ToDoubleSeconds(expire_time - now)));
  return absl::StrCat(kSessionCookieName, "=", secret, "; Max-Age=", max_age, Attributes(secure));
}

std::string ClearedSessionCookie(bool secure) {
  return absl::StrCat(kSessionCookieName, "=; Max-Age=0", Attributes(secure));
}

std::optional<std::string> SessionSecretFromCookieHeader(absl::string_view cookie_header) {
  for (absl::string_view pair : absl::StrSplit(cookie_header, ';')) {
    pair = absl::StripAsciiWhitespace(pair);
    absl::string_view value = pair;
    if (absl::ConsumePrefix(&value, kSessionCookieName) && absl::ConsumePrefix(&value, "=") &&
        !value.empty()) {
      return std::string(value);
    }
  }
  return std::nullopt;
}

}  // namespace huikuan::http
