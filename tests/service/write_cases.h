// One valid request for every write RPC (every method whose request has a `request_id`), built
// fresh on each call together with what it needs first (a customer, an overdue invoice, a pending
// application, a work item...), for tests that vary one field of a valid request at a time
// (odd_text_test.cc). Requests are written in protobuf text format and called through a generic
// stub, so a test can walk any request by its descriptor.
//
//   WriteFixture fixture(ServiceTestEnv::Get());
//   for (const WriteCase& c : AllWriteCases()) {
//     PreparedWrite write = c.make(fixture);
//     RawCall call = CallMethod(fixture.env(), c.method, write.token, *write.request);
//   }
#ifndef HUIKUAN_TESTS_SERVICE_WRITE_CASES_H_
#define HUIKUAN_TESTS_SERVICE_WRITE_CASES_H_

#include <google/protobuf/message.h>
#include <grpcpp/grpcpp.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "server/core/civil_date.h"
#include "tests/service/service_test_env.h"

namespace huikuan::testing {

// The result of one generic call: the status and, when it succeeded, the parsed response.
struct RawCall {
  grpc::Status status;
  std::unique_ptr<google::protobuf::Message> response;
};

// Calls `method` ("/huikuan.v1.Foo/Bar") with `request` and `authorization: Bearer <token>`.
RawCall CallMethod(ServiceTestEnv& env, const std::string& method, const std::string& token,
                   const google::protobuf::Message& request);

// The request type of `method`, from the generated descriptor pool (null when unknown).
const google::protobuf::Descriptor* RequestTypeOf(const std::string& method);

// A write request ready to send: a fresh request_id, and the caller to send it as.
struct PreparedWrite {
  std::unique_ptr<google::protobuf::Message> request;
  std::string token;  // bearer secret
  std::string actor;  // users/{id} behind the token
};

class WriteFixture {
 public:
  explicit WriteFixture(ServiceTestEnv& env);

  ServiceTestEnv& env() { return env_; }
  core::EpochDay today() const { return today_; }
  std::string Day(int offset_from_today) const;
  // A fresh number for unique keys (usernames, invoice numbers, effective dates).
  int Next() { return ++counter_; }

  // A new customer owned by sales_staff, and an invoice of 1,000.00 yuan issued 60 days ago and
  // due 30 days ago (overdue); both "customers/{id}" / "invoices/{id}".
  std::string Customer();
  std::string OverdueInvoice(const std::string& customer);
  int64_t IdOf(const std::string& name) const;

  // `text` (protobuf text format) as a request of `method` with a fresh request_id, to be sent
  // as `role` (a role of ServiceTestEnv).
  PreparedWrite Prepare(const std::string& method, const std::string& role,
                        const std::string& text);
  // Prepares and sends it; the test fails unless it succeeds. Returns the response.
  std::unique_ptr<google::protobuf::Message> Call(const std::string& method,
                                                  const std::string& role, const std::string& text);
  // The first non-empty string field called "name" in `message` (depth first), e.g. the created
  // resource's name in a response.
  static std::string NameIn(const google::protobuf::Message& message);
  // The first non-empty string field called `field` in `message` (depth first).
  static std::string FieldIn(const google::protobuf::Message& message, const std::string& field);

  // A work item (manual, finance queue) and a pending letter in the outbox for `customer`,
  // written through the store: no RPC creates them directly.
  std::string WorkItem(const std::string& customer);
  std::string OutboxLetter(const std::string& customer);
  // A new customer-portal user of `customer`: its token and users/{id}.
  std::pair<std::string, std::string> PortalUser(const std::string& customer);

 private:
  ServiceTestEnv& env_;
  core::EpochDay today_;
  int counter_ = 0;
};

struct WriteCase {
  std::string method;  // "/huikuan.v1.CustomerService/CreateCustomer"
  std::function<PreparedWrite(WriteFixture&)> make;
  // Top-level string fields the valid request leaves empty (alternatives, optional links).
  std::vector<std::string> left_empty;
  // Field paths whose accepted values are not stored as given, and why (a password's hash).
  std::map<std::string, std::string> not_read_back;
  // Fields holding a document (a CSV file) whose violations name the document's own parts
  // ("header", "rows[3].amount", "csv line 2, column 5") instead of the field.
  std::vector<std::string> documents;
};

// One case per write RPC of the API.
const std::vector<WriteCase>& AllWriteCases();

// "/huikuan.v1.Foo/Bar" of every unary method whose request has a string `request_id`.
std::vector<std::string> AllWriteMethods();

}  // namespace huikuan::testing

#endif  // HUIKUAN_TESTS_SERVICE_WRITE_CASES_H_
