// A react-hook-form resolver for our zod/mini schemas. @hookform/resolvers/zod pulls the
// whole of zod (~95 KB gzip) into the browser; this does the same job in a few lines.
import type { FieldErrors, FieldValues, Resolver } from "react-hook-form";

type Issue = { path: PropertyKey[]; message: string };
type SafeParse = (
  input: unknown,
) => { success: true; data: unknown } | { success: false; error: { issues: readonly Issue[] } };

export function schemaResolver<T extends FieldValues>(schema: {
  safeParse: SafeParse;
}): Resolver<T> {
  return async (values) => {
    const result = schema.safeParse(values);
    if (result.success) return { values: result.data as T, errors: {} };
    const errors: Record<string, { type: string; message: string }> = {};
    for (const issue of result.error.issues) {
      const name = issue.path.map(String).join(".") || "root";
      errors[name] ??= { type: "validation", message: issue.message };
    }
    return { values: {}, errors: errors as unknown as FieldErrors<T> };
  };
}
