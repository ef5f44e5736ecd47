// One Connect unary call over HTTP: POST /huikuan.v1.<Service>/<Method> with a JSON or binary
// protobuf body, answered by the in-process gRPC call (see in_process_rpc.h).
//
// Credentials: an `Authorization: Bearer` header (API clients) is passed on as is; otherwise the
// session cookie becomes that header. CSRF: a call without an Authorization header (the cookie's,
// and Login, which sets it) must carry `Connect-Protocol-Version: 1`, a header a cross-site form
// or a simple cross-site fetch cannot send, and a content type a form cannot have
// (application/json or application/proto; a form post is 415); a present Origin must be this
// host. GET never reaches an RPC (405), so nothing changes state on a GET.
//
// SessionService.Login answers with the session in an HttpOnly cookie and the secret cleared
// from the body; Logout (and any cookie call the server answers UNAUTHENTICATED) clears it.
#ifndef HUIKUAN_SERVER_HTTP_CONNECT_HANDLER_H_
#define HUIKUAN_SERVER_HTTP_CONNECT_HANDLER_H_

#include <httplib.h>

#include "absl/time/time.h"
#include "server/http/in_process_rpc.h"

namespace huikuan::http {

struct ConnectHandlerOptions {
  // Without a Connect-Timeout-Ms header; with one, at most max_timeout.
  absl::Duration default_timeout = absl::Seconds(60);
  absl::Duration max_timeout = absl::Minutes(10);
  // The listener speaks TLS: cookies get the Secure attribute.
  bool tls = false;
};

class ConnectHandler {
 public:
  ConnectHandler(InProcessRpc& rpc, ConnectHandlerOptions options) : rpc_(rpc), options_(options) {}

  void HandlePost(const httplib::Request& request, httplib::Response& response);
  // A GET (or other method) on an RPC path: 405, Allow: POST.
  static void RefuseNonPost(const httplib::Request& request, httplib::Response& response);

 private:
  InProcessRpc& rpc_;
  const ConnectHandlerOptions options_;
};

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_CONNECT_HANDLER_H_
