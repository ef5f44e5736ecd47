// The active pledges of a customer's invoices, by invoice name, for the invoice lists: one
// ListPledges call (a customer has few), reloaded after a pledge or a release. Empty for a role
// that may not list pledges.
import { ref } from "vue";
import { financingClient } from "../../api/clients";
import { toApiError, type ApiError } from "../../api/errors";
import type { Pledge } from "../../gen/huikuan/v1/financing_service_pb";
import { useSessionStore } from "../../stores/session";

export function usePledges(customer: string) {
  const session = useSessionStore();
  const byInvoice = ref(new Map<string, Pledge>());
  const error = ref<ApiError | null>(null);
  async function load() {
    if (!session.can("FinancingService/ListPledges")) return;
    try {
      const response = await financingClient.listPledges({ customer, activeOnly: true, pageSize: 1000 });
      byInvoice.value = new Map(response.pledges.map((p) => [p.invoice, p]));
      error.value = null;
    } catch (e) {
      error.value = toApiError(e);
    }
  }
  return { byInvoice, error, load, visible: session.can("FinancingService/ListPledges") };
}
