// One Connect transport for the whole app: JSON over POST to this origin. The session travels
// in an HttpOnly cookie the page cannot read; connect-web adds Connect-Protocol-Version: 1,
// which the server requires of cookie calls (CSRF).
import { Code, ConnectError, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";

// A session that expired or was revoked elsewhere: back to the login page, then here again.
const toLoginWhenSessionEnds: Interceptor = (next) => async (request) => {
  try {
    return await next(request);
  } catch (error) {
    const method = request.method.name;
    if (ConnectError.from(error).code === Code.Unauthenticated && method !== "Login" && method !== "GetSession") {
      const here = window.location.pathname + window.location.search;
      window.location.assign(`/login?next=${encodeURIComponent(here)}`);
    }
    throw error;
  }
};

export const transport = createConnectTransport({
  baseUrl: window.location.origin,
  useBinaryFormat: false,
  interceptors: [toLoginWhenSessionEnds],
  fetch: (input, init) => globalThis.fetch(input, { ...init, credentials: "same-origin" }),
});
