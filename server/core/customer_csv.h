// The product's CSV layout for customers (R-TIER-1 profile), like ledger_csv.h for invoices and
// payments: the typed rows an import stores and an export writes, so export -> import is exact.
//
//   external_id,display_name,owner_username,industry,enterprise_size,industry_position,
//   founding_date,tax_credit_grade,bank_credit_line,third_party_rating
//
// external_id: the customer's key in the source system (1-64 characters, no control characters);
// invoice and payment files name customers by it. owner_username: the owning sales user's login.
// enterprise_size: micro|small|medium|large (empty: small); industry_position:
// industry_head|regional_leader|sme|startup (empty: sme); tax_credit_grade: A|B|M|C|D (empty: M);
// founding_date: YYYY-MM-DD or empty; bank_credit_line: yuan with at most 2 decimals, >= 0
// (empty: 0); third_party_rating: up to 16 characters. An export writes every value explicitly.
//
// Errors as ledger_csv.h: every bad row at once, "rows[N].<column>: ...", one per line. Pure.
#ifndef HUIKUAN_SERVER_CORE_CUSTOMER_CSV_H_
#define HUIKUAN_SERVER_CORE_CUSTOMER_CSV_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/core/civil_date.h"
#include "server/core/money.h"
#include "server/core/text_fields.h"

namespace huikuan::core {

struct CustomerCsvRow {
  std::string external_id;
  std::string display_name;  // 1-200 characters
  std::string owner_username;
  std::string industry;  // up to 100 characters
  std::string enterprise_size = "small";
  std::string industry_position = "sme";
  std::optional<EpochDay> founding_day;
  std::string tax_credit_grade = "M";
  Fen bank_credit_line = 0;
  std::string third_party_rating;
};

absl::StatusOr<std::vector<CustomerCsvRow>> ParseCustomersCsv(absl::string_view text);

// Header + one CRLF-ended record per row.
std::string WriteCustomersCsv(const std::vector<CustomerCsvRow>& rows);

}  // namespace huikuan::core

#endif  // HUIKUAN_SERVER_CORE_CUSTOMER_CSV_H_
