// Who is logged in, and what the role may call (from the server's permission table, via
// SessionService.GetSession). Pages hide what `can` denies; the server refuses it anyway.
import { defineStore } from "pinia";
import { computed, ref } from "vue";
import type { User } from "../gen/huikuan/v1/user_pb";
import { newRequestId, sessionClient } from "../api/clients";
import { isUnauthenticated } from "../api/errors";

export const useSessionStore = defineStore("session", () => {
  const user = ref<User | null>(null);
  const role = ref("");
  const allowed = ref(new Set<string>());
  const loaded = ref(false);

  const loggedIn = computed(() => user.value !== null);
  const isCustomer = computed(() => role.value === "customer");

  // "LedgerService/CreateInvoice" -> may the role call it?
  function can(method: string): boolean {
    return allowed.value.has(`/huikuan.v1.${method}`);
  }

  // Restores the session from the cookie (a page load); false when there is none.
  async function load(): Promise<boolean> {
    try {
      const session = await sessionClient.getSession({});
      user.value = session.user ?? null;
      role.value = session.role;
      allowed.value = new Set(session.allowedMethods);
      return true;
    } catch (error) {
      if (!isUnauthenticated(error)) throw error;
      clear();
      return false;
    } finally {
      loaded.value = true;
    }
  }

  async function login(username: string, password: string): Promise<void> {
    await sessionClient.login({ username, password });
    await load();
  }

  async function logout(): Promise<void> {
    try {
      await sessionClient.logout({ requestId: newRequestId() });
    } finally {
      clear();
    }
  }

  function clear() {
    user.value = null;
    role.value = "";
    allowed.value = new Set();
  }

  return { user, role, loaded, loggedIn, isCustomer, can, load, login, logout, clear };
});
