// Debtor-facing texts of choosing a plan: the builder and its schedule preview, and the
// errors of the plan forms (English, Spanish). The review and its authorization:
// plan-review.ts; managing a plan: plan-page.ts.
// Tone: plain, calm, never accusatory, no fake urgency, always a way forward.
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "plans.or": "or",
  "plans.frequency.weekly": "Weekly",
  "plans.frequency.biweekly": "Every two weeks",
  "plans.frequency.monthly": "Monthly",
  "plans.kindName.full": "Pay in full",
  "plans.kindName.settlement": "Settlement",
  "plans.kindName.installments": "Payment plan",
  "plans.back.statement": "Back to your statement",
  "plans.link.hardship": "I can't pay right now",
  "plans.link.plan": "See your plan",
  "plans.link.pay": "Choose how to pay",

  "plans.pay.title": "Choose how to pay",
  "plans.pay.intro":
    "Here are the ways you can pay {creditor}. Nothing is charged on this page: you will see every date and amount, and confirm, before anything is set up.",
  "plans.pay.balance": "Current balance",
  "plans.pay.onHold":
    "This account is on hold while your dispute is reviewed. You can look at the options, but no payment can be set up until {creditor} replies.",
  "plans.pay.hasPlan": "You already have a plan for this account.",
  "plans.pay.nothingOwed": "Nothing is owed on this account. There is nothing to pay.",
  "plans.compare.title": "Your options side by side",
  "plans.compare.caption": "Ways to pay, compared",
  "plans.compare.option": "Option",
  "plans.compare.payments": "Payments",
  "plans.compare.each": "Each payment",
  "plans.compare.total": "Total you pay",
  "plans.compare.last": "Last payment",
  "plans.compare.savings": "You save",
  "plans.compare.full": "Pay in full",
  "plans.compare.settlement": "Settlement ({percent}% off)",
  "plans.compare.plan": "{frequency}, up to {count} payments",
  "plans.compare.downPayment": "{amount} first, then {each}",
  "plans.compare.noSavings": "Nothing",
  "plans.compare.note":
    "Plans have no fees and no interest, so every plan costs the same total. The table shows the longest plan for each frequency; you can choose fewer payments.",
  "plans.form.legend": "How would you like to pay?",
  "plans.kind.full": "Pay in full: {amount}, one payment today",
  "plans.kind.settlement":
    "Settle for {amount}, one payment today (you save {savings}; the offer ends {date})",
  "plans.kind.installments": "A payment plan, with no fees",
  "plans.form.details": "Your payment plan",
  "plans.form.detailsHint": "Only used if you choose a payment plan.",
  "plans.frequency.legend": "How often",
  "plans.frequency.range": "{min} to {max} payments",
  "plans.count.label": "Number of payments",
  "plans.count.hint":
    "The smallest payment is {min}. The number you can choose depends on how often you pay.",
  "plans.startDate.label": "First payment date",
  "plans.startDate.hint": "Any date from {earliest} to {latest}.",
  "plans.preview.submit": "Show my schedule",
  "plans.preview.continue": "Continue to review",
  "plans.preview.title": "Your schedule",
  "plans.preview.summary": "{count} payments, {total} in total. The last payment is on {end}.",
  "plans.preview.summarySingle": "One payment of {total} on {date}.",
  "plans.preview.savings": "You save {amount}.",
  "plans.preview.downPayment": "The first payment includes the required down payment.",
  "plans.preview.errorsTitle": "This choice doesn't fit the options for this account",
  "plans.preview.empty":
    'Choose an option and press "Show my schedule" to see every date and amount.',
  "plans.schedule.caption": "Payment schedule",
  "plans.schedule.number": "Payment",
  "plans.schedule.date": "Date",
  "plans.schedule.amount": "Amount",
  "plans.schedule.status": "Status",
  "plans.schedule.total": "Total",

  "plans.error.kind": "Choose one way to pay.",
  "plans.error.frequency": "Choose how often you would like to pay.",
  "plans.error.countWhole": "Enter the number of payments as a whole number, for example 6.",
  "plans.error.startDateFormat":
    "Enter the first payment date as year-month-day, for example 2026-03-15.",
  "plans.error.dateFormat": "Enter the date as year-month-day, for example 2026-03-15.",
  "plans.error.tampered":
    "This form was changed or is out of date, so nothing was saved. Please start again from your statement.",
  "plans.error.authorize": "Please tick the box to agree, or go back to change your choice.",
  "plans.error.nothingOwed": "Nothing is owed on this account, so there is nothing to pay.",
  "plans.error.currency":
    "Online payments aren't available for this account. Please contact us using the details on your statement.",
  "plans.error.fullNotOffered":
    "Paying in full online isn't offered for this account. Please choose a payment plan.",
  "plans.error.settlementNotOffered":
    "There is no settlement offer for this account. You can pay in full or choose a plan.",
  "plans.error.settlementExpired":
    "The settlement offer ended on {date}. You can still pay in full or choose a plan.",
  "plans.error.noPlanPossible":
    "A payment plan isn't possible for this balance. You can pay in full, or tell us if you can't pay right now.",
  "plans.error.frequencyNotAllowed": "Choose {allowed}.",
  "plans.error.countRange": "Choose between {min} and {max} payments.",
  "plans.error.belowMinimum":
    "The smallest payment for this account is {min}; choose {max} payments or fewer.",
  "plans.error.belowMinimumNoPlan":
    "The smallest payment for this account is {min}, so this balance can't be split. You can pay in full.",
  "plans.error.startDatePast": "The first payment can't be before today, {date}.",
  "plans.error.startDateLate": "The first payment must be on or before {date}.",
  "plans.error.tooLong":
    "Plans must end by {date}; with this first date, choose {max} payments or fewer.",
  "plans.error.tooLongStart":
    "Plans must end by {date}; please choose an earlier first payment date.",
  "plans.error.onHold":
    "While your dispute is reviewed, no payment can be set up. {creditor} will reply in writing.",
  "plans.error.planExists":
    "You already have a plan for this account. You can see it or change it on your plan page.",
  "plans.error.changed":
    "Your balance or the options changed since you looked, so nothing was saved. Please check the schedule below again.",
  "plans.error.moveSeq": "Choose which payment to move.",
  "plans.error.moveWindow": "Choose a date from {earliest} to {latest}.",
  "plans.error.moveNotFound": "That payment can't be moved: it is already paid or being processed.",
  "plans.error.amount": "Enter an amount in dollars, for example 50 or 50.00.",
  "plans.error.payTooMuch": "That is more than what is left on the plan, {amount}.",
  "plans.error.payBelowMinimum": "The smallest payment is {amount}.",
  "plans.error.payLeftover":
    "That would leave less than {min} on a payment. Pay {all}, or a smaller amount.",
  "plans.error.cancelConfirm": "Please tick the box to confirm that you want to cancel the plan.",
  "plans.error.notLive": "There is no plan to change on this account.",
  "plans.error.pauseNotAllowed":
    "Pauses aren't offered for this account. You can send a proposal instead.",
  "plans.error.pauseTooLong": "A pause can last until {date} at the latest.",
  "plans.error.pausePast": "Choose a date after today.",
  "plans.error.noteTooLong": "Please keep the note under 2,000 characters.",
  "plans.error.proposalPending":
    "You already sent a proposal. {creditor} will reply before you can send another one.",
  "plans.error.proposalFits":
    "Good news: {count} payments of about {amount} are already allowed for this account. You can set up that plan yourself now.",
};

