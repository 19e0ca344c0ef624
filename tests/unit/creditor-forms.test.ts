import { describe, expect, it } from "vitest";
import {
  contrastOnWhite,
  brandingFormSchema,
  formatRatio,
  parseHexColor,
} from "../../app/lib/creditor-branding";
import {
  flattenFieldErrors,
  formDataToPolicyValues,
  MONEY_FORMAT_MESSAGE,
  policyDifference,
  policyFormResolver,
  policyToFormValues,
  validatePolicyForm,
} from "../../app/lib/creditor-policy-form";
import { creditorRedirect } from "../../app/lib/creditor-paths";
import { DISPUTE_ANSWER_MAX, disputeAnswerProblem } from "../../app/lib/forms/dispute";
import { DEFAULT_POLICY, type PlanPolicy } from "../../app/lib/policy";

const base: PlanPolicy = {
  ...DEFAULT_POLICY,
  frequencies: [...DEFAULT_POLICY.frequencies],
  hardship: { ...DEFAULT_POLICY.hardship },
  retryDays: [...DEFAULT_POLICY.retryDays],
};

describe("policy form values", () => {
  it("round-trips a policy through the form values unchanged", () => {
    const withOffer: PlanPolicy = {
      ...base,
      settlement: { percentOff: 30, expiresOn: "2030-01-31" },
      minInstallmentCents: 2550,
    };
    const values = policyToFormValues(withOffer);
    expect(values.minInstallmentCents).toBe("25.50");
    expect(values.settlement).toEqual({ percentOff: "30", expiresOn: "2030-01-31" });
    const checked = validatePolicyForm(values);
    expect(checked).toEqual({ ok: true, policy: withOffer });
  });

  it("reads a native form post (checkboxes present or absent, repeated frequencies)", () => {
    const form = new FormData();
    form.set("payInFull", "on");
    for (const f of ["weekly", "monthly"]) form.append("frequencies", f);
    form.append("paymentMethods", "us_bank_account");
    for (const [k, v] of Object.entries({
      minInstallments: "3",
      maxInstallments: "10",
      minInstallmentCents: "$20",
      maxPlanDays: "400",
      latestFirstPaymentDays: "14",
      downPaymentPercent: "10",
      "hardship.maxPauseDays": "30",
      missedPaymentTolerance: "1",
      retryDays: "2, 5 9",
      "settlement.percentOff": "",
      "settlement.expiresOn": "",
    }))
      form.set(k, v);
    const values = formDataToPolicyValues(form);
    expect(values.settlementOffered).toBe(false);
    expect(values.hardship.allowed).toBe(false);
    const checked = validatePolicyForm(values);
    expect(checked.ok).toBe(true);
    if (checked.ok) {
      expect(checked.policy).toMatchObject({
        payInFull: true,
        settlement: null,
        frequencies: ["weekly", "monthly"],
        minInstallmentCents: 2000,
        retryDays: [2, 5, 9],
        hardship: { allowed: false, maxPauseDays: 0 },
        paymentMethods: ["us_bank_account"],
      });
    }
    // No way to pay ticked: refused, on that field.
    form.delete("paymentMethods");
    expect(validatePolicyForm(formDataToPolicyValues(form))).toEqual({
      ok: false,
      errors: { paymentMethods: "Allow at least one way to pay: card or US bank account" },
    });
  });

  it("names the field of every problem, with the schema's words (and dollars for money)", () => {
    const values = policyToFormValues(base);
    const crossField = validatePolicyForm({
      ...values,
      minInstallments: "20",
      maxInstallments: "10",
    });
    expect(crossField).toMatchObject({
      ok: false,
      errors: {
        minInstallments: "The minimum number of payments must not be more than the maximum",
      },
    });
    const checked = validatePolicyForm({
      ...values,
      minInstallmentCents: "abc",
      settlementOffered: true,
      settlement: { percentOff: "95", expiresOn: "2030-02-30" },
      retryDays: "7, 3",
    });
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.errors.minInstallmentCents).toBe(MONEY_FORMAT_MESSAGE);
      expect(checked.errors["settlement.percentOff"]).toBe(
        "The settlement discount must be 90% or less",
      );
      expect(checked.errors["settlement.expiresOn"]).toBe("Enter a real date as YYYY-MM-DD");
      expect(checked.errors.retryDays).toBe("List the retry days in increasing order, each once");
    }
  });

  it("the react-hook-form resolver agrees with the server and nests errors by path", async () => {
    const values = {
      ...policyToFormValues(base),
      settlementOffered: true,
      settlement: { percentOff: "0", expiresOn: "" },
    };
    const result = await policyFormResolver(values, undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    const flat = flattenFieldErrors(result.errors);
    const server = validatePolicyForm(values);
    expect(server.ok).toBe(false);
    if (!server.ok) expect(flat).toEqual(server.errors);
    expect(
      (result.errors as Record<string, Record<string, { message: string }>>).settlement.percentOff
        .message,
    ).toBe("The settlement discount must be at least 1%");
    const ok = await policyFormResolver(policyToFormValues(base), undefined, {
      fields: {},
      shouldUseNativeValidation: false,
    });
    expect(ok.errors).toEqual({});
  });

  it("an override holds only the fields that differ", () => {
    expect(policyDifference(base, base)).toEqual({});
    expect(
      policyDifference(base, {
        ...base,
        maxInstallments: 24,
        hardship: { allowed: false, maxPauseDays: 0 },
      }),
    ).toEqual({ maxInstallments: 24, hardship: { allowed: false, maxPauseDays: 0 } });
  });
});

