#include "server/service/term_policy_service.h"

#include <google/protobuf/util/json_util.h>

#include <array>
#include <limits>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/resource_name.h"
#include "server/core/status_macros.h"
#include "server/core/terms.h"
#include "server/core/tiering.h"
#include "server/service/customer_service.h"
#include "server/service/paging.h"
#include "server/service/proto_time.h"
#include "server/service/resource_fields.h"
#include "server/service/status_mapping.h"
#include "server/store/credit_store.h"
#include "server/store/customer_store.h"
#include "server/store/term_policy_store.h"

namespace huikuan::service {
namespace {

constexpr int32_t kNoticeDays = 30;  // R-TERM-3
constexpr core::Tier kTiers[] = {core::Tier::kStrategicCore, core::Tier::kKeyPartner,
                                 core::Tier::kGeneral, core::Tier::kPotential};
constexpr core::Rebate kRebates[] = {core::Rebate::kNone, core::Rebate::kQuarterly,
                                     core::Rebate::kMonthly, core::Rebate::kCashDiscount};

absl::StatusOr<core::Tier> ParseTier(absl::string_view name) {
  for (core::Tier tier : kTiers) {
    if (core::TierName(tier) == name) return tier;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown tier \"", name, "\""));
}

// Validates `rules` with the core's own checks and converts them. INVALID_ARGUMENT naming
// "rules..." fields.
absl::StatusOr<TermRules> RulesToCore(const v1::TermPolicyRules& rules) {
  TermRules policy;
  policy.terms.volume_threshold = rules.volume_threshold_fen();
  policy.terms.volume_early_payment_bonus_days = rules.volume_early_payment_bonus_days();
  policy.terms.joint_promotion_bonus_days = rules.joint_promotion_bonus_days();
  policy.terms.max_term_days = rules.max_term_days();
  policy.terms.new_customer_ladder = rules.new_customer_ladder();
  policy.terms.ladder.clear();
  for (const v1::TermLadderStep& step : rules.ladder()) {
    policy.terms.ladder.push_back(core::LadderStep{step.prepayment_bp(), step.term_days()});
  }
  if (absl::Status status = core::ValidateTermsPolicy(policy.terms); !status.ok()) {
    return FieldViolation("rules", status.message());
  }
  std::array<bool, 4> seen = {false, false, false, false};
  for (int i = 0; i < rules.tier_terms_size(); ++i) {
    const v1::TierTermRow& row = rules.tier_terms(i);
    const std::string field = absl::StrCat("rules.tier_terms[", i, "]");
    absl::StatusOr<core::Tier> tier = ParseTier(row.tier());
    if (!tier.ok()) {
      return FieldViolation(absl::StrCat(field, ".tier"),
                            "must be strategic_core, key_partner, general or potential");
    }
    const int index = static_cast<int>(*tier);
    if (seen[index]) return FieldViolation(absl::StrCat(field, ".tier"), "appears twice");
    seen[index] = true;
    core::TierTerms& terms = policy.matrix[index];
    terms.base_term_days = row.base_term_days();
    terms.prepayment_bp = row.prepayment_bp();
    bool rebate_known = false;
    for (core::Rebate rebate : kRebates) {
      if (core::RebateName(rebate) == row.rebate()) {
        terms.rebate = rebate;
        rebate_known = true;
      }
    }
    if (!rebate_known) {
      return FieldViolation(absl::StrCat(field, ".rebate"),
                            "must be none, quarterly, monthly or cash_discount");
    }
    if (row.has_min_order_share_bp()) {
      if (*tier == core::Tier::kPotential) {
        return FieldViolation(absl::StrCat(field, ".min_order_share_bp"),
                              "the potential tier has no minimum share");
      }
      policy.min_order_share_bp[index] = row.min_order_share_bp();
    }
  }
  if (seen != std::array<bool, 4>{true, true, true, true}) {
    return FieldViolation("rules.tier_terms", "must have exactly one row per tier (4 rows)");
  }
  if (absl::Status status = core::ValidateTieringConfig(policy.Tiering()); !status.ok()) {
    return FieldViolation("rules.tier_terms", status.message());
  }
  return policy;
}

v1::TermPolicy PolicyToProto(const store::TermPolicyRecord& record) {
  v1::TermPolicy proto;
  proto.set_name(core::FormatResourceName("termPolicies", record.version));
  proto.set_version(record.version);
  proto.set_published_date(record.published_date);
  proto.set_effective_date(record.effective_date);
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  // Written by PublishTermPolicy from validated rules; always parses.
  (void)google::protobuf::util::JsonStringToMessage(record.rules_json, proto.mutable_rules(),
                                                    options);
  proto.set_comment(record.comment);
  proto.set_create_user(core::FormatResourceName("users", record.created_by));
  *proto.mutable_create_time() = ToProtoTimestamp(record.create_time);
  return proto;
}

// Today's civil day in the company's time zone (Asia/Shanghai, no DST).
absl::StatusOr<core::EpochDay> Today(absl::Time now) {
  return core::ToEpochDay(absl::ToCivilDay(now, absl::FixedTimeZone(8 * 3600)));
}

std::vector<store::TermPolicyRecord> AllPolicies(store::ConnectionPool::Lease& db) {
  return store::ListTermPolicies(db, 0, std::numeric_limits<int>::max());
}

}  // namespace

