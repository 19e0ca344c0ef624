// Server side of "one schema per form": the action's source of truth.
type SafeParser<T> = {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
};

export type FieldErrors = Record<string, string>;

export function parseForm<T>(schema: SafeParser<T>, form: FormData): { data: T; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
  const input: Record<string, string> = {};
  for (const [key, value] of form) if (typeof value === "string") input[key] = value;
  const result = schema.safeParse(input);
  if (result.success) return { data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return { errors };
}
