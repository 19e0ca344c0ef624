// One schema for the identity check, used by the page (react-hook-form, before posting)
// and by the action (the source of truth). Messages are i18n keys.
// A namespace import, so the bundler keeps only what is used.
import * as z from "zod/mini";
import type { VerificationFact } from "../verification";
import { parseAnswer, type AnswerError } from "../verification-input";

/** The text key for a refused answer: format errors per fact, the date's own reasons. */
export function answerErrorKey(fact: VerificationFact, error: AnswerError): string {
  if (error === "required") return "verify.error.required";
  if (error === "format") return `verify.error.format.${fact}`;
  return `verify.error.dob.${error}`;
}

/** `answer` comes out canonical (YYYY-MM-DD, five digits, four upper-case characters). */
export function verifyFormSchema(fact: VerificationFact, now?: Date) {
  return z.object({
    answer: z.pipe(
      z.optional(z.string()),
      z.transform((raw, ctx) => {
        const parsed = parseAnswer(fact, raw ?? "", now);
        if (parsed.ok) return parsed.value;
        ctx.issues.push({
          code: "custom",
          message: answerErrorKey(fact, parsed.error),
          input: raw,
        });
        return z.NEVER;
      }),
    ),
  });
}

export type VerifyForm = z.output<ReturnType<typeof verifyFormSchema>>;
