// A namespace import, so the bundler keeps only what is used (~5 KB, not ~85 KB).
import * as z from "zod/mini";

const time = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, "preferences.error.time"));

// A checkbox posts "on" (or nothing) natively, and is a boolean in react-hook-form.
const checkbox = z.pipe(
  z.optional(z.union([z.boolean(), z.string()])),
  z.transform((v) => v === true || v === "on"),
);

/** Times are HH:MM or empty. */
export const preferencesFormSchema = z
  .object({
    optOutEmail: checkbox,
    optOutSms: checkbox,
    language: z.enum(["en", "es"], { error: "preferences.error.language" }),
    quietStart: z.optional(z.union([z.literal(""), time])),
    quietEnd: z.optional(z.union([z.literal(""), time])),
  })
  .check(
    z.refine((v) => Boolean(v.quietStart) === Boolean(v.quietEnd), {
      path: ["quietEnd"],
      message: "preferences.error.bothTimes",
    }),
  );

export type PreferencesForm = z.output<typeof preferencesFormSchema>;
