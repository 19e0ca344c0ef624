// Debtor-facing texts of the plan forms to GOV.UK's pattern (English, Spanish): the error
// summary, the choice page's one-line live summary, the range a payment can move in, the
// pause's preview of the new dates, and a proposal above the balance.
// Tone: plain, calm, never accusatory, always a way forward.
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "plans.errorSummary.title": "There is a problem",
  "plans.preview.choose":
    'Choose how you want to pay, then press "Show my schedule" to see every date and amount.',
  "plans.preview.fix": "Correct the problem above to see your schedule.",
  "plans.preview.notYet": "No schedule yet. {problem}",
  "plans.preview.working": "Working out your schedule…",
  "plans.preview.line": "{count} payments of {amount} ({total} in total), the last on {end}.",
  "plans.preview.lineUneven": "{count} payments, {total} in total, the last on {end}.",
  "plans.preview.lineSingle": "One payment of {total} on {date}.",
  "plans.move.window": "Payment {number} can move to a date from {earliest} to {latest}.",
  "plans.move.optionWindow": "Payment {number}: {amount} on {date} (from {earliest} to {latest})",
  "plans.hardship.pause.show": "Show the new dates",
  "plans.hardship.pause.previewTitle": "Your new dates",
  "plans.hardship.pause.previewIntro":
    "If you pause until {date}, your payments move to these dates. The amounts stay the same. Nothing has changed yet.",
  "plans.hardship.pause.previewDay":
    "Your payments stay on the same day of the month: the first one after the pause is on {date}.",
  "plans.hardship.pause.previewNoChange":
    "None of your payments falls before {date}, so your dates stay as they are.",
  "plans.hardship.pause.previewNoPlan":
    "You won't get reminders about this account until {date}. Nothing has changed yet.",
  "plans.hardship.pause.change": "Choose another date",
  "plans.hardship.pause.from": "Was {date}",
  "plans.error.proposalAboveBalance":
    "That is more than you owe ({balance}). Enter {balance} or less, or choose how to pay the full amount.",
};

export const es: Record<keyof typeof en, string> = {
  "plans.errorSummary.title": "Hay un problema",
  "plans.preview.choose":
    "Elija cómo quiere pagar y pulse «Ver mi calendario» para ver cada fecha y monto.",
  "plans.preview.fix": "Corrija el problema de arriba para ver su calendario.",
  "plans.preview.notYet": "Aún no hay calendario. {problem}",
  "plans.preview.working": "Calculando su calendario…",
  "plans.preview.line": "{count} pagos de {amount} ({total} en total), el último el {end}.",
  "plans.preview.lineUneven": "{count} pagos, {total} en total, el último el {end}.",
  "plans.preview.lineSingle": "Un pago de {total} el {date}.",
  "plans.move.window": "El pago {number} se puede mover a una fecha del {earliest} al {latest}.",
  "plans.move.optionWindow": "Pago {number}: {amount} el {date} (del {earliest} al {latest})",
  "plans.hardship.pause.show": "Ver las nuevas fechas",
  "plans.hardship.pause.previewTitle": "Sus nuevas fechas",
  "plans.hardship.pause.previewIntro":
    "Si hace una pausa hasta el {date}, sus pagos pasan a estas fechas. Los montos no cambian. Todavía no se ha cambiado nada.",
  "plans.hardship.pause.previewDay":
    "Sus pagos siguen en el mismo día del mes: el primero después de la pausa es el {date}.",
  "plans.hardship.pause.previewNoChange":
    "Ninguno de sus pagos cae antes del {date}, así que sus fechas no cambian.",
  "plans.hardship.pause.previewNoPlan":
    "No recibirá recordatorios sobre esta cuenta hasta el {date}. Todavía no se ha cambiado nada.",
  "plans.hardship.pause.change": "Elegir otra fecha",
  "plans.hardship.pause.from": "Antes: {date}",
  "plans.error.proposalAboveBalance":
    "Eso es más de lo que debe ({balance}). Escriba {balance} o menos, o elija cómo pagar el total.",
};
