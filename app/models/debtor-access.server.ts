// The debtor's way in, shared by /l/<token> and /code: continue → confirm one fact →
// a fresh session. Routes only map the outcome to a response.
import { getCreditorContact, type CreditorContact } from "./creditors.server";
import {
  linkStatus,
  lockMinutesLeft,
  recordLinkOpened,
  type AccessLink,
} from "./access-links.server";
import { getAccountCreditorId } from "./accounts.server";
import { requestFreshLink } from "./link-resend.server";
import { checkAnswer } from "./link-verification.server";
import { audit } from "./audit.server";
import { answerErrorKey, verifyFormSchema } from "~/lib/forms/verify";
import { enforce } from "~/utils/rate-limit.server";
import { parseForm } from "~/utils/forms.server";
import {
  createDebtorSession,
  debtorSessionCookie,
  getDebtorSession,
  invalidateDebtorSession,
} from "~/utils/session.server";

export type PublicCreditor = Pick<
  CreditorContact,
  "displayName" | "supportEmail" | "supportPhone" | "verificationFact"
>;

export type AccessView =
  | { state: "intro"; creditor: PublicCreditor }
  | {
      state: "verify";
      creditor: PublicCreditor;
      /** What the debtor typed, shown again with the error (a page load without JS). */
      answer?: string;
      /** An i18n key (see answerErrorKey), with the tries left after a wrong answer. */
      error?: { message: string; attemptsLeft?: number };
    }
  | { state: "locked"; creditor: PublicCreditor; minutes: number }
  | { state: "invalid" }
  | { state: "resent" };

export type AccessOutcome =
  | { kind: "view"; view: AccessView; status?: number }
  | { kind: "signed-in"; accountId: string; setCookie: string };

async function publicCreditor(link: AccessLink): Promise<PublicCreditor | null> {
  const creditorId = await getAccountCreditorId(link.accountId);
  const contact = creditorId ? await getCreditorContact(creditorId) : null;
  if (!contact) return null;
  const { displayName, supportEmail, supportPhone, verificationFact } = contact;
  return { displayName, supportEmail, supportPhone, verificationFact };
}

/** What a GET shows: never changes anything (mail scanners prefetch links). */
export async function viewForLink(link: AccessLink | null): Promise<AccessView> {
  const status = linkStatus(link);
  if (!link || status === "invalid") return { state: "invalid" };
  const creditor = await publicCreditor(link);
  if (!creditor) return { state: "invalid" };
  if (status === "locked") return { state: "locked", creditor, minutes: lockMinutesLeft(link) };
  return { state: "intro", creditor };
}

export async function handleAccessAction(
  request: Request,
  link: AccessLink | null,
  form: FormData,
  ip: string,
): Promise<AccessOutcome> {
  const intent = form.get("intent");
  if (intent === "resend") {
    enforce("resend", ip);
    await requestFreshLink(link, ip);
    return { kind: "view", view: { state: "resent" } };
  }
  const status = linkStatus(link);
  if (!link || status === "invalid") return { kind: "view", view: { state: "invalid" } };
  const creditor = await publicCreditor(link);
  if (!creditor) return { kind: "view", view: { state: "invalid" } };
  if (status === "locked") {
    return {
      kind: "view",
      view: { state: "locked", creditor, minutes: lockMinutesLeft(link) },
      status: 429,
    };
  }

  if (intent === "continue") {
    enforce("linkOpen", ip);
    await recordLinkOpened(link, ip);
    return { kind: "view", view: { state: "verify", creditor } };
  }
  if (intent !== "verify") return { kind: "view", view: { state: "intro", creditor }, status: 400 };

  enforce("verifyIp", ip);
  enforce("verifyLink", link.id);
  const raw = form.get("answer");
  const typed = typeof raw === "string" ? raw : "";
  const answer = typed.slice(0, 200); // shown again in the field
  // The form's own schema first: an answer that can't be read is asked again, calmly, and
  // is never compared or counted as a try (checkAnswer would refuse it the same way).
  const parsed = parseForm(verifyFormSchema(creditor.verificationFact), form);
  if (parsed.errors) {
    const message = parsed.errors.answer ?? "verify.error.required";
    return {
      kind: "view",
      view: { state: "verify", creditor, answer, error: { message } },
      status: 400,
    };
  }
  const result = await checkAnswer(link, creditor.verificationFact, typed, ip);
  switch (result.result) {
    case "verified": {
      // A new session every time: whatever session id the browser had is dropped (no fixation).
      const previous = await getDebtorSession(request);
      if (previous) await invalidateDebtorSession(previous.id);
      const session = await createDebtorSession(result.debtorId, link.id);
      return {
        kind: "signed-in",
        accountId: result.accountId,
        setCookie: debtorSessionCookie(session.token),
      };
    }
    case "invalid_input": {
      const message = answerErrorKey(creditor.verificationFact, result.error);
      return {
        kind: "view",
        view: { state: "verify", creditor, answer, error: { message } },
        status: 400,
      };
    }
    case "mismatch":
      return {
        kind: "view",
        view: {
          state: "verify",
          creditor,
          answer,
          error: { message: "verify.error.mismatch", attemptsLeft: result.attemptsLeft },
        },
        status: 400,
      };
    case "locked":
      return {
        kind: "view",
        view: { state: "locked", creditor, minutes: result.minutes },
        status: 429,
      };
    case "unusable":
      return { kind: "view", view: { state: "invalid" } };
  }
}

export async function signOut(request: Request, ip: string) {
  const session = await getDebtorSession(request);
  if (!session) return;
  await invalidateDebtorSession(session.id);
  await audit({
    actorType: "debtor",
    actorId: session.debtorId,
    action: "session.signed_out",
    targetType: "debtor_session",
    ip,
  });
}
