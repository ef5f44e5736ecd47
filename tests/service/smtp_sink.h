// A real SMTP server for the tests (tests/support/smtp_sink.py, python3-aiosmtpd) and a reader of
// what it accepted. Used by worklist_test.cc and compliance_test.cc. Needs HUIKUAN_SOURCE_DIR.
#ifndef HUIKUAN_TESTS_SERVICE_SMTP_SINK_H_
#define HUIKUAN_TESTS_SERVICE_SMTP_SINK_H_

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace huikuan::testing {

// A real SMTP server on loopback (tests/support/smtp_sink.py) writing what it accepts to a
// directory.
class SmtpSink {
 public:
  SmtpSink() {
    dir_ = std::filesystem::temp_directory_path() /
           absl::StrCat("huikuan-smtp-", getpid(), "-", absl::ToUnixMicros(absl::Now()));
    std::filesystem::create_directories(dir_);
    port_ = FreePort();
    int out[2];
    if (pipe(out) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      const std::string script = std::string(HUIKUAN_SOURCE_DIR) + "/tests/support/smtp_sink.py";
      const std::string port = std::to_string(port_);
      execl("/usr/bin/python3", "python3", script.c_str(), "--port", port.c_str(), "--dir",
            dir_.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    // The read end stays open while the sink lives: closing it would kill the sink with SIGPIPE.
    ready_out_ = out[0];
    std::string said;
    char buffer[64];
    while (!absl::StrContains(said, "\n")) {
      const ssize_t n = read(ready_out_, buffer, sizeof(buffer));
      if (n <= 0) break;
      said.append(buffer, n);
    }
    ready_ = absl::StartsWith(said, "ready");
  }
  ~SmtpSink() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    if (ready_out_ >= 0) close(ready_out_);
    std::filesystem::remove_all(dir_);
  }
  bool ready() const { return ready_; }
  int port() const { return port_; }
  // The raw messages accepted, in order.
  std::vector<std::string> Messages() const {
    std::vector<std::string> messages;
    for (int n = 1;; ++n) {
      std::ifstream file(dir_ / absl::StrCat(n, ".eml"), std::ios::binary);
      if (!file) return messages;
      std::stringstream content;
      content << file.rdbuf();
      messages.push_back(content.str());
    }
  }

 private:
  static int FreePort() {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    socklen_t length = sizeof(address);
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
  }

  std::filesystem::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  int ready_out_ = -1;
  bool ready_ = false;
};

// The Subject header of a raw message, decoded from RFC 2047 base64 when encoded.
inline std::string DecodedSubject(const std::string& raw) {
  const size_t start = raw.find("Subject: ");
  if (start == std::string::npos) return "";
  std::string subject = raw.substr(start + 9, raw.find("\r\n", start) - start - 9);
  if (!absl::StartsWith(subject, "=?UTF-8?B?") || !absl::EndsWith(subject, "?=")) return subject;
  std::string decoded;
  absl::Base64Unescape(subject.substr(10, subject.size() - 12), &decoded);
  return decoded;
}

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_SERVICE_SMTP_SINK_H_
