/**
 * The pay page's preview of a choice: the form's raw values, checked by the form's schema,
 * then by the plan builder (policy, balance, dates). The server renders it (the page works
 * without JavaScript); the browser loads this module only when the debtor first changes
 * the form (a dynamic import), so the schedule engine, the policy and zod stay off the
 * page's first load.
 *
 * Pure: no I/O, safe in the browser.
 */
import { CHOICE_KINDS, choiceToFields, planChoiceSchema, type ChoiceKind } from "./forms/plan";
import {
  defaultChoice,
  evaluateChoice,
  type BuilderContext,
  type ChoiceError,
  type ChoiceResult,
} from "./plan-builder";
import { schemaResolver } from "./schema-resolver";

export { defaultChoice } from "./plan-builder";

/** The builder form as the browser holds it: strings, as typed ("" kind: not chosen yet). */
export type ChoiceFormValues = {
  kind: ChoiceKind | "";
  frequency: string;
  count: string;
  startDate: string;
};

/** Shape errors from the schema, then the policy's verdict: same code on both sides. */
export function previewChoice(ctx: BuilderContext, values: ChoiceFormValues): ChoiceResult {
  const parsed = planChoiceSchema.safeParse(values);
  if (!parsed.success) {
    const errors: ChoiceError[] = parsed.error.issues.map((i) => ({
      field: String(i.path[0] ?? "form") as ChoiceError["field"],
      key: i.message,
    }));
    return { ok: false, errors };
  }
  return evaluateChoice(ctx, parsed.data);
}

/** react-hook-form's resolver for the builder form (the same schema). */
export const choiceResolver = schemaResolver<ChoiceFormValues>(planChoiceSchema);

/**
 * The form's values from the page's query. Nothing is chosen for the debtor: the way to
 * pay (`kind`) is empty until they pick one (GOV.UK: never preselect a radio); a plan's
 * details start at the first allowed frequency, its smallest count and today, so that
 * choosing "a payment plan" shows a schedule at once.
 */
export function initialValues(ctx: BuilderContext, query: URLSearchParams): ChoiceFormValues {
  const fallback = defaultChoice(ctx);
  const kind = query.get("kind") ?? "";
  return {
    kind: (CHOICE_KINDS as readonly string[]).includes(kind) ? (kind as ChoiceKind) : "",
    frequency:
      query.get("frequency") ?? (fallback.kind === "installments" ? fallback.frequency : ""),
    count: query.get("count") ?? (fallback.kind === "installments" ? String(fallback.count) : ""),
    startDate: query.get("startDate") ?? ctx.today,
  };
}

/** The review step's query for a valid choice (only the fields its kind uses), or null. */
export function reviewQuery(ctx: BuilderContext, values: ChoiceFormValues): string | null {
  const parsed = planChoiceSchema.safeParse(values);
  if (!parsed.success || !evaluateChoice(ctx, parsed.data).ok) return null;
  return new URLSearchParams(choiceToFields(parsed.data)).toString();
}
