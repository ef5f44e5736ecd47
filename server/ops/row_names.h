// How an operation over many rows names a row and its fields in errors, in its caller's terms:
// an RPC's "invoices[3].order_number", a file's "rows[4].order_number". Operations name fields by
// their own names ("customer", "order_number", "invoice_number", "amount_fen"); a caller whose
// input calls them otherwise (a CSV column "customer_external_id") maps them.
#ifndef HUIKUAN_SERVER_OPS_ROW_NAMES_H_
#define HUIKUAN_SERVER_OPS_ROW_NAMES_H_

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace huikuan::ops {

class RowNames {
 public:
  virtual ~RowNames() = default;
  // "invoices[3]", "invoice", "rows[4]".
  virtual std::string Row(size_t index) const = 0;
  // Row(index) + "." + the caller's name for `field`.
  std::string Field(size_t index, absl::string_view field) const;

 protected:
  // The caller's name for an operation's field name; the same name unless overridden.
  virtual std::string Rename(absl::string_view field) const { return std::string(field); }
};

// "<collection>[i]": the rows of a repeated request field, numbered from 0.
class RepeatedField : public RowNames {
 public:
  explicit RepeatedField(std::string collection) : collection_(std::move(collection)) {}
  std::string Row(size_t index) const override;

 private:
  std::string collection_;
};

// One message field ("invoice", "payment"): every row has the same name.
class SingleField : public RowNames {
 public:
  explicit SingleField(std::string name) : name_(std::move(name)) {}
  std::string Row(size_t) const override { return name_; }

 private:
  std::string name_;
};

// "rows[N]" of a file, N = first_row + index (1 for the first data row), with the file's column
// names for the operation's fields.
class FileRows : public RowNames {
 public:
  FileRows(size_t first_row, std::vector<std::pair<std::string, std::string>> columns)
      : first_row_(first_row), columns_(std::move(columns)) {}
  std::string Row(size_t index) const override;

 protected:
  std::string Rename(absl::string_view field) const override;

 private:
  size_t first_row_;
  std::vector<std::pair<std::string, std::string>> columns_;  // (operation field, column)
};

}  // namespace huikuan::ops

#endif  // HUIKUAN_SERVER_OPS_ROW_NAMES_H_
