// One Connect transport for the whole app: JSON over POST to this origin. The session travels
// in an HttpOnly cookie the page cannot read; connect-web adds Connect-Protocol-Version: 1,
// which the server requires of cookie calls (CSRF).
import { createConnectTransport } from "@connectrpc/connect-web";

export const transport = createConnectTransport({
  baseUrl: window.location.origin,
  useBinaryFormat: false,
  fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: "same-origin" }),
});
