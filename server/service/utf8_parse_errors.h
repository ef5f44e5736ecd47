// Which string field made a request fail to parse because it is not UTF-8.
//
// protobuf (3.21) refuses a proto3 string field holding bytes that are not UTF-8 and says which
// field only in a log line ("String field 'huikuan.v1.Customer.display_name' contains invalid
// UTF-8 data when parsing a protocol buffer..."), from inside gRPC's deserialisation of the
// request. InstallUtf8ParseErrorCapture() puts a protobuf log handler in front of the existing
// one that keeps that field name on the current thread instead of logging it (a client can send
// such bytes at will: they are its error, answered as INVALID_ARGUMENT, not a server log line);
// every other log message goes to the previous handler. gRPC's sync server deserialises a request
// and then runs the server interceptors on the same thread, so RequestParseInterceptor takes the
// name with TakeInvalidUtf8Field() and names the field in its violation.
#ifndef HUIKUAN_SERVER_SERVICE_UTF8_PARSE_ERRORS_H_
#define HUIKUAN_SERVER_SERVICE_UTF8_PARSE_ERRORS_H_

#include <google/protobuf/descriptor.h>

#include <string>

namespace huikuan::service {

// Idempotent and thread-safe; call before the server starts.
void InstallUtf8ParseErrorCapture();

// The full name of the last field that failed UTF-8 validation while parsing on this thread
// ("huikuan.v1.Customer.display_name"), and forgets it; empty when none.
std::string TakeInvalidUtf8Field();

// The request field path of that field inside a `request` message: "customer.display_name",
// "invoices.invoice_number" (repeated fields without an index: the parse failed, so which
// element is unknown). Empty when `full_name` is no field reachable from `request`.
std::string FieldPathIn(const google::protobuf::Descriptor* request, const std::string& full_name);

// The same for a key of a JSON request ("displayName" or "display_name"): the first field of
// that JSON or proto name reachable from `request`, e.g. "customer.display_name".
std::string FieldPathForJsonKey(const google::protobuf::Descriptor* request,
                                const std::string& key);

}  // namespace huikuan::service

#endif  // HUIKUAN_SERVER_SERVICE_UTF8_PARSE_ERRORS_H_
