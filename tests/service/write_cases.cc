#include "tests/service/write_cases.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor_database.h>
#include <google/protobuf/text_format.h>
#include <grpcpp/generic/generic_stub.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/substitute.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "server/core/resource_name.h"
#include "server/ops/clock.h"
#include "server/store/outbox_store.h"
#include "server/store/sql_values.h"
#include "server/store/transaction.h"
#include "server/store/work_item_store.h"
#include "tests/service/case_fixtures.h"

namespace huikuan::testing {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::MessageFactory;

std::unique_ptr<Message> NewMessage(const Descriptor* type) {
  return std::unique_ptr<Message>(MessageFactory::generated_factory()->GetPrototype(type)->New());
}

const google::protobuf::MethodDescriptor* MethodOf(const std::string& method) {
  std::string full_name(absl::StripPrefix(method, "/"));
  const size_t slash = full_name.find('/');
  if (slash != std::string::npos) full_name[slash] = '.';
  return google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(full_name);
}

}  // namespace

const Descriptor* RequestTypeOf(const std::string& method) {
  const auto* descriptor = MethodOf(method);
  return descriptor == nullptr ? nullptr : descriptor->input_type();
}

RawCall CallMethod(ServiceTestEnv& env, const std::string& method, const std::string& token,
                   const Message& request) {
  RawCall result;
  grpc::GenericStub stub(env.channel());
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
  grpc::CompletionQueue queue;
  std::string bytes;
  request.SerializePartialToString(&bytes);  // keeps invalid UTF-8 as it is: the server judges
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response_buffer;
  auto call = stub.PrepareUnaryCall(&context, method, request_buffer, &queue);
  call->StartCall();
  call->Finish(&response_buffer, &result.status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  if (result.status.ok()) {
    const auto* descriptor = MethodOf(method);
    result.response = NewMessage(descriptor->output_type());
    std::vector<grpc::Slice> slices;
    (void)response_buffer.Dump(&slices);
    std::string data;
    for (const grpc::Slice& s : slices)
      data.append(reinterpret_cast<const char*>(s.begin()), s.size());
    EXPECT_TRUE(result.response->ParseFromString(data)) << method;
  }
  return result;
}

std::vector<std::string> AllWriteMethods() {
  std::vector<std::string> files;
  google::protobuf::DescriptorPool::internal_generated_database()->FindAllFileNames(&files);
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  std::vector<std::string> methods;
  for (const std::string& name : files) {
    if (!absl::StartsWith(name, "huikuan/v1/")) continue;
    const google::protobuf::FileDescriptor* file = pool->FindFileByName(name);
    if (file == nullptr) continue;
    for (int s = 0; s < file->service_count(); ++s) {
      const google::protobuf::ServiceDescriptor* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const google::protobuf::MethodDescriptor* method = service->method(m);
        if (method->client_streaming() || method->server_streaming()) continue;
        const FieldDescriptor* id = method->input_type()->FindFieldByName("request_id");
        if (id == nullptr || id->type() != FieldDescriptor::TYPE_STRING) continue;
        methods.push_back(absl::StrCat("/", service->full_name(), "/", method->name()));
      }
    }
  }
  return methods;
}

WriteFixture::WriteFixture(ServiceTestEnv& env) : env_(env), today_(Today()) {}

std::string WriteFixture::Day(int offset_from_today) const {
  return Date(today_ + offset_from_today);
}

std::string WriteFixture::Customer() { return CustomerName(NewCustomer(env_, "Odd Text Co")); }

std::string WriteFixture::OverdueInvoice(const std::string& customer) {
  return InvoiceName(NewInvoice(env_, IdOf(customer), 100'000, today_ - 60, today_ - 30));
}

int64_t WriteFixture::IdOf(const std::string& name) const {
  int64_t id = 0;
  const size_t slash = name.rfind('/');
  EXPECT_TRUE(slash != std::string::npos && absl::SimpleAtoi(name.substr(slash + 1), &id)) << name;
  return id;
}

PreparedWrite WriteFixture::Prepare(const std::string& method, const std::string& role,
                                    const std::string& text) {
  PreparedWrite write;
  const Descriptor* type = RequestTypeOf(method);
  EXPECT_NE(type, nullptr) << method;
  write.request = NewMessage(type);
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, write.request.get()))
      << method << ": " << text;
  const FieldDescriptor* id = type->FindFieldByName("request_id");
  write.request->GetReflection()->SetString(write.request.get(), id, NewRequestId());
  write.token = env_.token(role);
  write.actor = env_.user_name(role);
  return write;
}

std::unique_ptr<Message> WriteFixture::Call(const std::string& method, const std::string& role,
                                            const std::string& text) {
  PreparedWrite write = Prepare(method, role, text);
  RawCall call = CallMethod(env_, method, write.token, *write.request);
  EXPECT_TRUE(call.status.ok()) << method << " (setup): " << call.status.error_message();
  if (!call.response) return NewMessage(RequestTypeOf(method));
  return std::move(call.response);
}

std::string WriteFixture::FieldIn(const Message& message, const std::string& field) {
  const Descriptor* type = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  const FieldDescriptor* direct = type->FindFieldByName(field);
  if (direct != nullptr && direct->type() == FieldDescriptor::TYPE_STRING &&
      !direct->is_repeated()) {
    std::string value = reflection->GetString(message, direct);
    if (!value.empty()) return value;
  }
  for (int i = 0; i < type->field_count(); ++i) {
    const FieldDescriptor* f = type->field(i);
    if (f->type() != FieldDescriptor::TYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int k = 0; k < reflection->FieldSize(message, f); ++k) {
        std::string value = FieldIn(reflection->GetRepeatedMessage(message, f, k), field);
        if (!value.empty()) return value;
      }
    } else if (reflection->HasField(message, f)) {
      std::string value = FieldIn(reflection->GetMessage(message, f), field);
      if (!value.empty()) return value;
    }
  }
  return "";
}

