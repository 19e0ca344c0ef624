// The pay page's preview code (app/lib/plan-preview.ts), loaded once by a dynamic import:
// the server's loader uses it directly, the browser when the debtor first touches the form,
// which keeps the schedule engine, the policy and zod off the page's first load.
import type { Resolver } from "react-hook-form";
import type { ChoiceFormValues } from "~/lib/plan-preview";

export type PreviewEngine = typeof import("~/lib/plan-preview");
let engine: Promise<PreviewEngine> | undefined;
/** The preview's code, imported once; a failed load (network) is tried again next time. */
export function loadEngine(): Promise<PreviewEngine> {
  engine ??= import("~/lib/plan-preview").catch((error: unknown) => {
    engine = undefined;
    throw error;
  });
  return engine;
}

/** The form's schema, through the lazily loaded engine (react-hook-form awaits resolvers). */
export const choiceResolver: Resolver<ChoiceFormValues> = async (values, context, options) =>
  (await loadEngine()).choiceResolver(values, context, options);
