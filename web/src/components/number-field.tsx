/**
 * A labelled number input. `whole` counts (boxes, units) get the numeric keypad and steps of 1;
 * anything else (grams, rpm) takes decimals. Required unless said otherwise.
 */
export function NumberField(props: {
  label: string;
  value: string;
  onInput: (v: string) => void;
  whole?: boolean;
  min?: string;
  step?: string;
  required?: boolean;
}) {
  return (
    <label class="field">
      <span>{props.label}</span>
      <input
        type="number"
        inputMode={props.whole ? "numeric" : "decimal"}
        required={props.required ?? true}
        step={props.step ?? (props.whole ? "1" : "any")}
        min={props.min}
        value={props.value}
        onInput={(e) => props.onInput(e.currentTarget.value)}
      />
    </label>
  );
}
