// Page titles (the browser tab, what a screen reader announces first) of the debtor's pages,
// in English and Spanish. Neutral on pages reached from a link: no creditor, no amount.
// Keys must match between the languages.
export const en = {
  "title.portal": "Payment portal",
  "title.notFound": "Page not found",
  "title.secure": "Secure page",
  "title.code": "Enter your code",
  "title.real": "Is this real?",
  "title.signedOut": "Signed out",
  "title.accounts": "Your accounts",
  "title.statement": "Your statement",
  "title.print": "Statement",
  "title.pay": "Choose how to pay",
  "title.review": "Review and confirm",
  "title.payNow": "Pay now",
  "title.plan": "Your plan",
  "title.authorization": "Payment authorization",
  "title.payment": "Payment",
  "title.hardship": "I can't pay right now",
  "title.dispute": "Dispute",
  "title.disputeReceived": "Dispute received",
  "title.receipts": "Payments and receipts",
  "title.receipt": "Receipt",
  "title.preferences": "Preferences",
  "title.emailPreferences": "Email preferences",
};

export const es: Record<keyof typeof en, string> = {
  "title.portal": "Portal de pagos",
  "title.notFound": "Página no encontrada",
  "title.secure": "Página segura",
  "title.code": "Escriba su código",
  "title.real": "¿Es esto real?",
  "title.signedOut": "Sesión cerrada",
  "title.accounts": "Sus cuentas",
  "title.statement": "Su estado de cuenta",
  "title.print": "Estado de cuenta",
  "title.pay": "Elija cómo pagar",
  "title.review": "Revisar y confirmar",
  "title.payNow": "Pagar ahora",
  "title.plan": "Su plan",
  "title.authorization": "Autorización de pago",
  "title.payment": "Pago",
  "title.hardship": "No puedo pagar ahora",
  "title.dispute": "Disputa",
  "title.disputeReceived": "Disputa recibida",
  "title.receipts": "Pagos y recibos",
  "title.receipt": "Recibo",
  "title.preferences": "Preferencias",
  "title.emailPreferences": "Preferencias de correo electrónico",
};

export type TitleKey = keyof typeof en;

type MetaArgs = { matches: ReadonlyArray<{ id: string; data?: unknown } | undefined> };

/**
 * A route's `meta`: its title in the page's language, from the texts the root loader sent
 * (English when there are none, e.g. on an error page), then any other tags.
 */
export function pageTitle(key: TitleKey, ...rest: Array<Record<string, string>>) {
  return ({ matches }: MetaArgs) => {
    const root = matches.find((match) => match?.id === "root")?.data as
      { messages?: Record<string, string> } | undefined;
    return [{ title: root?.messages?.[key] ?? en[key] }, ...rest];
  };
}
