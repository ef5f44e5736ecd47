// Decodes a Connect request body (JSON or binary protobuf) into the method's request message,
// with the same answer gRPC gives for bytes that do not parse
// (service/request_parse_interceptor.h): INVALID_ARGUMENT with a message, and a field violation
// naming the string field when the fault is text that is not UTF-8 ("customer.display_name: is not
// valid UTF-8 ...").
#ifndef HUIKUAN_SERVER_HTTP_REQUEST_DECODING_H_
#define HUIKUAN_SERVER_HTTP_REQUEST_DECODING_H_

#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "server/http/connect_protocol.h"

namespace huikuan::http {

// Fills `message` (empty, of the method's request type) from `body`; OK or INVALID_ARGUMENT.
// An empty JSON body is the empty message. Unknown JSON fields are skipped, as the binary format
// skips unknown fields.
grpc::Status DecodeRequest(const std::string& method_path, Codec codec, absl::string_view body,
                           google::protobuf::Message& message);

// The JSON object key whose value holds byte `offset` of `json` ("displayName" in
// {"customer":{"displayName":"ab\xff"}} for the offset of \xff); empty when there is none.
std::string JsonKeyBefore(absl::string_view json, size_t offset);

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_REQUEST_DECODING_H_
