// The plan policy form: react-hook-form + zodResolver(planPolicySchema) in the browser,
// a native <Form method="post"> underneath, so it works (and validates on the server)
// without JavaScript too. With JavaScript the preview of what sample debtors would be
// offered, and how many open accounts a change affects, follow every keystroke.
import { Form, useSubmit } from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { useForm, useWatch } from "react-hook-form";
import { Field } from "~/components/forms";
import {
  formValuesToPolicyInput,
  flattenFieldErrors,
  FREQUENCY_CHOICES,
  PAYMENT_METHOD_CHOICES,
  policyFormResolver,
  type FlatErrors,
  type PolicyFormValues,
} from "~/lib/creditor-policy-form";
import { planPolicySchema } from "~/lib/policy";
import { ImpactCount, Preview, type Impact } from "./policy-preview";
import { FieldError, FormError } from "./ui";

export type { Impact } from "./policy-preview";

type Props = {
  id: string;
  defaultValues: PolicyFormValues;
  serverErrors?: FlatErrors | null;
  today: string;
  currency: string;
  previewBalances: readonly number[];
  /** GET endpoint answering { impact } for ?policy=<json>; none for one account. */
  impactUrl?: string;
  impact?: Impact | null;
  readOnly?: boolean;
  intent: string;
  submitLabel: string;
  children?: ReactNode;
};

