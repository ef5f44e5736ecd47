// Request bytes that do not parse get INVALID_ARGUMENT, not gRPC's own INTERNAL.
//
// gRPC C++ deserialises a unary request before any handler or huikuan code runs; when the bytes
// are not a valid message of the method's request type (a truncated or malformed field, a string
// field that is not UTF-8), it answers INTERNAL with an empty message (GenericDeserialize in
// grpcpp/impl/codegen/proto_utils.h), which tells the client neither that the fault is its own nor
// that retrying is useless. This interceptor sees that the request did not deserialise (the
// POST_RECV_MESSAGE hook gets no message) and, when the call then ends with INTERNAL, replaces
// that status with INVALID_ARGUMENT "request bytes do not parse as huikuan.v1.FooRequest: ..."
// plus the usual google.rpc.ErrorInfo (ToGrpcStatus); when the fault is a string field that is
// not UTF-8, a google.rpc.BadRequest violation names that field ("customer.display_name: is not
// valid UTF-8 ...", utf8_parse_errors.h). A caller that the auth interceptor rejected
// gets that rejection instead (UNAUTHENTICATED, PERMISSION_DENIED), as it would for any request.
// A handler never ran for such a call, so no other INTERNAL can be hidden. Other statuses
// (RESOURCE_EXHAUSTED from an overloaded server, UNIMPLEMENTED) pass unchanged.
//
// Register it first among the server's interceptors: the ones after it (the RPC log) then see
// the corrected status.
#ifndef HUIKUAN_SERVER_SERVICE_REQUEST_PARSE_INTERCEPTOR_H_
#define HUIKUAN_SERVER_SERVICE_REQUEST_PARSE_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <string>

#include "server/service/auth_interceptor.h"

namespace huikuan::service {

class RequestParseInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `registry` holds the auth interceptor's verdicts; it must outlive the server.
  // Installs the UTF-8 parse error capture (utf8_parse_errors.h).
  explicit RequestParseInterceptorFactory(const CallRegistry& registry);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  const CallRegistry& registry_;
};

// The status sent for request bytes of `method` ("/huikuan.v1.CustomerService/CreateCustomer")
// that do not parse: a field violation on `path` when it is known to be a string field that is
// not UTF-8 ("customer.display_name", utf8_parse_errors.h), else a message naming the request
// type. The Connect gateway answers undecodable bodies with the same status.
grpc::Status UnparsableRequestStatus(const std::string& method, const std::string& path = "");

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_REQUEST_PARSE_INTERCEPTOR_H_
