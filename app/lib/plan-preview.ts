/**
 * The pay page's preview of a choice: the form's raw values, checked by the form's schema,
 * then by the plan builder (policy, balance, dates). The server renders it (the page works
 * without JavaScript); the browser loads this module only when the debtor first changes
 * the form (a dynamic import), so the schedule engine, the policy and zod stay off the
 * page's first load.
 *
 * Pure: no I/O, safe in the browser.
 */
import { planChoiceSchema, type ChoiceKind } from "./forms/plan";
import {
  evaluateChoice,
  type BuilderContext,
  type ChoiceError,
  type ChoiceResult,
} from "./plan-builder";
import { schemaResolver } from "./schema-resolver";

export { defaultChoice } from "./plan-builder";

/** The builder form as the browser holds it: strings, as typed. */
export type ChoiceFormValues = {
  kind: ChoiceKind;
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