export function PolicyForm(props: Props) {
  const { id, defaultValues, serverErrors, readOnly } = props;
  const submit = useSubmit();
  const { register, handleSubmit, control, formState } = useForm<PolicyFormValues>({
    defaultValues,
    resolver: policyFormResolver,
    mode: "onTouched",
  });
  const clientErrors = flattenFieldErrors(formState.errors);
  const errorFor = (name: string) => clientErrors[name] ?? serverErrors?.[name] ?? null;
  const fieldId = (name: string) => `${id}-${name.replace(/\./g, "-")}`;
  const values = useWatch({ control }) as PolicyFormValues;
  const parsed = useMemo(
    () => planPolicySchema.safeParse(formValuesToPolicyInput({ ...defaultValues, ...values })),
    [values, defaultValues],
  );
  const allErrors = { ...(serverErrors ?? {}), ...clientErrors };
  const errorCount = Object.keys(allErrors).length;

  const text = (
    name:
      | keyof PolicyFormValues
      | "settlement.percentOff"
      | "settlement.expiresOn"
      | "hardship.maxPauseDays",
    label: string,
    hint: string,
    extra: Record<string, unknown> = {},
  ) => {
    const path = name.split(".");
    const value = path.reduce<unknown>(
      (node, key) => (node as Record<string, unknown>)?.[key],
      defaultValues,
    );
    return (
      <Field
        id={fieldId(name)}
        label={label}
        hint={hint}
        error={errorFor(name)}
        inputProps={{
          ...register(name as never),
          defaultValue: String(value ?? ""),
          type: "text",
          inputMode: "numeric",
          autoComplete: "off",
          disabled: readOnly,
          ...extra,
        }}
      />
    );
  };

  const checkbox = (
    name: "payInFull" | "settlementOffered" | "hardship.allowed",
    label: string,
    checked: boolean,
  ) => (
    <div className="flex items-start gap-3">
      <input
        id={fieldId(name)}
        type="checkbox"
        className="mt-1 size-6 shrink-0 accent-blue-800"
        defaultChecked={checked}
        disabled={readOnly}
        {...register(name)}
      />
      <label htmlFor={fieldId(name)} className="font-semibold">
        {label}
      </label>
    </div>
  );

  return (
    <div className="space-y-6">
      <Form
        method="post"
        noValidate
        id={id}
        className="space-y-6"
        aria-describedby={errorCount > 0 ? `${id}-errors` : undefined}
        onSubmit={(event) => {
          const form = event.currentTarget;
          const submitter = (event.nativeEvent as SubmitEvent)
            .submitter as HTMLButtonElement | null;
          void handleSubmit(() => submit(submitter ?? form, { method: "post" }))(event);
        }}
      >
        <input type="hidden" name="intent" value={props.intent} />
        {errorCount > 0 ? (
          <FormError id={`${id}-errors`}>
            {errorCount === 1
              ? "One setting needs attention"
              : `${errorCount} settings need attention`}
            : see the messages below.
          </FormError>
        ) : null}

        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">Ways to pay</legend>
          {checkbox(
            "payInFull",
            "Debtors may pay the whole balance at once",
            defaultValues.payInFull,
          )}
          {checkbox(
            "settlementOffered",
            "Offer a settlement: a discount for paying at once",
            defaultValues.settlementOffered,
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            {text(
              "settlement.percentOff",
              "Settlement discount (%)",
              "1 to 90. Used only when a settlement is offered.",
            )}
            {text(
              "settlement.expiresOn",
              "Settlement offer ends on",
              "The last day it can be accepted, as YYYY-MM-DD.",
              { inputMode: "text", placeholder: "YYYY-MM-DD" },
            )}
          </div>
          <fieldset
            aria-describedby={
              errorFor("paymentMethods") ? fieldId("paymentMethods-error") : undefined
            }
          >
            <legend className="font-semibold">What debtors may pay with</legend>
            <p className="text-sm text-slate-700">
              Only these are offered on the secure payment page. At least one.
            </p>
            <FieldError id={fieldId("paymentMethods-error")} message={errorFor("paymentMethods")} />
            <div className="mt-2 space-y-2">
              {PAYMENT_METHOD_CHOICES.map((m) => (
                <div key={m.value} className="flex items-start gap-2">
                  <input
                    id={fieldId(`paymentMethods-${m.value}`)}
                    type="checkbox"
                    value={m.value}
                    className="mt-0.5 size-6 shrink-0 accent-blue-800"
                    defaultChecked={defaultValues.paymentMethods.includes(m.value)}
                    disabled={readOnly}
                    {...register("paymentMethods")}
                  />
                  <label htmlFor={fieldId(`paymentMethods-${m.value}`)}>{m.label}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </fieldset>

        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">Payment plans</legend>
          <fieldset
            aria-describedby={errorFor("frequencies") ? fieldId("frequencies-error") : undefined}
          >
            <legend className="font-semibold">How often debtors may pay</legend>
            <p className="text-sm text-slate-700">Leave all unticked to offer no plans.</p>
            <FieldError id={fieldId("frequencies-error")} message={errorFor("frequencies")} />
            <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
              {FREQUENCY_CHOICES.map((f) => (
                <div key={f.value} className="flex items-center gap-2">
                  <input
                    id={fieldId(`frequencies-${f.value}`)}
                    type="checkbox"
                    value={f.value}
                    className="size-6 accent-blue-800"
                    defaultChecked={defaultValues.frequencies.includes(f.value)}
                    disabled={readOnly}
                    {...register("frequencies")}
                  />
                  <label htmlFor={fieldId(`frequencies-${f.value}`)}>{f.label}</label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-2">
            {text("minInstallments", "Fewest payments in a plan", "Counting any down payment.")}
            {text("maxInstallments", "Most payments in a plan", "Up to 120.")}
            {text(
              "minInstallmentCents",
              "Smallest payment ($)",
              "No payment is scheduled below this, for example 25.00.",
              { inputMode: "decimal" },
            )}
            {text("maxPlanDays", "Longest plan (days)", "From today to the last payment.")}
            {text(
              "latestFirstPaymentDays",
              "Latest first payment (days from today)",
              "0 means the first payment is due today.",
            )}
            {text(
              "downPaymentPercent",
              "Down payment (%)",
              "0 for none. Taken as the first payment.",
            )}
          </div>
        </fieldset>

        <fieldset className="card space-y-4">
          <legend className="px-1 text-lg font-bold">When things get hard</legend>
          {checkbox(
            "hardship.allowed",
            "Debtors may pause their plan for hardship",
            defaultValues.hardship.allowed,
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            {text("hardship.maxPauseDays", "Longest pause (days)", "Up to 365.")}
            {text("missedPaymentTolerance", "Missed payments before a plan ends", "0 to 6.")}
            {text(
              "retryDays",
              "Retry a failed payment after (days)",
              "Increasing, separated by commas, for example 3, 7.",
              { inputMode: "text" },
            )}
          </div>
        </fieldset>

        {props.children}

        {readOnly ? null : (
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="submitIntent" value="save" className="btn-primary">
              {props.submitLabel}
            </button>
            <button type="submit" name="submitIntent" value="preview" className="btn-secondary">
              Preview without saving
            </button>
          </div>
        )}
      </Form>

      <Preview
        id={id}
        valid={parsed.success}
        policy={parsed.success ? parsed.data : null}
        today={props.today}
        currency={props.currency}
        balances={props.previewBalances}
      />
      {props.impactUrl ? (
        <ImpactCount
          url={props.impactUrl}
          policyJson={parsed.success ? JSON.stringify(parsed.data) : null}
          initial={props.impact ?? null}
        />
      ) : null}
    </div>
  );
}