export const es: Record<keyof typeof en, string> = {
  "plans.or": "o",
  "plans.frequency.weekly": "Semanal",
  "plans.frequency.biweekly": "Cada dos semanas",
  "plans.frequency.monthly": "Mensual",
  "plans.kindName.full": "Pago total",
  "plans.kindName.settlement": "Liquidación",
  "plans.kindName.installments": "Plan de pagos",
  "plans.back.statement": "Volver a su estado de cuenta",
  "plans.link.hardship": "No puedo pagar ahora",
  "plans.link.plan": "Ver su plan",
  "plans.link.pay": "Elegir cómo pagar",

  "plans.pay.title": "Elija cómo pagar",
  "plans.pay.intro":
    "Estas son las formas en que puede pagar a {creditor}. En esta página no se cobra nada: verá cada fecha y cada monto, y confirmará, antes de que se programe algo.",
  "plans.pay.balance": "Saldo actual",
  "plans.pay.onHold":
    "Esta cuenta está en espera mientras se revisa su disputa. Puede ver las opciones, pero no se puede programar ningún pago hasta que {creditor} responda.",
  "plans.pay.hasPlan": "Ya tiene un plan para esta cuenta.",
  "plans.pay.nothingOwed": "No se debe nada en esta cuenta. No hay nada que pagar.",
  "plans.compare.title": "Sus opciones, una al lado de la otra",
  "plans.compare.caption": "Formas de pagar, comparadas",
  "plans.compare.option": "Opción",
  "plans.compare.payments": "Pagos",
  "plans.compare.each": "Cada pago",
  "plans.compare.total": "Total que paga",
  "plans.compare.last": "Último pago",
  "plans.compare.savings": "Ahorra",
  "plans.compare.full": "Pago total",
  "plans.compare.settlement": "Liquidación ({percent}% de descuento)",
  "plans.compare.plan": "{frequency}, hasta {count} pagos",
  "plans.compare.downPayment": "{amount} primero, luego {each}",
  "plans.compare.noSavings": "Nada",
  "plans.compare.note":
    "Los planes no tienen cargos ni intereses, así que todos cuestan lo mismo en total. La tabla muestra el plan más largo de cada frecuencia; puede elegir menos pagos.",
  "plans.form.legend": "¿Cómo le gustaría pagar?",
  "plans.kind.full": "Pago total: {amount}, un pago hoy",
  "plans.kind.settlement":
    "Liquidar por {amount}, un pago hoy (ahorra {savings}; la oferta termina el {date})",
  "plans.kind.installments": "Un plan de pagos, sin cargos",
  "plans.form.details": "Su plan de pagos",
  "plans.form.detailsHint": "Solo se usa si elige un plan de pagos.",
  "plans.frequency.legend": "Con qué frecuencia",
  "plans.frequency.range": "De {min} a {max} pagos",
  "plans.count.label": "Número de pagos",
  "plans.count.hint":
    "El pago más pequeño es de {min}. El número que puede elegir depende de la frecuencia.",
  "plans.startDate.label": "Fecha del primer pago",
  "plans.startDate.hint": "Cualquier fecha del {earliest} al {latest}.",
  "plans.preview.submit": "Ver mi calendario",
  "plans.preview.continue": "Continuar a la revisión",
  "plans.preview.title": "Su calendario de pagos",
  "plans.preview.summary": "{count} pagos, {total} en total. El último pago es el {end}.",
  "plans.preview.summarySingle": "Un pago de {total} el {date}.",
  "plans.preview.savings": "Ahorra {amount}.",
  "plans.preview.downPayment": "El primer pago incluye el pago inicial requerido.",
  "plans.preview.errorsTitle": "Esta opción no se ajusta a las opciones de esta cuenta",
  "plans.preview.empty":
    'Elija una opción y pulse "Ver mi calendario" para ver cada fecha y cada monto.',
  "plans.schedule.caption": "Calendario de pagos",
  "plans.schedule.number": "Pago",
  "plans.schedule.date": "Fecha",
  "plans.schedule.amount": "Monto",
  "plans.schedule.status": "Estado",
  "plans.schedule.total": "Total",

  "plans.error.kind": "Elija una forma de pagar.",
  "plans.error.frequency": "Elija con qué frecuencia le gustaría pagar.",
  "plans.error.countWhole": "Escriba el número de pagos como un número entero, por ejemplo 6.",
  "plans.error.startDateFormat":
    "Escriba la fecha del primer pago como año-mes-día, por ejemplo 2026-03-15.",
  "plans.error.dateFormat": "Escriba la fecha como año-mes-día, por ejemplo 2026-03-15.",
  "plans.error.tampered":
    "Este formulario se modificó o ya no está vigente, así que no se guardó nada. Vuelva a empezar desde su estado de cuenta.",
  "plans.error.authorize":
    "Marque la casilla para aceptar, o vuelva atrás para cambiar su elección.",
  "plans.error.nothingOwed": "No se debe nada en esta cuenta, así que no hay nada que pagar.",
  "plans.error.currency":
    "Los pagos en línea no están disponibles para esta cuenta. Comuníquese con nosotros usando los datos de su estado de cuenta.",
  "plans.error.fullNotOffered":
    "El pago total en línea no se ofrece para esta cuenta. Elija un plan de pagos.",
  "plans.error.settlementNotOffered":
    "No hay una oferta de liquidación para esta cuenta. Puede pagar el total o elegir un plan.",
  "plans.error.settlementExpired":
    "La oferta de liquidación terminó el {date}. Todavía puede pagar el total o elegir un plan.",
  "plans.error.noPlanPossible":
    "Un plan de pagos no es posible para este saldo. Puede pagar el total, o decirnos si no puede pagar ahora.",
  "plans.error.frequencyNotAllowed": "Elija {allowed}.",
  "plans.error.countRange": "Elija entre {min} y {max} pagos.",
  "plans.error.belowMinimum":
    "El pago más pequeño para esta cuenta es de {min}; elija {max} pagos o menos.",
  "plans.error.belowMinimumNoPlan":
    "El pago más pequeño para esta cuenta es de {min}, así que este saldo no se puede dividir. Puede pagar el total.",
  "plans.error.startDatePast": "El primer pago no puede ser antes de hoy, {date}.",
  "plans.error.startDateLate": "El primer pago debe ser a más tardar el {date}.",
  "plans.error.tooLong":
    "Los planes deben terminar a más tardar el {date}; con esta primera fecha, elija {max} pagos o menos.",
  "plans.error.tooLongStart":
    "Los planes deben terminar a más tardar el {date}; elija una fecha de primer pago más temprana.",
  "plans.error.onHold":
    "Mientras se revisa su disputa, no se puede programar ningún pago. {creditor} le responderá por escrito.",
  "plans.error.planExists":
    "Ya tiene un plan para esta cuenta. Puede verlo o cambiarlo en la página de su plan.",
  "plans.error.changed":
    "Su saldo o las opciones cambiaron desde que las vio, así que no se guardó nada. Revise otra vez el calendario de abajo.",
  "plans.error.moveSeq": "Elija qué pago quiere mover.",
  "plans.error.moveWindow": "Elija una fecha del {earliest} al {latest}.",
  "plans.error.moveNotFound": "Ese pago no se puede mover: ya está pagado o en proceso.",
  "plans.error.amount": "Escriba un monto en dólares, por ejemplo 50 o 50.00.",
  "plans.error.payTooMuch": "Eso es más de lo que queda del plan, {amount}.",
  "plans.error.payBelowMinimum": "El pago más pequeño es de {amount}.",
  "plans.error.payLeftover":
    "Eso dejaría menos de {min} en un pago. Pague {all}, o un monto menor.",
  "plans.error.cancelConfirm": "Marque la casilla para confirmar que quiere cancelar el plan.",
  "plans.error.notLive": "No hay ningún plan que cambiar en esta cuenta.",
  "plans.error.pauseNotAllowed":
    "Las pausas no se ofrecen para esta cuenta. Puede enviar una propuesta.",
  "plans.error.pauseTooLong": "Una pausa puede durar hasta el {date} como máximo.",
  "plans.error.pausePast": "Elija una fecha posterior a hoy.",
  "plans.error.noteTooLong": "Escriba menos de 2,000 caracteres en la nota.",
  "plans.error.proposalPending":
    "Ya envió una propuesta. {creditor} le responderá antes de que pueda enviar otra.",
  "plans.error.proposalFits":
    "Buenas noticias: {count} pagos de aproximadamente {amount} ya están permitidos para esta cuenta. Puede programar ese plan usted mismo ahora.",
};
