// Debtor-facing texts of the review of a chosen plan and of its payment authorization
// (English, Spanish). The authorization's wording is what the debtor agrees to: change it
// → bump AUTHORIZATION_VERSION (app/lib/plan-authorization.ts). Choosing a plan: plans.ts.
// Tone: plain, calm, never accusatory, no fake urgency, always a way forward.
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "plans.every.weekly": "one every week",
  "plans.every.biweekly": "one every two weeks",
  "plans.every.monthly": "one every month",

  "plans.review.title": "Review and confirm",
  "plans.review.intro":
    "Please check everything below. Nothing is charged until you add a payment method on the next step.",
  "plans.review.summary": "What you are agreeing to",
  "plans.review.kind": "Type",
  "plans.review.total": "Total",
  "plans.review.frequency": "How often",
  "plans.review.payments": "Number of payments",
  "plans.review.first": "First payment",
  "plans.review.last": "Last payment",
  "plans.review.method": "Payment method",
  "plans.review.methodValue":
    "You will add a card or bank account on the next step, on Stripe's secure page. We never see your full card number, and there are no fees.",
  "plans.review.cancel": "How to cancel",
  "plans.review.cancelValue":
    "Any time on your plan page, or by contacting {creditor} at {phone} or {email}.",
  "plans.review.authTitle": "Payment authorization",
  "plans.review.authHint":
    "Please read this. It stays on your plan page, and you can print it or save it as a PDF with your browser's Print option.",
  "plans.review.agree": "I have read this authorization and I agree to it",
  "plans.review.submit": "Agree and continue",
  "plans.review.change": "Change my choice",

  "plans.auth.recurring":
    "I, {name}, authorize {creditor} to charge the card or bank account I add on the next step {count} times, {every}, from {start} to {end}, for a total of {total}. The payments are: {schedule}. Each payment is charged on its due date. No fees are added. I can cancel this authorization at any time on my plan page or by contacting {creditor} at {phone} or {email}; a payment already in progress when I cancel may still go through. If an amount or a date ever needs to change, I will be told at least 10 days before. I can print or save a copy of this authorization.",
  "plans.auth.single":
    "I, {name}, authorize {creditor} to charge the card or bank account I add on the next step once, {total} on {date}, to pay this account in full. No fees are added. I can cancel this authorization before the payment is made on my plan page or by contacting {creditor} at {phone} or {email}. I can print or save a copy of this authorization.",
  "plans.auth.settlement":
    "I, {name}, authorize {creditor} to charge the card or bank account I add on the next step once, {total} on {date}. {creditor} accepts this amount to settle the account, which has a balance of {balance}. No fees are added. I can cancel this authorization before the payment is made on my plan page or by contacting {creditor} at {phone} or {email}. I can print or save a copy of this authorization.",
  "plans.auth.item": "{date}: {amount}",
};

export const es: Record<keyof typeof en, string> = {
  "plans.every.weekly": "uno cada semana",
  "plans.every.biweekly": "uno cada dos semanas",
  "plans.every.monthly": "uno cada mes",

  "plans.review.title": "Revise y confirme",
  "plans.review.intro":
    "Revise todo lo que aparece abajo. No se cobra nada hasta que agregue un método de pago en el siguiente paso.",
  "plans.review.summary": "Lo que está aceptando",
  "plans.review.kind": "Tipo",
  "plans.review.total": "Total",
  "plans.review.frequency": "Con qué frecuencia",
  "plans.review.payments": "Número de pagos",
  "plans.review.first": "Primer pago",
  "plans.review.last": "Último pago",
  "plans.review.method": "Método de pago",
  "plans.review.methodValue":
    "Agregará una tarjeta o cuenta bancaria en el siguiente paso, en la página segura de Stripe. Nunca vemos el número completo de su tarjeta y no hay cargos.",
  "plans.review.cancel": "Cómo cancelar",
  "plans.review.cancelValue":
    "En cualquier momento en la página de su plan, o comunicándose con {creditor} al {phone} o {email}.",
  "plans.review.authTitle": "Autorización de pago",
  "plans.review.authHint":
    "Léala, por favor. Queda en la página de su plan, y puede imprimirla o guardarla como PDF con la opción Imprimir de su navegador.",
  "plans.review.agree": "Leí esta autorización y la acepto",
  "plans.review.submit": "Aceptar y continuar",
  "plans.review.change": "Cambiar mi elección",

  "plans.auth.recurring":
    "Yo, {name}, autorizo a {creditor} a cobrar a la tarjeta o cuenta bancaria que agregue en el siguiente paso {count} veces, {every}, del {start} al {end}, por un total de {total}. Los pagos son: {schedule}. Cada pago se cobra en su fecha. No se agregan cargos. Puedo cancelar esta autorización en cualquier momento en la página de mi plan o comunicándome con {creditor} al {phone} o {email}; un pago que ya esté en proceso cuando cancele podría completarse. Si alguna vez un monto o una fecha tiene que cambiar, se me avisará con al menos 10 días de anticipación. Puedo imprimir o guardar una copia de esta autorización.",
  "plans.auth.single":
    "Yo, {name}, autorizo a {creditor} a cobrar a la tarjeta o cuenta bancaria que agregue en el siguiente paso una sola vez, {total} el {date}, para pagar esta cuenta por completo. No se agregan cargos. Puedo cancelar esta autorización antes de que se haga el pago en la página de mi plan o comunicándome con {creditor} al {phone} o {email}. Puedo imprimir o guardar una copia de esta autorización.",
  "plans.auth.settlement":
    "Yo, {name}, autorizo a {creditor} a cobrar a la tarjeta o cuenta bancaria que agregue en el siguiente paso una sola vez, {total} el {date}. {creditor} acepta este monto para liquidar la cuenta, que tiene un saldo de {balance}. No se agregan cargos. Puedo cancelar esta autorización antes de que se haga el pago en la página de mi plan o comunicándome con {creditor} al {phone} o {email}. Puedo imprimir o guardar una copia de esta autorización.",
  "plans.auth.item": "{date}: {amount}",
};
