// One schema for the dispute form, used by the page and by the action (zod/mini keeps the
// browser bundle small).
// A namespace import, so the bundler keeps only what is used (~5 KB, not ~85 KB).
import * as z from "zod/mini";

export const DISPUTE_REASONS = [
  "not_my_debt",
  "wrong_amount",
  "original_creditor",
  "other",
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];
export const DISPUTE_DETAILS_MAX = 2000;

export const disputeFormSchema = z
  .object({
    reason: z.enum(DISPUTE_REASONS, { error: "dispute.error.reason" }),
    details: z.pipe(
      z.optional(z.string()),
      z.transform((v) => (v ?? "").trim()),
    ),
  })
  .check(
    z.refine((v) => v.details.length <= DISPUTE_DETAILS_MAX, {
      path: ["details"],
      message: "dispute.error.tooLong",
    }),
    z.refine((v) => v.reason !== "other" || v.details.length > 0, {
      path: ["details"],
      message: "dispute.error.details",
    }),
  );

export type DisputeForm = z.output<typeof disputeFormSchema>;

/** The longest answer a creditor may give to a dispute. */
export const DISPUTE_ANSWER_MAX = 4000;

/** What is wrong with a creditor's (trimmed) answer to a dispute, or null when it will do. */
export function disputeAnswerProblem(response: string): string | null {
  if (!response) return "Write your answer to the debtor.";
  if (response.length > DISPUTE_ANSWER_MAX) return "Keep the answer to 4,000 characters.";
  return null;
}
