// Server side of "one schema per form": the action's source of truth.
type SafeParser<T> = {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } };
};

export type FieldErrors = Record<string, string>;

export function parseForm<T>(
  schema: SafeParser<T>,
  form: FormData,
): { data: T; errors?: undefined } | { data?: undefined; errors: FieldErrors } {
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

const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/**
 * The posted form. Every action reads its body through this: a body that is not a form
 * (JSON, text, no type) is a 415 and an unreadable one a 400, never a 500.
 */
export async function readForm(request: Request): Promise<FormData> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) {
    throw new Response("This address takes a form. Please send it from its page.", {
      status: 415,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("The form could not be read. Please send it again from its page.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
