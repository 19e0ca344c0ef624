// Debtor-facing texts of the pages that belong to messages (email unsubscribe).
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "outbox.unsubscribe.pageTitle": "Email preferences",
  "outbox.unsubscribe.title": "Stop these emails?",
  "outbox.unsubscribe.body":
    "If you unsubscribe, we will stop sending you emails about this account. You can turn emails back on at any time from your secure page, under communication preferences.",
  "outbox.unsubscribe.submit": "Unsubscribe",
  "outbox.unsubscribe.done.title": "You are unsubscribed",
  "outbox.unsubscribe.done.body":
    "We will not send you any more emails. If you change your mind, you can turn emails back on from your secure page, under communication preferences.",
  "outbox.unsubscribe.invalid.title": "This link can't be used",
  "outbox.unsubscribe.invalid.body":
    "We couldn't find what this link is for. If you keep getting emails you don't want, please contact the business that wrote to you, using a phone number you trust.",
};

export const es: Record<keyof typeof en, string> = {
  "outbox.unsubscribe.pageTitle": "Preferencias de correo",
  "outbox.unsubscribe.title": "¿Dejar de recibir estos correos?",
  "outbox.unsubscribe.body":
    "Si cancela la suscripción, dejaremos de enviarle correos sobre esta cuenta. Puede volver a activarlos cuando quiera desde su página segura, en las preferencias de comunicación.",
  "outbox.unsubscribe.submit": "Cancelar la suscripción",
  "outbox.unsubscribe.done.title": "Canceló la suscripción",
  "outbox.unsubscribe.done.body":
    "No le enviaremos más correos. Si cambia de opinión, puede volver a activarlos desde su página segura, en las preferencias de comunicación.",
  "outbox.unsubscribe.invalid.title": "Este enlace no se puede usar",
  "outbox.unsubscribe.invalid.body":
    "No encontramos para qué es este enlace. Si sigue recibiendo correos que no desea, comuníquese con la empresa que le escribió, usando un número de teléfono de confianza.",
};