std::string WriteFixture::NameIn(const Message& message) { return FieldIn(message, "name"); }

std::string WriteFixture::WorkItem(const std::string& customer) {
  const int n = Next();
  auto id = store::RunInTransaction<int64_t>(
      env_.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        std::vector<store::WorkItemRecord> items(1);
        store::WorkItemRecord& item = items[0];
        item.source_key = absl::StrCat("odd-text:", n, ":", absl::ToUnixMicros(absl::Now()));
        item.kind = core::WorkItemKind::kManual;
        item.customer_id = IdOf(customer);
        item.department = core::Department::kFinance;
        item.title = "call about the overdue invoice";
        item.due_day = today_;
        item.created_day = today_;
        item.amount = 100'000;
        item.create_time = item.update_time = absl::Now();
        store::InsertWorkItems(db, items);
        return items[0].id;
      });
  EXPECT_TRUE(id.ok()) << id.status();
  return core::FormatResourceName("workItems", id.value_or(0));
}

std::string WriteFixture::OutboxLetter(const std::string& customer) {
  auto id = store::RunInTransaction<int64_t>(
      env_.pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
        std::vector<store::OutboxRecord> messages(1);
        store::OutboxRecord& message = messages[0];
        message.customer_id = IdOf(customer);
        message.channel = core::Channel::kLetter;
        message.recipient = "上海市浦东新区 1 号";
        message.subject = "催款函";
        message.body = "请付款";
        message.status = core::OutboxStatus::kAwaitingDispatch;
        message.next_attempt_time = message.create_time = message.update_time = absl::Now();
        store::InsertOutboxMessages(db, messages);
        return messages[0].id;
      });
  EXPECT_TRUE(id.ok()) << id.status();
  return core::FormatResourceName("outboxMessages", id.value_or(0));
}

std::pair<std::string, std::string> WriteFixture::PortalUser(const std::string& customer) {
  const std::string key = absl::StrCat("odd-portal-", Next());
  const int64_t id =
      env_.CreateUserWithToken(absl::StrCat("t.", key, ".", absl::ToUnixMicros(absl::Now())),
                               "customer", "staff", IdOf(customer), key);
  return {env_.token(key), core::FormatResourceName("users", id)};
}

