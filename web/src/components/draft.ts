import { useLayoutEffect, useRef } from "preact/hooks";

type Editable = HTMLInputElement | HTMLTextAreaElement;

/**
 * Props for an input that shows the server's `value` except while someone is editing it: a save
 * coming back, another field's save or a live refetch re-renders the form, and a controlled input
 * would then put the server's value over what is being typed. Uncontrolled, it takes `value` only
 * when nobody is in it, and on leaving it when nothing was changed there (the newest value wins).
 */
export function useDraft<T extends Editable = Editable>(value: string) {
  const ref = useRef<T>(null);
  const editing = useRef(false);
  const atFocus = useRef(value);
  const latest = useRef(value);
  latest.current = value;
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && !editing.current && el.value !== value) el.value = value;
  }, [value]);
  return {
    ref,
    defaultValue: value,
    onFocus: (e: Event) => {
      editing.current = true;
      atFocus.current = (e.currentTarget as T).value;
    },
    onBlur: (e: Event) => {
      editing.current = false;
      const el = e.currentTarget as T;
      if (el.value === atFocus.current && el.value !== latest.current) el.value = latest.current;
    },
  };
}
