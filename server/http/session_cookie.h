// The web session cookie: the session's bearer secret, HttpOnly (script never reads it),
// SameSite=Strict (a cross-site request does not carry it), Path=/, Secure when the listener
// speaks TLS, and an expiry equal to the session's. The server turns it into
// `authorization: Bearer` for the in-process call; API clients send that header themselves.
#ifndef HUIKUAN_SERVER_HTTP_SESSION_COOKIE_H_
#define HUIKUAN_SERVER_HTTP_SESSION_COOKIE_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace huikuan::http {

inline constexpr char kSessionCookieName[] = "hk_session";

// The Set-Cookie value that stores `secret` until `expire_time`.
std::string SessionCookie(absl::string_view secret, absl::Time expire_time, absl::Time now,
                          bool secure);
// The Set-Cookie value that deletes the cookie (logout, or a session the server refused).
std::string ClearedSessionCookie(bool secure);
// The session secret in a Cookie request header, if any.
std::optional<std::string> SessionSecretFromCookieHeader(absl::string_view cookie_header);

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_SESSION_COOKIE_H_
