#include "server/ops/password_hash.h"

#include <sodium.h>

#include "absl/status/status.h"

namespace huikuan::ops {
namespace {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

absl::StatusOr<std::string> HashPassword(absl::string_view password) {
  if (!SodiumReady()) return absl::InternalError("libsodium failed to initialise");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return absl::ResourceExhaustedError("not enough memory to hash the password; try again");
  }
  return std::string(hash);
}

bool VerifyPassword(absl::string_view hash, absl::string_view password) {
  if (!SodiumReady() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  // crypto_pwhash_str_verify wants a NUL-terminated string.
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void VerifyAgainstDummy(absl::string_view password) {
  static const std::string dummy = [] {
    absl::StatusOr<std::string> hash = HashPassword("not a password of anyone");
    return hash.ok() ? *hash : std::string();
  }();
  (void)VerifyPassword(dummy, password);
}

}  // namespace huikuan::ops
