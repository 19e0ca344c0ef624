// Form primitives: a label, an optional hint and an error tied to the input
// (aria-describedby + aria-invalid), so screen readers announce them together.
import { useSubmit } from "@remix-run/react";
import { useState, type FormEvent, type InputHTMLAttributes } from "react";
import { useForm, type FieldValues } from "react-hook-form";
import { schemaResolver } from "~/lib/schema-resolver";

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

/**
 * Progressive enhancement for a native <Form>: with JavaScript, react-hook-form checks the
 * same zod schema as the server before submitting; without it, the form posts as is and
 * the server answers with the same errors. Messages are i18n keys.
 */
export function useSchemaForm<T extends FieldValues>(
  schema: Parameters<typeof schemaResolver>[0],
  serverErrors?: Record<string, string>,
) {
  const submit = useSubmit();
  const form = useForm<T>({ resolver: schemaResolver<T>(schema), mode: "onSubmit" });
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    const element = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? element, { method: "post" }))(event);
  };
  const errorKey = (name: string): string | undefined => {
    const clientError = (form.formState.errors as Record<string, { message?: string } | undefined>)[
      name
    ];
    return clientError?.message ?? serverErrors?.[name];
  };
  return { register: form.register, onSubmit, errorKey };
}

/**
 * What the person already chose or typed in a server-rendered form before React took the
 * page over. react-hook-form writes its default values into the inputs when it registers
 * them, so a radio ticked on a slow phone before the scripts ran would be cleared; this
 * reads the form as the browser holds it during the first (hydrating) render, and returns
 * the fields that differ from the defaults, to be set again once the form is registered.
 * After hydration (root.tsx marks it) and on the server it returns nothing.
 */
export function useInputBeforeHydration<T extends Record<string, string>>(
  formId: string,
  defaults: T,
): Partial<T> {
  const [early] = useState<Partial<T>>(() => {
    if (typeof document === "undefined" || document.documentElement.dataset.hydrated) return {};
    const element = document.getElementById(formId);
    if (!(element instanceof HTMLFormElement)) return {};
    const data = new FormData(element);
    const changed: Partial<T> = {};
    for (const name of Object.keys(defaults) as (keyof T & string)[]) {
      const value = data.get(name);
      const now = typeof value === "string" ? value : "";
      if (now !== defaults[name]) changed[name] = now as T[keyof T & string];
    }
    return changed;
  });
  return early;
}