describe("accent colour contrast", () => {
  it("computes WCAG contrast on white", () => {
    expect(parseHexColor("#fff")).toEqual([255, 255, 255]);
    expect(parseHexColor("blue")).toBeNull();
    expect(contrastOnWhite("#000000")).toBeCloseTo(21, 5);
    expect(contrastOnWhite("#ffffff")).toBeCloseTo(1, 5);
    expect(formatRatio(contrastOnWhite("#767676")!)).toBe("4.54:1");
    expect(contrastOnWhite("#777777")!).toBeLessThan(4.5);
  });

  it("the branding schema refuses a colour under 4.5:1 and accepts a darker one", () => {
    const form = {
      displayName: " Brightside ",
      legalName: "Brightside LLC",
      supportEmail: "Billing@Example.com",
      supportPhone: "(212) 555-0140",
      mailingAddress: "1 Main St",
      accentColor: "#777777",
      collectorType: "first_party",
      timezone: "America/New_York",
      verificationFact: "dob",
      linkLifetimeDays: "30",
    };
    const bad = brandingFormSchema.safeParse(form);
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join("."))).toEqual(["accentColor"]);
    const good = brandingFormSchema.safeParse({ ...form, accentColor: "#0F766E" });
    expect(good.success && good.data).toMatchObject({
      displayName: "Brightside",
      supportEmail: "billing@example.com",
      accentColor: "#0f766e",
      linkLifetimeDays: 30,
    });
    expect(
      brandingFormSchema
        .safeParse({
          ...form,
          accentColor: "#0f766e",
          linkLifetimeDays: "400",
          timezone: "Europe/Paris",
        })
        .error?.issues.map((i) => i.path.join(".")),
    ).toEqual(["timezone", "linkLifetimeDays"]);
  });
});

describe("redirects after sign-in", () => {
  it("stay inside the creditor area", () => {
    expect(creditorRedirect("/creditor/accounts?q=1")).toBe("/creditor/accounts?q=1");
    expect(creditorRedirect("/creditorevil")).toBe("/creditor");
    expect(creditorRedirect("//evil.example/creditor")).toBe("/creditor");
    expect(creditorRedirect("/accounts/x")).toBe("/creditor");
    expect(creditorRedirect(null)).toBe("/creditor");
  });
});

describe("a creditor's answer to a dispute", () => {
  it("must say something, and at most 4,000 characters", () => {
    expect(disputeAnswerProblem("")).toBe("Write your answer to the debtor.");
    expect(disputeAnswerProblem("We have corrected the balance.")).toBeNull();
    expect(disputeAnswerProblem("x".repeat(DISPUTE_ANSWER_MAX))).toBeNull();
    expect(disputeAnswerProblem("x".repeat(DISPUTE_ANSWER_MAX + 1))).toBe(
      "Keep the answer to 4,000 characters.",
    );
  });
});
