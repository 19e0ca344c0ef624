// Branding and disclosures (owners): names, support contact, mailing address, accent
// colour (refused when it fails 4.5:1 on white), collector type, timezone, the fact
// debtors confirm, link lifetime; and the logo (PNG, JPEG or WebP, checked by its bytes).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { BrandingSettings, type BrandingResult } from "~/components/creditor/branding-settings";
import { brandingFormSchema } from "~/lib/creditor-branding";
import { fieldNameFor } from "~/lib/creditor-policy-form";
import { passErrorHeaders } from "~/lib/route-headers";
import {
  accentColorMessage,
  accountsMissingFact,
  brandingValues,
  getCreditor,
  LOGO_MAX_BYTES,
  removeLogo,
  saveBranding,
  saveLogo,
} from "~/models/creditor-settings.server";
import { requireCreditorOwner } from "~/utils/creditor-session.server";
import { enforce } from "~/utils/rate-limit.server";
import { readForm } from "~/utils/forms.server";
import { MalformedUpload, parseUpload } from "~/utils/multipart.server";

export const meta: MetaFunction = () => [{ title: "Branding and disclosures: creditor area" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { creditor: c } = await requireCreditorOwner(request);
  const creditor = await getCreditor(c.id);
  return {
    values: brandingValues(creditor),
    logoPath: creditor.logoPath,
    missing: {
      dob: await accountsMissingFact(creditor.id, "dob"),
      postal_code: await accountsMissingFact(creditor.id, "postal_code"),
      account_last4: 0,
    } as Record<string, number>,
  };
}

type Result = BrandingResult;

export async function action({ request, context }: ActionFunctionArgs) {
  const { creditor, user } = await requireCreditorOwner(request);
  const ip = context.clientIp;
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    enforce("creditorUpload", user.id);
    let form: FormData;
    try {
      form = await parseUpload(
        request,
        unstable_createMemoryUploadHandler({
          maxPartSize: LOGO_MAX_BYTES,
          filter: ({ name }) => name === "logo",
        }),
      );
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return data<Result>(
          {
            kind: "logo",
            ok: false,
            errors: {
              logo: "The logo must be 200 KB or smaller. Export a smaller PNG, JPEG or WebP.",
            },
          },
          { status: 400 },
        );
      }
      if (error instanceof MalformedUpload)
        return data<Result>(
          { kind: "logo", ok: false, errors: { logo: error.message } },
          { status: 400 },
        );
      throw error;
    }
    const file = form.get("logo");
    const bytes =
      file && typeof file !== "string" ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    const outcome = await saveLogo({ creditorId: creditor.id, actorId: user.id, bytes, ip });
    if (!outcome.ok)
      return data<Result>(
        { kind: "logo", ok: false, errors: { logo: outcome.message } },
        { status: 400 },
      );
    return data<Result>({ kind: "logo", ok: true, errors: {}, message: "Logo uploaded." });
  }
  const form = await readForm(request);
  if (form.get("intent") === "remove-logo") {
    await removeLogo({ creditorId: creditor.id, actorId: user.id, ip });
    return data<Result>({ kind: "logo", ok: true, errors: {}, message: "Logo removed." });
  }
  const values = Object.fromEntries(
    [...form.entries()].filter(([, v]) => typeof v === "string"),
  ) as Record<string, string>;
  const parsed = brandingFormSchema.safeParse(values);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[fieldNameFor(issue.path)] ??= issue.message;
    // The contrast error with the actual ratio, so the fix is obvious.
    const contrast = accentColorMessage(values.accentColor ?? "");
    if (errors.accentColor && contrast) errors.accentColor = contrast;
    return data<Result>({ kind: "settings", ok: false, errors, values }, { status: 400 });
  }
  const { changed } = await saveBranding({
    creditorId: creditor.id,
    actorId: user.id,
    form: parsed.data,
    ip,
  });
  return data<Result>({
    kind: "settings",
    ok: true,
    errors: {},
    message: changed.length ? "Branding and disclosures saved." : "Saved (nothing changed).",
  });
}

export default function BrandingPage() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  return <BrandingSettings loaded={loaded} result={result} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
export const headers = passErrorHeaders;
