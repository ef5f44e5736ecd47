#include "server/core/customer_csv.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/core/csv.h"
#include "server/core/csv_rows.h"
#include "server/core/text_fields.h"
#include "server/core/violations.h"

namespace huikuan::core {
namespace {

enum Column {
  kExternalId,
  kDisplayName,
  kOwner,
  kIndustry,
  kSize,
  kPosition,
  kFounding,
  kTaxGrade,
  kBankLine,
  kRating
};
constexpr absl::string_view kColumns[] = {
    "external_id",      "display_name",      "owner_username", "industry",
    "enterprise_size",  "industry_position", "founding_date",  "tax_credit_grade",
    "bank_credit_line", "third_party_rating"};

constexpr absl::string_view kSizes[] = {"micro", "small", "medium", "large"};
constexpr absl::string_view kPositions[] = {"industry_head", "regional_leader", "sme", "startup"};
constexpr absl::string_view kTaxGrades[] = {"A", "B", "M", "C", "D"};

// The value of an enumerated column, `fallback` when empty; a violation listing the allowed
// values otherwise.
template <size_t N>
std::string OneOf(csv_rows::RowReader& in, Column column, const absl::string_view (&allowed)[N],
                  absl::string_view fallback) {
  const std::string& text = in.Text(column);
  if (text.empty()) return std::string(fallback);
  if (std::find(std::begin(allowed), std::end(allowed), text) == std::end(allowed)) {
    std::string list;
    for (absl::string_view value : allowed) absl::StrAppend(&list, list.empty() ? "" : "|", value);
    in.Bad(kColumns[column], absl::StrCat("must be one of ", list, ": \"", text, "\""));
  }
  return text;
}

}  // namespace

absl::StatusOr<std::vector<CustomerCsvRow>> ParseCustomersCsv(absl::string_view text) {
  return csv_rows::ParseTable<CustomerCsvRow>(text, kColumns, [](csv_rows::RowReader& in) {
    CustomerCsvRow row;
    row.external_id = in.Text(kExternalId);
    if (!IsValidKey(row.external_id)) {
      in.Bad(kColumns[kExternalId], "required: 1-64 characters without control characters");
    }
    row.display_name = in.Text(kDisplayName);
    if (absl::Status name = CheckName("display_name", row.display_name, 200); !name.ok()) {
      in.Bad(kColumns[kDisplayName], GetFieldViolations(name).front().description);
    }
    row.owner_username = in.Required(kOwner, kColumns[kOwner]);
    row.industry = in.Text(kIndustry);
    if (row.industry.size() > 100) in.Bad(kColumns[kIndustry], "must be at most 100 characters");
    row.enterprise_size = OneOf(in, kSize, kSizes, "small");
    row.industry_position = OneOf(in, kPosition, kPositions, "sme");
    if (!in.Text(kFounding).empty()) row.founding_day = in.Date(kFounding, kColumns[kFounding]);
    row.tax_credit_grade = OneOf(in, kTaxGrade, kTaxGrades, "M");
    if (!in.Text(kBankLine).empty()) {
      row.bank_credit_line = in.Amount(kBankLine, kColumns[kBankLine], /*allow_zero=*/true);
    }
    row.third_party_rating = in.Text(kRating);
    if (row.third_party_rating.size() > 16) {
      in.Bad(kColumns[kRating], "must be at most 16 characters");
    }
    return row;
  });
}

std::string WriteCustomersCsv(const std::vector<CustomerCsvRow>& rows) {
  std::string out;
  AppendCsvRecord(std::vector<std::string>(std::begin(kColumns), std::end(kColumns)), out);
  for (const CustomerCsvRow& row : rows) {
    AppendCsvRecord(
        {row.external_id, row.display_name, row.owner_username, row.industry, row.enterprise_size,
         row.industry_position, row.founding_day ? FormatDate(*row.founding_day) : "",
         row.tax_credit_grade, FormatYuan(row.bank_credit_line), row.third_party_rating},
        out);
  }
  return out;
}

}  // namespace huikuan::core
