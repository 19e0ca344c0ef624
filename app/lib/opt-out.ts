// SMS keywords (CTIA / TCPA practice): a text that is one of these words, in any case and
// with any punctuation or accents, opts the number out, asks for help or opts back in.
export type SmsKeyword = "stop" | "start" | "help" | "other";

const STOP = new Set([
  "STOP",
  "STOPALL",
  "UNSUBSCRIBE",
  "CANCEL",
  "END",
  "QUIT",
  "REVOKE",
  "OPTOUT",
  "NOMAS",
  "ALTO",
  "PARAR",
]);
const START = new Set(["START", "UNSTOP", "YES", "SUBSCRIBE"]);
const HELP = new Set(["HELP", "INFO", "AYUDA"]);

/** "No más!!" → "NOMAS"; " opt-out. " → "OPTOUT". */
export function normalizeKeyword(body: string): string {
  return body
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
}

/** The whole message must be the keyword: "please stop calling my mother" is read by a person. */
export function classifySms(body: string): SmsKeyword {
  const word = normalizeKeyword(body);
  if (STOP.has(word)) return "stop";
  if (START.has(word)) return "start";
  if (HELP.has(word)) return "help";
  return "other";
}

/** E.164 for North American numbers; other numbers keep their digits with a plus. */
export function normalizePhone(phone: string): string | null {
  const digits = phone.replace(/\D/g, "");
  if (digits.length === 10) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith("1")) return `+${digits}`;
  if (phone.trim().startsWith("+") && digits.length >= 8 && digits.length <= 15)
    return `+${digits}`;
  return null;
}