core::TieringConfig TermRules::Tiering() const {
  core::TieringConfig tiering;
  tiering.terms = matrix;
  tiering.strategic_min_share_bp = min_order_share_bp[0];
  tiering.key_min_share_bp = min_order_share_bp[1];
  tiering.general_min_share_bp = min_order_share_bp[2];
  return tiering;
}

absl::StatusOr<TermRules> TermRulesInForce(store::ConnectionPool::Lease& db, core::EpochDay day) {
  const std::vector<store::TermPolicyRecord> policies = AllPolicies(db);
  std::vector<core::EpochDay> effective_days;
  for (const auto& record : policies) {
    HK_ASSIGN_OR_RETURN(core::EpochDay effective, core::ParseDate(record.effective_date));
    effective_days.push_back(effective);
  }
  absl::StatusOr<size_t> in_force = core::PolicyVersionInForce(effective_days, day);
  if (absl::IsNotFound(in_force.status())) return TermRules();
  HK_RETURN_IF_ERROR(in_force.status());
  const v1::TermPolicy version = PolicyToProto(policies[*in_force]);
  absl::StatusOr<TermRules> rules = RulesToCore(version.rules());
  if (!rules.ok()) {
    return absl::InternalError(absl::StrCat(version.name(), " has unreadable rules"));
  }
  rules->version = version.version();
  return rules;
}

grpc::Status TermPolicyServiceImpl::PublishTermPolicy(grpc::ServerContext* context,
                                                      const v1::PublishTermPolicyRequest* request,
                                                      v1::PublishTermPolicyResponse* response) {
  return runtime_.Write(
      context, *request, request->request_id(), response, [&](WriteScope& write) -> absl::Status {
        absl::StatusOr<core::EpochDay> effective = core::ParseDate(request->effective_date());
        if (!effective.ok()) {
          return FieldViolation("effective_date", "must be a date YYYY-MM-DD (1900-2199)");
        }
        if (!request->has_rules()) return FieldViolation("rules", "is required");
        HK_RETURN_IF_ERROR(RulesToCore(request->rules()).status());
        if (request->comment().size() > 2000) {
          return FieldViolation("comment", "must be at most 2000 characters");
        }
        HK_ASSIGN_OR_RETURN(core::EpochDay today, Today(write.now));
        // Locks the last version so concurrent publishers take consecutive numbers.
        const int64_t latest = store::LatestTermPolicyVersion(write.db, true);
        if (latest == 0) {
          // The first version replaces the core's defaults and may take effect at once, but never
          // retroactively: invoices already issued keep the terms they got.
          if (*effective < today) {
            return absl::FailedPreconditionError(absl::StrCat(
                "R-TERM-3: effective_date ", request->effective_date(), " is before today ",
                core::FormatDate(today), ": a policy never applies retroactively"));
          }
        } else if (absl::Status notice =
                       core::CheckPolicyNoticePeriod(today, *effective, kNoticeDays);
                   !notice.ok()) {
          if (notice.code() != absl::StatusCode::kFailedPrecondition) return notice;
          return absl::FailedPreconditionError(
              absl::StrCat("R-TERM-3: a policy change takes effect no earlier than ", kNoticeDays,
                           " days after it is published: ", notice.message()));
        }
        store::TermPolicyRecord record;
        record.version = latest + 1;
        record.published_date = core::FormatDate(today);
        record.effective_date = core::FormatDate(*effective);
        google::protobuf::util::JsonPrintOptions options;
        options.preserve_proto_field_names = true;
        options.always_print_primitive_fields = true;
        if (!google::protobuf::util::MessageToJsonString(request->rules(), &record.rules_json,
                                                         options)
                 .ok()) {
          return absl::InternalError("cannot encode the policy rules");
        }
        record.comment = request->comment();
        record.created_by = write.caller.user_id;
        record.create_time = write.now;
        store::InsertTermPolicy(write.db, record);
        *response->mutable_term_policy() = PolicyToProto(record);
        write.Audit(response->term_policy().name(), nullptr, &response->term_policy());
        return absl::OkStatus();
      });
}

