// Server-side paging with AIP-158 page tokens: the page holds one page of rows; "next" follows
// next_page_token, "previous" goes back through the tokens seen. Nothing loads every row.
// Only the latest request's answer is shown: a slow answer to an earlier one (the filters or the
// view changed meanwhile) is dropped. `loadedKey` says which `key()` the shown rows were asked
// for, so a page (and a test) can tell rows of the previous view from the new view's.
import { ref, type Ref } from "vue";
import { toApiError, type ApiError } from "../api/errors";

export interface Page<T> {
  items: T[];
  nextPageToken: string;
}

export function usePagedList<T>(fetchPage: (pageToken: string) => Promise<Page<T>>, key: () => string = () => "") {
  const items = ref([]) as Ref<T[]>;
  const loading = ref(false);
  const error = ref<ApiError | null>(null);
  const tokens = ref<string[]>([""]); // tokens[i] fetches page i
  const pageIndex = ref(0);
  const nextToken = ref("");
  const loadedKey = ref<string | null>(null);
  let latest = 0;

  async function load(index: number) {
    const request = ++latest;
    const requestedKey = key();
    loading.value = true;
    error.value = null;
    try {
      const page = await fetchPage(tokens.value[index]);
      if (request !== latest) return;
      items.value = page.items;
      loadedKey.value = requestedKey;
      nextToken.value = page.nextPageToken;
      pageIndex.value = index;
      if (page.nextPageToken && tokens.value.length === index + 1) tokens.value.push(page.nextPageToken);
    } catch (e) {
      if (request === latest) error.value = toApiError(e);
    } finally {
      if (request === latest) loading.value = false;
    }
  }

  const reload = () => load(pageIndex.value);
  const restart = () => {
    tokens.value = [""];
    return load(0);
  };
  const next = () => (nextToken.value ? load(pageIndex.value + 1) : Promise.resolve());
  const previous = () => (pageIndex.value > 0 ? load(pageIndex.value - 1) : Promise.resolve());

  return { items, loading, error, pageIndex, nextToken, loadedKey, reload, restart, next, previous };
}
