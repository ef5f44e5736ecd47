// The Connect protocol's unary rules (connectrpc.com/docs/protocol), in one place: which content
// types a call may use, the error codes' names and HTTP statuses, and the error body, whose
// details are the same google.rpc messages (BadRequest, ErrorInfo, PreconditionFailure) that a
// gRPC client finds in the status's details.
#ifndef HUIKUAN_SERVER_HTTP_CONNECT_PROTOCOL_H_
#define HUIKUAN_SERVER_HTTP_CONNECT_PROTOCOL_H_

#include <grpcpp/support/status.h>

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace huikuan::http {

enum class Codec { kJson, kProto };

// "application/json" / "application/proto" (parameters such as "; charset=utf-8" ignored, case
// insensitive); nullopt for anything else, e.g. a form post's content type.
std::optional<Codec> ParseConnectContentType(absl::string_view content_type);
absl::string_view ContentTypeOf(Codec codec);

// "invalid_argument", "not_found", ... as Connect names gRPC's codes.
absl::string_view ConnectCodeName(grpc::StatusCode code);
// Connect's HTTP status for a code: invalid_argument 400, unauthenticated 401, ...
int HttpStatusOf(grpc::StatusCode code);

// {"code":"invalid_argument","message":"...","details":[{"type":"google.rpc.BadRequest",
// "value":"<base64 of the message>"}]} for a failed status; details come from the status's
// error_details (a serialised google.rpc.Status), as the server put them there.
std::string ConnectErrorJson(const grpc::Status& status);

}  // namespace huikuan::http

#endif  // HUIKUAN_SERVER_HTTP_CONNECT_PROTOCOL_H_
