// Form primitives: a label, an optional hint and an error tied to the input
// (aria-describedby + aria-invalid), so screen readers announce them together.
import type { InputHTMLAttributes } from "react";

type FieldProps = {
  id: string;
  label: string;
  hint?: string;
  error?: string | null;
  inputProps: InputHTMLAttributes<HTMLInputElement> & { name: string };
};

export function Field({ id, label, hint, error, inputProps }: FieldProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-semibold">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-700">
          {hint}
        </p>
      ) : null}
      {error ? (
        // role=alert: announced when it appears after a submit without a page load.
        <p id={errorId} role="alert" className="text-sm font-semibold text-red-800">
          <span aria-hidden="true">⚠ </span>
          {error}
        </p>
      ) : null}
      <input
        id={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        {...inputProps}
      />
    </div>
  );
}
