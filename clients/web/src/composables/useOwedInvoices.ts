// A customer's invoices with something owed, for the forms that pick invoices (payment plans,
// settlements, legal cases): open ones, or overdue ones including disputed. One page of up to
// 200 (the oldest due first as the server orders them); forms that need more take the filter.
import { ref } from "vue";
import { ledgerClient } from "../api/clients";
import { toApiError, type ApiError } from "../api/errors";
import { InvoiceStatus, type Invoice } from "../gen/huikuan/v1/invoice_pb";

export function useOwedInvoices(customer: string, which: "open" | "overdue") {
  const invoices = ref<Invoice[]>([]);
  const error = ref<ApiError | null>(null);
  async function load() {
    try {
      const response = await ledgerClient.listInvoices(
        which === "open" ? { customer, status: InvoiceStatus.OPEN, pageSize: 200 } : { customer, overdueOnly: true, pageSize: 200 },
      );
      invoices.value = response.invoices.filter((i) => i.openFen > 0n);
    } catch (e) {
      error.value = toApiError(e);
    }
  }
  return { invoices, error, load };
}
