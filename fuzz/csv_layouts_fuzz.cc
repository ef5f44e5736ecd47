// libFuzzer target: the CSV row layouts on top of the parser: customers (core/customer_csv.h),
// invoices and payments (core/ledger_csv.h) and the IBM late-payment file
// (core/ibm_late_payment.h). The first byte picks the layout. Rows a layout accepts must survive
// its writer: Write(Parse(Write(rows))) == Write(rows), exact to the fen and the day.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "server/core/customer_csv.h"
#include "server/core/ibm_late_payment.h"
#include "server/core/ledger_csv.h"

namespace {

template <typename Parse, typename Write>
void CheckRoundTrip(absl::string_view text, Parse parse, Write write, const char* layout) {
  auto rows = parse(text);
  if (!rows.ok()) return;
  const std::string written = write(*rows);
  auto again = parse(written);
  if (!again.ok() || write(*again) != written) {
    std::fprintf(stderr, "%s CSV: rows accepted from the input do not survive the writer (%s)\n",
                 layout, again.ok() ? "rewritten differently" : "rewritten text rejected");
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const absl::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  namespace core = huikuan::core;
  switch (data[0] % 4) {
    case 0:
      CheckRoundTrip(text, core::ParseCustomersCsv, core::WriteCustomersCsv, "customers");
      break;
    case 1:
      CheckRoundTrip(text, core::ParseInvoicesCsv, core::WriteInvoicesCsv, "invoices");
      break;
    case 2:
      CheckRoundTrip(text, core::ParsePaymentsCsv, core::WritePaymentsCsv, "payments");
      break;
    default:
      (void)core::ParseIbmLatePaymentCsv(text);  // no writer: crashes and sanitizers only
      break;
  }
  return 0;
}
