import { signal } from "@preact/signals";

export type Toast = { id: number; message: string; kind: "success" | "error" | "info" };

/** Results and errors of actions, read out by the live region in the shell. */
export const toasts = signal<Toast[]>([]);
let nextId = 1;

export function toast(message: string, kind: Toast["kind"] = "info"): void {
  const id = nextId++;
  toasts.value = [...toasts.value.slice(-3), { id, message, kind }];
  setTimeout(() => dismissToast(id), kind === "error" ? 8000 : 4000);
}

export function dismissToast(id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}
