// People by name, not as "users/12": the company directory (IdentityService.ListUsers, open to
// all staff) loaded once per session and shared by every page that shows who owns, holds or
// recorded something. A role without the directory (the customer portal) sees the id.
import { ref } from "vue";
import { identityClient } from "../api/clients";
import { useSessionStore } from "../stores/session";

const names = ref(new Map<string, string>());
let loading: Promise<void> | null = null;

async function loadDirectory(): Promise<void> {
  const found = new Map<string, string>();
  let pageToken = "";
  do {
    const response = await identityClient.listUsers({ pageSize: 500, pageToken });
    for (const user of response.users) found.set(user.name, user.displayName || user.username);
    pageToken = response.nextPageToken;
  } while (pageToken);
  names.value = found;
}

export function useUserNames() {
  const session = useSessionStore();
  if (loading === null && session.can("IdentityService/ListUsers")) {
    loading = loadDirectory().catch(() => {
      // Names are a convenience: without them a page shows the user's id. Try again next time.
      loading = null;
    });
  }
  return {
    names,
    // "users/12" -> "销售 王磊"; "" stays "".
    nameOf: (user: string) => (user === "" ? "" : (names.value.get(user) ?? user)),
  };
}
