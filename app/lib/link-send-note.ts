// What happened to a link message, in the creditor's words (the reasons are the outbox's
// sending rules, app/lib/message-rules.ts).
const HOW: Record<"email" | "sms", string> = { email: "by email", sms: "by text message" };

/** What happened to a link message, in the creditor's words (reasons from the outbox's sending rules). */
export function sendNote(channel: "email" | "sms", reason: string | null): string {
  const how = HOW[channel];
  switch (reason) {
    case null:
      return `Link queued ${how}: it goes out with the next message run, within a minute.`;
    case "quiet_hours":
    case "debtor_quiet_window":
      return `Link queued ${how}: it is outside the hours this debtor can be contacted, so it goes out when they open (08:00 to 21:00 their time, or the quiet hours they chose).`;
    case "cadence_day":
    case "cadence_week":
      return `Link queued ${how}: this debtor has had as many messages as the limit allows for now, so it goes out when the limit allows.`;
    case "not_before":
      return `Link queued ${how}: it goes out later.`;
    case "opted_out":
      return `Not sent: the debtor asked not to be contacted ${how}.`;
    case "sms_stopped":
      return "Not sent: this number replied STOP to our texts.";
    case "account_on_hold":
      return "Not sent: the account is on hold while a dispute is answered.";
    case "account_closed":
      return "Not sent: this account is closed, paid or settled.";
    case "no_consent":
      return "Not sent: the debtor has not agreed to be texted on this number.";
    default:
      return `Not sent ${how}: there is no contact detail with a known source for it.`;
  }
}