namespace {

using absl::Substitute;

constexpr char kArrangements[] = "/huikuan.v1.ArrangementService/";
constexpr char kCollections[] = "/huikuan.v1.CollectionsService/";
constexpr char kCredit[] = "/huikuan.v1.CreditService/";
constexpr char kCustomers[] = "/huikuan.v1.CustomerService/";
constexpr char kExchange[] = "/huikuan.v1.DataExchangeService/";
constexpr char kDunning[] = "/huikuan.v1.DunningService/";
constexpr char kIdentity[] = "/huikuan.v1.IdentityService/";
constexpr char kJobs[] = "/huikuan.v1.JobService/";
constexpr char kLedger[] = "/huikuan.v1.LedgerService/";
constexpr char kLegal[] = "/huikuan.v1.LegalService/";
constexpr char kRisk[] = "/huikuan.v1.RiskService/";
constexpr char kSessions[] = "/huikuan.v1.SessionService/";
constexpr char kStatements[] = "/huikuan.v1.StatementService/";
constexpr char kTerms[] = "/huikuan.v1.TermPolicyService/";
constexpr char kWorklist[] = "/huikuan.v1.WorklistService/";

// A case whose request is `role` sending the text `build` returns.
WriteCase Simple(std::string method, std::string role,
                 std::function<std::string(WriteFixture&)> build,
                 std::vector<std::string> left_empty = {},
                 std::map<std::string, std::string> not_read_back = {}) {
  WriteCase c;
  c.method = method;
  c.make = [method, role, build](WriteFixture& f) { return f.Prepare(method, role, build(f)); };
  c.left_empty = std::move(left_empty);
  c.not_read_back = std::move(not_read_back);
  return c;
}

std::string Seed002Ladder(const std::string& name) {
  return Substitute(
      "name: '$0' "
      "steps { offset_days: -7 action: 'friendly_email' department: 'finance' channel: 'email' "
      "description: 'a friendly reminder' } "
      "steps { offset_days: 3 action: 'sales_phone_call' department: 'sales' channel: 'phone' "
      "description: 'the owner calls' }",
      name);
}

std::string TermRules() {
  return "rules { volume_threshold_fen: 100000000 volume_early_payment_bonus_days: 15 "
         "joint_promotion_bonus_days: 10 max_term_days: 60 new_customer_ladder: true "
         "ladder { prepayment_bp: 10000 } ladder { prepayment_bp: 5000 term_days: 45 } "
         "tier_terms { tier: 'strategic_core' base_term_days: 60 rebate: 'quarterly' } "
         "tier_terms { tier: 'key_partner' base_term_days: 45 rebate: 'monthly' } "
         "tier_terms { tier: 'general' base_term_days: 30 rebate: 'cash_discount' } "
         "tier_terms { tier: 'potential' base_term_days: 0 prepayment_bp: 3000 rebate: 'none' } }";
}

std::vector<WriteCase> BuildCases() {
  std::vector<WriteCase> cases;
  const std::string A = kArrangements;

  // Arrangements (issue 9).
  cases.push_back(Simple(
      A + "RecordPromise", "sales_staff",
      [](WriteFixture& f) {
        const std::string c = f.Customer();
        return Substitute(
            "customer: '$0' invoices: '$1' amount_fen: 50000 promised_date: '$2' note: 'will pay'",
            c, f.OverdueInvoice(c), f.Day(7));
      },
      {"work_item", "compliance_reason"}));
  cases.push_back(Simple(A + "RaiseInvoiceDispute", "finance_staff", [](WriteFixture& f) {
    return Substitute("invoice: '$0' reason_code: DISPUTE_REASON_PRICE reason: 'price is wrong'",
                      f.OverdueInvoice(f.Customer()));
  }));
  cases.push_back(Simple(A + "ResolveInvoiceDispute", "finance_head", [A](WriteFixture& f) {
    const std::string invoice = f.OverdueInvoice(f.Customer());
    f.Call(A + "RaiseInvoiceDispute", "finance_staff",
           Substitute("invoice: '$0' reason_code: DISPUTE_REASON_PRICE reason: 'price'", invoice));
    return Substitute("invoice: '$0' resolution: 'credit note issued'", invoice);
  }));
  auto plan = [](WriteFixture& f) {
    const std::string c = f.Customer();
    return Substitute(
        "customer: '$0' invoices: '$1' instalment_count: 2 first_due_date: '$2' "
        "interval_months: 1 collateral: 'a truck' guarantee: 'the parent company' "
        "reason: 'cash flow'",
        c, f.OverdueInvoice(c), f.Day(10));
  };
  cases.push_back(Simple(A + "RequestPaymentPlan", "finance_staff", plan));
  for (const char* decision : {"ApprovePaymentPlan", "RejectPaymentPlan"}) {
    cases.push_back(Simple(A + decision, "finance_head", [A, plan](WriteFixture& f) {
      auto plan_response = f.Call(A + "RequestPaymentPlan", "finance_staff", plan(f));
      return Substitute("name: '$0' comment: 'fine'", WriteFixture::NameIn(*plan_response));
    }));
  }
  auto settlement = [](WriteFixture& f) {
    return Substitute(
        "invoice: '$0' amount_fen: 100000 goods_description: '10 pallets of steel' "
        "valuation_basis: 'market price' reason: 'customer has no cash'",
        f.OverdueInvoice(f.Customer()));
  };
  cases.push_back(Simple(A + "RequestSettlement", "finance_staff", settlement));
  for (const char* decision : {"ApproveSettlement", "RejectSettlement"}) {
    cases.push_back(Simple(A + decision, "management_head", [A, settlement](WriteFixture& f) {
      auto requested = f.Call(A + "RequestSettlement", "finance_staff", settlement(f));
      return Substitute("name: '$0' comment: 'ok'", WriteFixture::NameIn(*requested));
    }));
  }

  // Collections (issue 4).
  const std::string C = kCollections;
  cases.push_back(Simple(C + "AccrueLateFees", "finance_staff",
                         [](WriteFixture& f) { return Substitute("as_of_date: '$0'", f.Day(0)); }));
  auto waiver = [C](WriteFixture& f) {
    const std::string invoice = f.OverdueInvoice(f.Customer());
    f.Call(C + "AccrueLateFees", "finance_staff", Substitute("as_of_date: '$0'", f.Day(0)));
    return Substitute("invoice: '$0' amount_fen: 100 reason: 'force majeure'", invoice);
  };
  cases.push_back(Simple(C + "RequestLateFeeWaiver", "finance_staff", waiver));
  for (const char* decision : {"ApproveLateFeeWaiver", "RejectLateFeeWaiver"}) {
    cases.push_back(Simple(C + decision, "finance_head", [C, waiver](WriteFixture& f) {
      auto requested = f.Call(C + "RequestLateFeeWaiver", "finance_staff", waiver(f));
      return Substitute("name: '$0' comment: 'ok'", WriteFixture::NameIn(*requested));
    }));
  }
  auto write_off = [](WriteFixture& f) {
    return Substitute("invoice: '$0' amount_fen: 100000 reason: 'bankrupt'",
                      f.OverdueInvoice(f.Customer()));
  };
  cases.push_back(Simple(C + "RequestWriteOff", "finance_staff", write_off));
  for (const char* decision : {"ApproveWriteOff", "RejectWriteOff"}) {
    cases.push_back(Simple(C + decision, "management_head", [C, write_off](WriteFixture& f) {
      auto requested = f.Call(C + "RequestWriteOff", "finance_staff", write_off(f));
      return Substitute("name: '$0' comment: 'ok'", WriteFixture::NameIn(*requested));
    }));
  }

  // Credit (issue 4).
  const std::string K = kCredit;
  auto application = [](WriteFixture& f) {
    return Substitute(
        "customer: '$0' requested_limit_fen: 1000000 requested_term_days: 30 "
        "comment: 'first order'",
        f.Customer());
  };
  cases.push_back(Simple(K + "SubmitCreditApplication", "finance_staff", application));
  for (const char* decision : {"ApproveCreditApplication", "RejectCreditApplication"}) {
    cases.push_back(Simple(K + decision, "finance_head", [K, application](WriteFixture& f) {
      auto submitted = f.Call(K + "SubmitCreditApplication", "finance_staff", application(f));
      return Substitute("name: '$0' comment: 'ok'", WriteFixture::NameIn(*submitted));
    }));
  }
  cases.push_back(
      Simple(K + "WithdrawCreditApplication", "finance_staff", [K, application](WriteFixture& f) {
        auto submitted = f.Call(K + "SubmitCreditApplication", "finance_staff", application(f));
        return Substitute("name: '$0' comment: 'not needed'", WriteFixture::NameIn(*submitted));
      }));
  cases.push_back(Simple(K + "PlaceCreditHold", "finance_head", [](WriteFixture& f) {
    return Substitute("customer: '$0' reason: 'overdue' credit_status: CREDIT_STATUS_ON_HOLD",
                      f.Customer());
  }));
  cases.push_back(Simple(K + "ReleaseCreditHold", "finance_head", [K](WriteFixture& f) {
    const std::string c = f.Customer();
    f.Call(K + "PlaceCreditHold", "finance_head",
           Substitute("customer: '$0' reason: 'overdue' credit_status: CREDIT_STATUS_ON_HOLD", c));
    return Substitute("customer: '$0' reason: 'paid up'", c);
  }));

  // Customers.
  const std::string U = kCustomers;
  auto customer = [](WriteFixture& f) {
    const int n = f.Next();
    return Substitute(
        "customer { display_name: '杭州精密机械 $0' owner: '$1' industry: 'machinery' "
        "enterprise_size: ENTERPRISE_SIZE_MEDIUM founding_date: '2010-05-01' "
        "third_party_rating: 'AA' external_id: 'ERP-ODD-$0-$2' contact_name: '王经理' "
        "contact_email: 'ap$0@example.com' contact_phone: '+86 571 1234 5678' "
        "contact_address: '杭州市西湖区 1 号' preferred_language: 'zh-CN' }",
        n, f.env().user_name("sales_staff"), absl::ToUnixMicros(absl::Now()));
  };
  cases.push_back(Simple(U + "CreateCustomer", "sales_head", customer));
  cases.push_back(Simple(U + "UpdateCustomer", "sales_head", [U, customer](WriteFixture& f) {
    auto created = f.Call(U + "CreateCustomer", "sales_head", customer(f));
    return Substitute(
        "customer { name: '$0' etag: '$1' display_name: '改名 $2' industry: 'textiles' "
        "contact_name: '李经理' contact_address: '苏州市 2 号' third_party_rating: 'A' } "
        "update_mask { paths: 'display_name' paths: 'industry' paths: 'contact_name' "
        "paths: 'contact_address' paths: 'third_party_rating' }",
        WriteFixture::NameIn(*created), absl::CEscape(WriteFixture::FieldIn(*created, "etag")),
        f.Next());
  }));
  cases.push_back(Simple(U + "AssessCustomer", "investment_staff",
                         [](WriteFixture& f) { return Substitute("name: '$0'", f.Customer()); }));

  // CSV import (issue 4): each import brings new external ids.
  const std::string X = kExchange;
  cases.push_back(
      Simple(X + "ImportCustomers", "finance_staff",
             [](WriteFixture& f) {
               return Substitute(
                   "csv: 'external_id,display_name,owner_username,industry,enterprise_size,"
                   "industry_position,founding_date,tax_credit_grade,bank_credit_line,"
                   "third_party_rating\\r\\nCSV-$0-$1,Imported "
                   "$0,t.sales_staff,machinery,medium,regional_leader,"
                   "2012-01-01,A,1000.00,AA\\r\\n'",
                   f.Next(), absl::ToUnixMicros(absl::Now()));
             },
             {}, {{"csv", "a CSV document: its rows are stored, not the text"}}));
  auto csv_customer = [X](WriteFixture& f) {
    const std::string key = absl::StrCat("CSVC-", f.Next(), "-", absl::ToUnixMicros(absl::Now()));
    f.Call(X + "ImportCustomers", "finance_staff",
           Substitute("csv: 'external_id,display_name,owner_username,industry,enterprise_size,"
                      "industry_position,founding_date,tax_credit_grade,bank_credit_line,"
                      "third_party_rating\\r\\n$0,Imported $0,t.sales_staff,machinery,medium,"
                      "regional_leader,2012-01-01,A,1000.00,AA\\r\\n'",
                      key));
    return key;
  };
  cases.push_back(Simple(
      X + "ImportInvoices", "finance_staff",
      [csv_customer](WriteFixture& f) {
        const std::string key = csv_customer(f);
        return Substitute(
            "mode: IMPORT_MODE_HISTORICAL csv: 'customer_external_id,invoice_number,order_number,"
            "invoice_date,due_date,amount\\r\\n$0,I-$0,O-$0,$1,$2,100.00\\r\\n'",
            key, f.Day(-60), f.Day(-30));
      },
      {}, {{"csv", "a CSV document: its rows are stored, not the text"}}));
  cases.push_back(Simple(
      X + "ImportPayments", "finance_staff",
      [csv_customer](WriteFixture& f) {
        const std::string key = csv_customer(f);
        return Substitute(
            "csv: "
            "'customer_external_id,reference,received_date,amount\\r\\n$0,R-$0,$1,100.00\\r\\n'",
            key, f.Day(-1));
      },
      {}, {{"csv", "a CSV document: its rows are stored, not the text"}}));
  cases.push_back(Simple(
      X + "ImportIbmLatePayments", "finance_staff",
      [](WriteFixture& f) {
        const int n = f.Next();
        return Substitute(
            "csv: 'countryCode,customerID,PaperlessDate,invoiceNumber,InvoiceDate,DueDate,"
            "InvoiceAmount,Disputed,SettledDate,PaperlessBill,DaysToSettle,DaysLate\\r\\n"
            "391,ODD-$0-$1,4/6/2013,ODD$0$1,1/2/2013,2/1/2013,55.94,No,1/15/2013,Paper,13,0\\r\\n' "
            "owner: '$2'",
            n, absl::ToUnixMicros(absl::Now()) % 1000000, f.env().user_name("sales_staff"));
      },
      {}, {{"csv", "a CSV document: its rows are stored, not the text"}}));

  // The collection ladder (issue 9).
  const std::string D = kDunning;
  cases.push_back(Simple(D + "PublishDunningLadders", "finance_head", [](WriteFixture& f) {
    std::string text =
        Substitute("effective_date: '$0' comment: 'new ladder'", f.Day(400 + f.Next()));
    for (const char* tier : {"strategic_core", "key_partner", "general", "potential"}) {
      absl::StrAppend(&text, " ladders { tier: '", tier, "' ladder { ", Seed002Ladder("seed_002"),
                      " } }");
    }
    return text;
  }));
  auto set_override = [](WriteFixture& f, const std::string& c) {
    return Substitute("customer: '$0' ladder { $1 } reason: 'key account' expire_date: '$2'", c,
                      Seed002Ladder("own_ladder"), f.Day(90));
  };
  cases.push_back(Simple(D + "SetDunningOverride", "finance_head", [set_override](WriteFixture& f) {
    return set_override(f, f.Customer());
  }));
  cases.push_back(
      Simple(D + "ClearDunningOverride", "finance_head", [D, set_override](WriteFixture& f) {
        const std::string c = f.Customer();
        f.Call(D + "SetDunningOverride", "finance_head", set_override(f, c));
        return Substitute("customer: '$0'", c);
      }));

  // Identity.
  const std::string I = kIdentity;
  auto user = [](WriteFixture& f) {
    return Substitute(
        "user { username: 'odd.user.$0.$1' display_name: '张三 $0' department: DEPARTMENT_FINANCE "
        "level: LEVEL_STAFF }",
        f.Next(), absl::ToUnixMicros(absl::Now()));
  };
  cases.push_back(Simple(I + "CreateUser", "admin", user));
  cases.push_back(Simple(I + "IssueToken", "admin", [](WriteFixture& f) {
    return Substitute("user: '$0' ttl { seconds: 3600 } description: 'laptop'",
                      f.env().user_name("legal_staff"));
  }));
  cases.push_back(Simple(I + "RevokeToken", "admin", [I](WriteFixture& f) {
    auto issued = f.Call(I + "IssueToken", "admin",
                         Substitute("user: '$0' ttl { seconds: 3600 } description: 'old laptop'",
                                    f.env().user_name("legal_staff")));
    return Substitute("name: '$0'", WriteFixture::NameIn(*issued));
  }));

  // Jobs.
  cases.push_back(Simple(std::string(kJobs) + "RunJob", "finance_head",
                         [](WriteFixture& f) {
                           return Substitute("job: 'late_fees' as_of_date: '$0' dry_run: true",
                                             f.Day(-1));
                         },
                         {}, {{"request_id", "a dry run changes and keeps nothing"}}));

  // The ledger.
  const std::string L = kLedger;
  auto invoice = [](WriteFixture& f, const std::string& c) {
    const int n = f.Next();
    return Substitute(
        "customer: '$0' order_number: 'SO-ODD-$1-$2' invoice_number: 'INV-ODD-$1-$2' "
        "amount_fen: 100000 invoice_date: '$3'",
        c, n, absl::ToUnixMicros(absl::Now()), f.Day(0));
  };
  cases.push_back(Simple(L + "CreateInvoice", "finance_staff", [invoice](WriteFixture& f) {
    return Substitute("invoice { $0 }", invoice(f, f.Customer()));
  }));
  // Two customers: each one's first order is fully prepaid (R-TERM-2), so no credit limit applies.
  cases.push_back(Simple(L + "CreateInvoices", "finance_staff", [invoice](WriteFixture& f) {
    return Substitute("invoices { $0 } invoices { $1 }", invoice(f, f.Customer()),
                      invoice(f, f.Customer()));
  }));
  auto payment = [](WriteFixture& f, const std::string& c) {
    return Substitute(
        "payment { customer: '$0' amount_fen: 100000 reference: 'BANK-$1-$2' "
        "received_date: '$3' }",
        c, f.Next(), absl::ToUnixMicros(absl::Now()), f.Day(0));
  };
  cases.push_back(Simple(L + "RecordPayment", "finance_staff",
                         [payment](WriteFixture& f) { return payment(f, f.Customer()); }));
  cases.push_back(Simple(L + "AllocatePayment", "finance_staff", [L, payment](WriteFixture& f) {
    const std::string c = f.Customer();
    auto paid = f.Call(L + "RecordPayment", "finance_staff", payment(f, c));
    const std::string inv = f.OverdueInvoice(c);
    return Substitute("payment: '$0' invoice: '$1' amount_fen: 1000", WriteFixture::NameIn(*paid),
                      inv);
  }));
  cases.push_back(Simple(L + "ReversePayment", "finance_staff", [L, payment](WriteFixture& f) {
    auto paid = f.Call(L + "RecordPayment", "finance_staff", payment(f, f.Customer()));
    return Substitute("name: '$0' reason: 'bounced'", WriteFixture::NameIn(*paid));
  }));

  // The legal stage (issue 9).
  const std::string G = kLegal;
  auto legal_case = [](WriteFixture& f) {
    const std::string c = f.Customer();
    return Substitute(
        "customer: '$0' invoices: '$1' stage: LEGAL_STAGE_LAWYER_LETTER title: 'unpaid steel' "
        "court_case_number: '(2026)沪01民初$2号' note: 'sent by registered post'",
        c, f.OverdueInvoice(c), f.Next());
  };
  cases.push_back(Simple(G + "OpenLegalCase", "legal_staff", legal_case));
  cases.push_back(Simple(G + "AdvanceLegalCase", "legal_staff", [G, legal_case](WriteFixture& f) {
    auto opened = f.Call(G + "OpenLegalCase", "legal_staff", legal_case(f));
    return Substitute(
        "name: '$0' stage: LEGAL_STAGE_FILED note: 'filed today' court_case_number: '(2026)沪$1'",
        WriteFixture::NameIn(*opened), f.Next());
  }));
  cases.push_back(Simple(G + "RecordLimitationEvent", "legal_staff", [](WriteFixture& f) {
    return Substitute(
        "invoice: '$0' kind: LIMITATION_EVENT_KIND_WRITTEN_DEMAND event_date: '$1' "
        "note: 'letter sent'",
        f.OverdueInvoice(f.Customer()), f.Day(-1));
  }));

  // Early warnings (issue 10).
  const std::string R = kRisk;
  cases.push_back(Simple(R + "RecordRiskSignal", "legal_staff", [](WriteFixture& f) {
    return Substitute(
        "customer: '$0' signal { kind: RISK_SIGNAL_KIND_LAWSUIT source: 'court' "
        "reference: '(2025)沪01民初$1号' signal_date: '$2' amount_fen: 1000000 has_amount: true "
        "evidence: 'https://wenshu.court.gov.cn/' }",
        f.Customer(), f.Next(), f.Day(-1));
  }));
  cases.push_back(Simple(
      R + "ImportRiskSignals", "finance_head",
      [](WriteFixture& f) {
        return Substitute(
            "csv: 'customer,kind,source,reference,signal_date,amount_fen,value,previous_value,"
            "evidence\\r\\n$0,lawsuit,court,(2024)沪0151民初$1号,$2,150000000,,,https://x\\r\\n'",
            f.Customer(), f.Next(), f.Day(-1));
      },
      {}, {{"csv", "a CSV document: its rows are stored, not the text"}}));

  // Sessions: Logout ends the caller's own session, so each call has a token of its own.
  const std::string S = kSessions;
  {
    WriteCase logout;
    logout.method = S + "Logout";
    logout.make = [S, I](WriteFixture& f) {
      auto issued = f.Call(I + "IssueToken", "admin",
                           Substitute("user: '$0' ttl { seconds: 3600 } description: 'session'",
                                      f.env().user_name("sales_head")));
      PreparedWrite write = f.Prepare(S + "Logout", "sales_head", "");
      write.token = WriteFixture::FieldIn(*issued, "secret");
      return write;
    };
    cases.push_back(std::move(logout));
  }
  cases.push_back(Simple(
      S + "SetPassword", "admin",
      [I](WriteFixture& f) {
        auto created =
            f.Call(I + "CreateUser", "admin",
                   Substitute("user { username: 'pw.user.$0.$1' display_name: 'Password User' "
                              "department: DEPARTMENT_SALES level: LEVEL_STAFF }",
                              f.Next(), absl::ToUnixMicros(absl::Now())));
        return Substitute("user: '$0' new_password: 'correct horse battery staple'",
                          WriteFixture::NameIn(*created));
      },
      {"old_password"},
      {{"new_password", "stored as an argon2id hash"},
       {"old_password", "compared with the stored hash, never stored"}}));

  // Statements (R-STMT-1): last month's statement of a new customer with one invoice in it.
  const std::string T = kStatements;
  auto last_month = [](WriteFixture& f) {
    const absl::CivilDay day = core::FromEpochDay(f.today()).value();
    const absl::CivilMonth month = absl::CivilMonth(day) - 1;
    return std::make_pair(absl::FormatCivilTime(month).substr(0, 7),
                          core::ToEpochDay(absl::CivilDay(month)).value() + 3);
  };
  cases.push_back(Simple(T + "GenerateStatement", "finance_staff", [last_month](WriteFixture& f) {
    const std::string c = f.Customer();
    auto [month, day] = last_month(f);
    NewInvoice(f.env(), f.IdOf(c), 100'000, day, day + 30);
    return Substitute("customer: '$0' month: '$1'", c, month);
  }));
  // A statement of a new customer with one invoice; returns its name and the invoice's number.
  auto statement = [T, last_month](WriteFixture& f, const std::string& c) {
    auto [month, day] = last_month(f);
    const int64_t invoice = NewInvoice(f.env(), f.IdOf(c), 100'000, day, day + 30);
    auto generated = f.Call(T + "GenerateStatement", "finance_staff",
                            Substitute("customer: '$0' month: '$1'", c, month));
    return std::make_pair(WriteFixture::NameIn(*generated), invoice);
  };
  cases.push_back(Simple(T + "ConfirmStatement", "finance_staff", [statement](WriteFixture& f) {
    return Substitute("name: '$0'", statement(f, f.Customer()).first);
  }));
  auto number_of = [](WriteFixture& f, int64_t invoice) {
    auto number = store::RunInTransaction<std::string>(
        f.env().pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<std::string> {
          auto rows = store::Query(
              db.Prepare(absl::StrCat("SELECT invoice_number FROM invoices WHERE id = ", invoice)));
          if (!rows->next()) return absl::NotFoundError("no invoice");
          return std::string(rows->getString(1));
        });
    EXPECT_TRUE(number.ok()) << number.status();
    return number.value_or("");
  };
  {
    WriteCase dispute;
    dispute.method = T + "DisputeStatementLines";
    dispute.make = [T, statement, number_of](WriteFixture& f) {
      const std::string c = f.Customer();
      auto [name, invoice] = statement(f, c);
      auto [token, actor] = f.PortalUser(c);
      PreparedWrite write =
          f.Prepare(T + "DisputeStatementLines", "customer",
                    Substitute("name: '$0' invoice_numbers: '$1' reason: 'goods not received'",
                               name, number_of(f, invoice)));
      write.token = token;
      write.actor = actor;
      return write;
    };
    cases.push_back(std::move(dispute));
  }
  cases.push_back(
      Simple(T + "ResolveDispute", "finance_head", [T, statement, number_of](WriteFixture& f) {
        const std::string c = f.Customer();
        auto [name, invoice] = statement(f, c);
        auto [token, actor] = f.PortalUser(c);
        PreparedWrite write =
            f.Prepare(T + "DisputeStatementLines", "customer",
                      Substitute("name: '$0' invoice_numbers: '$1' reason: 'not received'", name,
                                 number_of(f, invoice)));
        RawCall disputed = CallMethod(f.env(), T + "DisputeStatementLines", token, *write.request);
        EXPECT_TRUE(disputed.status.ok()) << disputed.status.error_message();
        return Substitute("invoice: '$0' resolution: 'delivery note found'", InvoiceName(invoice));
      }));

  // Term policies (R-TERM-3): each version 30+ days ahead, later than the last.
  cases.push_back(
      Simple(std::string(kTerms) + "PublishTermPolicy", "finance_head", [](WriteFixture& f) {
        return Substitute("effective_date: '$0' comment: 'yearly review' $1", f.Day(40 + f.Next()),
                          TermRules());
      }));

  // Worklists (issue 9).
  const std::string W = kWorklist;
  cases.push_back(Simple(W + "CompleteWorkItem", "finance_staff",
                         [](WriteFixture& f) {
                           return Substitute(
                               "name: '$0' outcome: CONTACT_OUTCOME_REACHED note: 'spoke to AP'",
                               f.WorkItem(f.Customer()));
                         },
                         {"etag", "compliance_reason", "reply_to"}));
  cases.push_back(Simple(W + "ReassignWorkItem", "finance_head",
                         [](WriteFixture& f) {
                           return Substitute("name: '$0' assignee: '$1'", f.WorkItem(f.Customer()),
                                             f.env().user_name("finance_staff"));
                         },
                         {"etag"}));
  cases.push_back(Simple(W + "SnoozeWorkItem", "finance_staff",
                         [](WriteFixture& f) {
                           return Substitute("name: '$0' until: '$1' reason: 'customer on holiday'",
                                             f.WorkItem(f.Customer()), f.Day(5));
                         },
                         {"etag"}));
  cases.push_back(Simple(
      W + "RecordContact", "finance_staff",
      [](WriteFixture& f) {
        return Substitute(
            "customer: '$0' channel: 'phone' outcome: CONTACT_OUTCOME_REACHED content: 'will pay'",
            f.Customer());
      },
      {"compliance_reason", "reply_to"}));
  cases.push_back(Simple(W + "MarkMessageDispatched", "finance_staff",
                         [](WriteFixture& f) {
                           return Substitute("name: '$0' reference: 'EMS-$1'",
                                             f.OutboxLetter(f.Customer()), f.Next());
                         },
                         {"compliance_reason"}));
  // Relationship cadence and joint promotions (issue 14).
  const std::string Rel = "/huikuan.v1.RelationshipService/";
  cases.push_back(Simple(
      Rel + "UpdateCadenceSettings", "sales_head",
      [](WriteFixture& f) {
        return Substitute(
            "tiers { tier: 'strategic_core' monthly_day: 3 quarterly_month: 1 quarterly_day: 10 "
            "annual_month: 1 annual_day: 15 upcoming_note: '下月新品品鉴会 $0' } "
            "tiers { tier: 'key_partner' monthly_day: 3 quarterly_month: 1 quarterly_day: 10 "
            "annual_day: 1 upcoming_note: 'new range' } "
            "tiers { tier: 'general' monthly_day: 3 quarterly_day: 1 annual_day: 1 "
            "upcoming_note: 'new range' } "
            "tiers { tier: 'potential' monthly_day: 0 quarterly_day: 1 annual_day: 1 "
            "upcoming_note: 'new range' }",
            f.Next());
      },
      {"etag"}));
  cases.push_back(Simple(Rel + "SendCadenceMessage", "sales_head", [](WriteFixture& f) {
    const std::string c = f.Customer();
    const int n = f.Next();
    auto id = store::RunInTransaction<int64_t>(
        f.env().pool(), [&](store::ConnectionPool::Lease& db) -> absl::StatusOr<int64_t> {
          auto& email = db.Prepare("UPDATE customers SET contact_email = ? WHERE id = ?");
          store::Params(email).String("ap@odd-text.example.cn").Int64(f.IdOf(c));
          email.executeUpdate();
          std::vector<store::WorkItemRecord> items(1);
          store::WorkItemRecord& item = items[0];
          item.source_key = absl::StrCat("odd-cadence:", n, ":", absl::ToUnixMicros(absl::Now()));
          item.kind = core::WorkItemKind::kRelationship;
          item.customer_id = f.IdOf(c);
          item.department = core::Department::kSales;
          item.step = "monthly_reconciliation";
          item.channel = "email";
          item.title = "monthly reconciliation";
          item.message_subject = "对账单";
          item.message_body = "本月贵司采购 1 笔";
          item.due_day = item.created_day = f.today();
          item.create_time = item.update_time = absl::Now();
          store::InsertWorkItems(db, items);
          return items[0].id;
        });
    EXPECT_TRUE(id.ok()) << id.status();
    return Substitute("work_item: 'workItems/$0'", id.value_or(0));
  }));
  auto promotion = [](WriteFixture& f) {
    return Substitute(
        "customer: '$0' event: '新品发布会 $1' event_date: '$2' evidence: '照片 IMG_$1.jpg'",
        f.Customer(), f.Next(), f.Day(-3));
  };
  cases.push_back(Simple(Rel + "RecordPromotion", "investment_staff", promotion));
  for (const char* decision : {"ApprovePromotion", "RejectPromotion"}) {
    cases.push_back(Simple(Rel + decision, "sales_head", [Rel, promotion](WriteFixture& f) {
      auto recorded = f.Call(Rel + "RecordPromotion", "investment_staff", promotion(f));
      return Substitute("name: '$0' comment: 'seen the photos'", WriteFixture::NameIn(*recorded));
    }));
  }
  // Receivables financing (issue 14).
  const std::string F = "/huikuan.v1.FinancingService/";
  auto pledge = [](WriteFixture& f) {
    return Substitute(
        "invoice: '$0' kind: PLEDGE_KIND_FACTORING financier: 'Bank of Ningbo' amount_fen: 1000 "
        "pledged_date: '$2' reference: 'BNB-$1' note: 'working capital'",
        f.OverdueInvoice(f.Customer()), f.Next(), f.Day(0));
  };
  cases.push_back(Simple(F + "PledgeInvoice", "finance_staff", pledge));
  cases.push_back(Simple(F + "ReleasePledge", "finance_staff", [F, pledge](WriteFixture& f) {
    auto pledged = f.Call(F + "PledgeInvoice", "finance_staff", pledge(f));
    return Substitute("name: '$0' release_reference: 'REL-$1' released_date: '$2'",
                      WriteFixture::NameIn(*pledged), f.Next(), f.Day(0));
  }));
  // Contact compliance (issue 14). The settings keep no quiet hours (tests run at any hour).
  const std::string Cs = "/huikuan.v1.ComplianceService/";
  cases.push_back(Simple(Cs + "UpdateComplianceSettings", "finance_head", [](WriteFixture&) {
    return std::string("settings { weekly_automatic_cap: 3 }");
  }));
  const std::string kProposal =
      "action: 'dunning_letter' language: 'zh-CN' subject: '付款提示函' "
      "opening: '贵司{count}笔账款合计{total}元已逾期。' note: 'softer wording'";
  cases.push_back(Simple(Cs + "ProposeMessageTemplate", "finance_head",
                         [kProposal](WriteFixture&) { return kProposal; }));
  auto proposed = [Cs, kProposal](WriteFixture& f) {
    PreparedWrite write = f.Prepare(Cs + "ProposeMessageTemplate", "finance_head", kProposal);
    RawCall call = CallMethod(f.env(), Cs + "ProposeMessageTemplate", write.token, *write.request);
    EXPECT_TRUE(call.status.ok()) << call.status.error_message();
    const google::protobuf::Message& response = *call.response;
    const google::protobuf::Message& made = response.GetReflection()->GetMessage(
        response, response.GetDescriptor()->FindFieldByName("template"));
    return made.GetReflection()->GetString(made, made.GetDescriptor()->FindFieldByName("name"));
  };
  cases.push_back(Simple(Cs + "ApproveMessageTemplate", "legal_head", [proposed](WriteFixture& f) {
    return Substitute("name: '$0' note: 'wording checked'", proposed(f));
  }));
  cases.push_back(Simple(Cs + "RejectMessageTemplate", "legal_head", [proposed](WriteFixture& f) {
    return Substitute("name: '$0' note: 'too vague'", proposed(f));
  }));
  // Early-payment discounts (issue 14): finance proposes on an invoice not yet due; the customer's
  // portal user accepts.
  const std::string Pay = "/huikuan.v1.PayingService/";
  auto offer = [](WriteFixture& f, const std::string& customer) {
    const int64_t invoice =
        NewInvoice(f.env(), f.IdOf(customer), 100'000, f.today() - 5, f.today() + 25);
    return Substitute("invoice: '$0' pay_by_date: '$1'", InvoiceName(invoice), f.Day(2));
  };
  cases.push_back(Simple(Pay + "ProposeDiscountOffer", "finance_staff",
                         [offer](WriteFixture& f) { return offer(f, f.Customer()); }));
  {
    WriteCase accept;
    accept.method = Pay + "AcceptDiscountOffer";
    accept.make = [Pay, offer](WriteFixture& f) {
      const std::string c = f.Customer();
      auto offered = f.Call(Pay + "ProposeDiscountOffer", "finance_staff", offer(f, c));
      auto [token, actor] = f.PortalUser(c);
      PreparedWrite write = f.Prepare(Pay + "AcceptDiscountOffer", "customer",
                                      Substitute("name: '$0'", WriteFixture::NameIn(*offered)));
      write.token = token;
      write.actor = actor;
      return write;
    };
    cases.push_back(std::move(accept));
  }
  for (WriteCase& c : cases) {
    if (c.not_read_back.contains("csv")) c.documents.push_back("csv");
  }
  return cases;
}

}  // namespace

const std::vector<WriteCase>& AllWriteCases() {
  static const auto* cases = new std::vector<WriteCase>(BuildCases());
  return *cases;
}

}  // namespace huikuan::testing
