// Bearer token secrets: 256 random bits, shown once as "hk_<base64url>", stored only as SHA-256.
#ifndef HUIKUAN_SERVER_OPS_TOKEN_SECRET_H_
#define HUIKUAN_SERVER_OPS_TOKEN_SECRET_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::ops {

// A new secret from the OS CSPRNG (OpenSSL RAND_bytes). INTERNAL if the RNG fails.
absl::StatusOr<std::string> NewTokenSecret();

// Lowercase hex SHA-256 of `data`: how secrets and request fingerprints are stored.
std::string Sha256Hex(absl::string_view data);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_TOKEN_SECRET_H_