grpc::Status TermPolicyServiceImpl::ListTermPolicies(grpc::ServerContext* context,
                                                     const v1::ListTermPoliciesRequest* request,
                                                     v1::ListTermPoliciesResponse* response) {
  return runtime_.Read(
      context, [&](const Principal&, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int page_size, NormalizePageSize(request->page_size()));
        HK_ASSIGN_OR_RETURN(int64_t after, DecodePageToken(request->page_token()));
        std::vector<store::TermPolicyRecord> policies =
            store::ListTermPolicies(db, after, page_size + 1);
        const bool more = static_cast<int>(policies.size()) > page_size;
        if (more) policies.pop_back();
        for (const auto& policy : policies) *response->add_term_policies() = PolicyToProto(policy);
        if (more) response->set_next_page_token(EncodePageToken(policies.back().version));
        return absl::OkStatus();
      });
}

grpc::Status TermPolicyServiceImpl::GetEffectiveTerms(grpc::ServerContext* context,
                                                      const v1::GetEffectiveTermsRequest* request,
                                                      v1::GetEffectiveTermsResponse* response) {
  return runtime_.Read(
      context, [&](const Principal& caller, store::ConnectionPool::Lease& db) -> absl::Status {
        HK_ASSIGN_OR_RETURN(int64_t customer_id,
                            ParseIdField("customers", "customer", request->customer()));
        if (request->order_amount_fen() <= 0 || request->order_amount_fen() > core::kMaxAbsFen) {
          return FieldViolation("order_amount_fen", "must be between 1 and 10^17 fen");
        }
        absl::StatusOr<core::EpochDay> invoice_day = core::ParseDate(request->invoice_date());
        if (!invoice_day.ok()) {
          return FieldViolation("invoice_date", "must be a date YYYY-MM-DD (1900-2199)");
        }
        HK_ASSIGN_OR_RETURN(store::CustomerCreditRecord credit,
                            store::GetCustomerCredit(db, customer_id, false));
        store::CustomerRecord scope;
        scope.id = credit.customer_id;
        scope.owner_user_id = credit.owner_user_id;
        if (!CanSeeCustomer(caller, scope)) {
          return absl::NotFoundError(absl::StrCat(request->customer(), " not found"));
        }

        HK_ASSIGN_OR_RETURN(TermRules policy, TermRulesInForce(db, *invoice_day));
        response->set_policy_version(policy.version);

        // R-TERM-1 inputs: the previous calendar month's orders and how they were paid.
        HK_ASSIGN_OR_RETURN(absl::CivilDay day, core::FromEpochDay(*invoice_day));
        const absl::CivilMonth last_month = absl::CivilMonth(day) - 1;
        const std::string month_start = absl::FormatCivilTime(absl::CivilDay(last_month));
        const std::string month_end = absl::FormatCivilTime(absl::CivilDay(last_month + 1) - 1);
        const store::OrderTermsFacts facts =
            store::LoadOrderTermsFacts(db, customer_id, month_start, month_end);

        HK_ASSIGN_OR_RETURN(core::Tier tier, ParseTier(credit.tier));
        core::OrderTermsInput input;
        input.tier_terms = policy.matrix[static_cast<int>(tier)];
        input.prior_orders = facts.invoice_count;
        input.last_month_orders = facts.month_orders;
        input.last_month_paid_early =
            facts.month_invoices > 0 && facts.month_paid_early == facts.month_invoices;
        input.joint_promotion = request->joint_promotion();
        input.order_amount = request->order_amount_fen();
        input.invoice_day = *invoice_day;
        HK_ASSIGN_OR_RETURN(core::EffectiveTerms terms,
                            core::ComputeEffectiveTerms(input, policy.terms));

        response->set_credit_days(terms.credit_days);
        response->set_prepayment_bp(static_cast<int32_t>(terms.prepayment_bp));
        response->set_prepayment_fen(terms.prepayment);
        response->set_credit_amount_fen(terms.credit_amount);
        if (terms.due_day) response->set_due_date(core::FormatDate(*terms.due_day));
        v1::TermsBreakdown* breakdown = response->mutable_breakdown();
        breakdown->set_tier(std::string(core::TierName(tier)));
        breakdown->set_prior_orders(facts.invoice_count);
        for (const core::TermStep& step : terms.steps) {
          v1::TermStep* out = breakdown->add_steps();
          out->set_step(step.step);
          out->set_days_after(step.days_after);
          out->set_explanation(step.explanation);
        }
        response->set_last_month_orders_fen(facts.month_orders);
        response->set_last_month_paid_early(input.last_month_paid_early);
        return absl::OkStatus();
      });
}

}  // namespace huikuan::service
