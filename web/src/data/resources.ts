import { type Signal, signal } from "@preact/signals";
import { createStore, del, get, set, type UseStore } from "idb-keyval";
import { useEffect } from "preact/hooks";
import type { Topic } from "../../../src/contracts/live";
import { type ApiClient, ApiError, NetworkError } from "./api";
import { rerunning } from "./rerun";

/**
 * Data a page reads, one entry per API path: shown at once from the last copy kept in IndexedDB
 * (so a reload offline still shows the floor its numbers), then revalidated with the ETag, and
 * refetched when the live hub says its topic changed.
 */

export type ResourceState<T> = {
  data: T | undefined;
  /** The copy on screen came from this device's store, not (yet) from the server. */
  fromCache: boolean;
  error: string | null;
  loading: boolean;
  /** When the copy on screen was last confirmed by the server (ms). */
  confirmedAt: number | null;
  /** The server's entity tag of the copy on screen (a batch's carries its version). */
  etag: string | null;
};

type Entry = {
  state: Signal<ResourceState<unknown>>;
  etag: string | null;
  topics: readonly Topic[];
  users: number;
  /** Fetches now, or once more after a fetch already running. */
  refresh: () => Promise<void>;
  stale: boolean;
  /** A fetch is on the wire: it may yet fail after the network came back. */
  fetching: boolean;
  /** Changes only mark it stale (its thing is being deleted: a refetch would find nothing). */
  quiet: boolean;
};

export function createResources(api: ApiClient, store: UseStore = createStore("prt-cache", "copies")) {
  const entries = new Map<string, Entry>();

  function entryOf(path: string, topics: readonly Topic[]): Entry {
    let entry = entries.get(path);
    if (!entry) {
      entry = {
        state: signal<ResourceState<unknown>>({
          data: undefined,
          fromCache: false,
          error: null,
          loading: true,
          confirmedAt: null,
          etag: null,
        }),
        etag: null,
        topics,
        users: 0,
        refresh: () => Promise.resolve(),
        stale: true,
        fetching: false,
        quiet: false,
      };
      const fresh = entry;
      entry.refresh = rerunning(() => load(path, fresh));
      entries.set(path, entry);
      const created = entry;
      void get<{ data: unknown; etag: string | null }>(path, store)
        .then((copy) => {
          if (copy && created.state.value.data === undefined) {
            created.state.value = { ...created.state.value, data: copy.data, fromCache: true, etag: copy.etag };
          }
        })
        .catch(() => undefined);
    }
    return entry;
  }

  async function load(path: string, entry: Entry): Promise<void> {
    entry.stale = false;
    entry.fetching = true;
    try {
      const answer = await api.getFresh<unknown>(path, entry.state.value.fromCache ? null : entry.etag);
      if (answer.status === 304) {
        entry.state.value = { ...entry.state.value, loading: false, error: null, confirmedAt: Date.now() };
        return;
      }
      entry.etag = answer.etag;
      entry.state.value = { data: answer.data, fromCache: false, error: null, loading: false, confirmedAt: Date.now(), etag: answer.etag };
      void set(path, { data: answer.data, etag: answer.etag }, store).catch(() => undefined);
    } catch (error) {
      const message =
        error instanceof NetworkError
          ? "Offline: showing the last copy saved on this device"
          : error instanceof ApiError
            ? error.message
            : "Could not load this page's data";
      entry.state.value = { ...entry.state.value, loading: false, error: message };
    } finally {
      entry.fetching = false;
    }
  }

  /** Fetches now; a change that lands while a fetch is running gets one more after it. */
  function refresh(path: string): Promise<void> {
    return entries.get(path)?.refresh() ?? Promise.resolve();
  }

  /** A topic changed: on-screen data reloads now, the rest when next shown. */
  function topicChanged(topic: Topic): void {
    for (const [path, entry] of entries) {
      if (!entry.topics.includes(topic)) continue;
      if (entry.users > 0 && !entry.quiet) void refresh(path);
      else entry.stale = true;
    }
  }

  /**
   * Back online (or the live socket held again): on-screen data whose last fetch failed is fetched
   * again, since a change noted while offline is not announced a second time. A fetch still on
   * the wire counts as failed: it may have left before the network came back and fail after.
   */
  function retryFailed(): void {
    for (const [path, entry] of entries) {
      if (entry.state.value.error === null && !entry.fetching) continue;
      if (entry.users > 0 && !entry.quiet) void refresh(path);
      else entry.stale = true;
    }
  }

  /** A page shows `path` until the returned stop: live changes refetch it at once meanwhile. */
  function show(path: string, topics: readonly Topic[]): () => void {
    const entry = entryOf(path, topics);
    entry.users++;
    if (entry.stale) void refresh(path);
    return () => {
      entry.users--;
    };
  }

  /** Puts a write's answer on screen at once (the next refetch confirms it). */
  function patch<T>(path: string, update: (data: T) => T): void {
    const entry = entries.get(path);
    const data = entry?.state.value.data as T | undefined;
    if (!entry || data === undefined) return;
    entry.state.value = { ...entry.state.value, data: update(data) };
  }

  /**
   * While the thing at `path` is being deleted, live changes do not refetch it (the delete's own
   * broadcast can arrive before its answer, and the refetch would meet a 404). Returns the resume.
   */
  function quiet(path: string): () => void {
    const entry = entries.get(path);
    if (entry) entry.quiet = true;
    return () => {
      if (entry) entry.quiet = false;
    };
  }

  /** The thing at `path` is gone: its copy leaves this device too (offline it is not shown again). */
  function forget(path: string): void {
    const entry = entries.get(path);
    if (entry) entry.quiet = true;
    void del(path, store).catch(() => undefined);
  }

  function use<T>(path: string | null, topics: readonly Topic[]): ResourceState<T> {
    const entry = path ? entryOf(path, topics) : null;
    useEffect(() => (path ? show(path, topics) : undefined), [path]);
    if (!entry) return { data: undefined, fromCache: false, error: null, loading: false, confirmedAt: null, etag: null };
    return entry.state.value as ResourceState<T>;
  }

  return { use, show, refresh, topicChanged, retryFailed, patch, quiet, forget };
}
