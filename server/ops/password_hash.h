// Password hashing for people's logins: argon2id through libsodium's crypto_pwhash_str, with
// its "interactive" limits (2 passes over 64 MiB, about 0.1 s on this machine): slow enough to
// make a stolen hash expensive to guess, fast enough for a login. The hash string carries its
// own salt and parameters, so raising the limits later keeps old hashes verifiable.
// Thread-safe. Call these outside database transactions: they take tens of milliseconds.
#ifndef HUIKUAN_SERVER_OPS_PASSWORD_HASH_H_
#define HUIKUAN_SERVER_OPS_PASSWORD_HASH_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace huikuan::ops {

// The crypto_pwhash_str text (at most 128 bytes). RESOURCE_EXHAUSTED when libsodium cannot get
// the memory, INTERNAL when libsodium cannot start.
absl::StatusOr<std::string> HashPassword(absl::string_view password);

// True when `password` matches `hash`. False for a malformed hash.
bool VerifyPassword(absl::string_view hash, absl::string_view password);

// Spends the same time as VerifyPassword against a real hash, for unknown users, so the answer
// time does not tell whether a username exists.
void VerifyAgainstDummy(absl::string_view password);

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_PASSWORD_HASH_H_
