// Turns the `authorization: Bearer <secret>` metadata value into a Principal.
//
// UNAUTHENTICATED for a missing or malformed header and for an unknown, expired or revoked
// token (one message for the three, so a caller cannot probe which); UNAVAILABLE when the
// database is down. One indexed lookup per call: revocation takes effect on the next call.
#ifndef HUIKUAN_SERVER_SERVICE_AUTHENTICATOR_H_
#define HUIKUAN_SERVER_SERVICE_AUTHENTICATOR_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/service/principal.h"
#include "server/store/connection_pool.h"

namespace huikuan::service {

class Authenticator {
 public:
  explicit Authenticator(store::ConnectionPool& pool) : pool_(pool) {}

  absl::StatusOr<Principal> Authenticate(absl::string_view authorization_header);

  // The SHA-256 (hex) of the bearer secret in `authorization_header` (as tokens store it); empty
  // when the header holds no well-formed one.
  static std::string PresentedSecretSha256(absl::string_view authorization_header);

 private:
  store::ConnectionPool& pool_;
};

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_AUTHENTICATOR_H_
