// Debtor-facing texts of managing a plan: the plan page, its schedule and authorization
// page, moving a payment, paying extra, cancelling, and hardship (English, Spanish).
// Tone: plain, calm, never accusatory, no fake urgency, always a way forward.
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "plans.plan.title": "Your plan",
  "plans.plan.none": "You don't have a payment plan for this account.",
  "plans.plan.completed": "Your plan is complete: every payment in it is made. Thank you.",
  "plans.plan.lastCancelled": "Your last plan was cancelled on {date}.",
  "plans.plan.authorized":
    "Thank you. Your choice is saved. Next, add a card or bank account; nothing is charged until you do.",
  "plans.plan.pendingMethod":
    "Next step: add a card or bank account with Stripe. Nothing is charged until you do.",
  "plans.plan.onHold":
    "This account is on hold while your dispute is reviewed. No payment will be taken until {creditor} replies.",
  "plans.plan.status": "Status",
  "plans.plan.next": "Next payment",
  "plans.plan.nextValue": "{amount} on {date}",
  "plans.plan.remaining": "Left to pay on this plan",
  "plans.plan.paused": "Payments are paused until {date}.",
  "plans.plan.pausedChoose":
    "Your payments are paused and nothing will be charged until you choose how to continue. The earlier dates no longer fit this plan: you can cancel it below and set up a new one that suits you, or call {phone}.",
  "plans.plan.moved": "Payment {number} now falls on {date}.",
  "plans.plan.paused.done": "Your payments are paused until {date}.",
  "plans.status.pending_payment_method": "Waiting for a payment method",
  "plans.status.active": "Active",
  "plans.status.paused": "Paused",
  "plans.status.completed": "Completed",
  "plans.status.broken": "Stopped after missed payments",
  "plans.status.cancelled": "Cancelled",
  "plans.installment.scheduled": "Scheduled",
  "plans.installment.processing": "Processing",
  "plans.installment.paid": "Paid",
  "plans.installment.failed": "Didn't go through",
  "plans.installment.skipped": "Skipped",
  "plans.installment.charging": "Processing",
  "plans.installment.needs_attention": "Delayed on our side: nothing for you to do",
  "plans.installment.movedFrom": "moved from {date}",
  "plans.installment.was": "was {amount}",
  "plans.plan.authTitle": "Your authorization",
  "plans.plan.authAccepted": "You agreed to this on {date} at {time}. Text version: {version}.",
  "plans.plan.authPrint": "Open a printable copy",
  "plans.authPage.title": "Payment authorization",
  "plans.authPage.account": "Account {reference} with {creditor}",
  "plans.authPage.hint": "Use your browser's Print option to print this page or save it as a PDF.",
  "plans.authPage.back": "Back to your plan",

  "plans.move.title": "Move one payment",
  "plans.move.intro":
    "You can move a scheduled payment to another date. Payments stay in order, and the plan must end by {date}.",
  "plans.move.seq": "Payment to move",
  "plans.move.option": "Payment {number}: {amount} on {date}",
  "plans.move.date": "New date",
  "plans.move.submit": "Move this payment",
  "plans.move.none": "There is no scheduled payment that can be moved.",

  "plans.extra.title": "Pay extra or pay off early",
  "plans.extra.intro":
    "An extra payment goes to your next payment first, so the plan gets shorter. Amounts and dates of the other payments stay the same. See what would change before you pay.",
  "plans.extra.amount": "Amount",
  "plans.extra.hint": "Up to {amount}, the rest of the plan.",
  "plans.extra.submit": "Show what would change",
  "plans.extra.paid": "Payment {number} ({amount}) would be paid.",
  "plans.extra.reduced": "Payment {number} would go from {from} to {to}.",
  "plans.extra.after": "After that, {amount} would be left, with the last payment on {date}.",
  "plans.extra.paidOff": "This would pay off the plan.",
  "plans.extra.next": "Paying online opens on the next step with Stripe. Nothing has been charged.",

  "plans.cancel.title": "Cancel this plan",
  "plans.cancel.intro":
    "If you cancel, no more payments are taken for this plan. Payments already made stay on your account. The rest of the balance is still owed, and you can choose another way to pay at any time.",
  "plans.cancel.confirm": "I understand, and I want to cancel this plan",
  "plans.cancel.submit": "Cancel the plan",
  "plans.cancel.done": "Your plan is cancelled. No more payments will be taken for it.",

  "plans.hardship.title": "I can't pay right now",
  "plans.hardship.intro":
    "That happens, and it's all right to say so. Here are two ways {creditor} can help. You can also contact them at {phone} or {email}.",
  "plans.hardship.pause.title": "Pause your payments",
  "plans.hardship.pause.intro":
    "Your next payments move later; the amounts stay the same. You can pause until {date} at the latest.",
  "plans.hardship.pause.noPlan":
    "You don't have a plan yet. A pause means you won't get reminders about this account until that date.",
  "plans.hardship.pause.label": "Pause until",
  "plans.hardship.pause.submit": "Pause my payments",
  "plans.hardship.pause.notAllowed":
    "{creditor} doesn't offer pauses for this account, but you can send them a proposal below.",
  "plans.hardship.pause.done": "Done. Your payments are paused until {date}.",
  "plans.hardship.pause.doneNoPlan":
    "Done. You won't get reminders about this account before {date}.",
  "plans.hardship.proposal.title": "Propose what you can afford",
  "plans.hardship.proposal.intro":
    "Tell {creditor} what you can pay and how often. They will review it and reply. Nothing changes until they accept.",
  "plans.hardship.proposal.amount": "Amount you can pay each time",
  "plans.hardship.proposal.amountHint": "In dollars, for example 40 or 40.00.",
  "plans.hardship.proposal.note": "Anything you would like them to know (optional)",
  "plans.hardship.proposal.noteHint": "Please don't include card or bank numbers.",
  "plans.hardship.proposal.submit": "Send my proposal",
  "plans.hardship.proposal.sent":
    "Thank you. Your proposal is sent. {creditor} will review it and reply.",
  "plans.hardship.proposal.pending":
    "You sent a proposal on {date}: {amount}, {frequency}. {creditor} will review it and reply.",
  "plans.hardship.proposal.accepted":
    "{creditor} accepted your proposal of {amount}, {frequency}. You can now set up this plan.",
  "plans.hardship.proposal.declined":
    "{creditor} couldn't accept your proposal of {date}. You can send another one, or contact them.",
};

export const es: Record<keyof typeof en, string> = {
  "plans.plan.title": "Su plan",
  "plans.plan.none": "No tiene un plan de pagos para esta cuenta.",
  "plans.plan.completed": "Su plan está completo: se hicieron todos sus pagos. Gracias.",
  "plans.plan.lastCancelled": "Su último plan se canceló el {date}.",
  "plans.plan.authorized":
    "Gracias. Su elección quedó guardada. Ahora agregue una tarjeta o cuenta bancaria; no se cobra nada hasta que lo haga.",
  "plans.plan.pendingMethod":
    "Siguiente paso: agregar una tarjeta o cuenta bancaria con Stripe. No se cobra nada hasta que lo haga.",
  "plans.plan.onHold":
    "Esta cuenta está en espera mientras se revisa su disputa. No se cobrará ningún pago hasta que {creditor} responda.",
  "plans.plan.status": "Estado",
  "plans.plan.next": "Próximo pago",
  "plans.plan.nextValue": "{amount} el {date}",
  "plans.plan.remaining": "Lo que falta pagar en este plan",
  "plans.plan.paused": "Los pagos están en pausa hasta el {date}.",
  "plans.plan.pausedChoose":
    "Sus pagos están en pausa y no se cobrará nada hasta que usted elija cómo continuar. Las fechas anteriores ya no caben en este plan: puede cancelarlo abajo y crear uno nuevo que le convenga, o llamar al {phone}.",
  "plans.plan.moved": "El pago {number} ahora es el {date}.",
  "plans.plan.paused.done": "Sus pagos están en pausa hasta el {date}.",
  "plans.status.pending_payment_method": "Esperando un método de pago",
  "plans.status.active": "Activo",
  "plans.status.paused": "En pausa",
  "plans.status.completed": "Completado",
  "plans.status.broken": "Detenido por pagos no realizados",
  "plans.status.cancelled": "Cancelado",
  "plans.installment.scheduled": "Programado",
  "plans.installment.processing": "En proceso",
  "plans.installment.paid": "Pagado",
  "plans.installment.failed": "No se completó",
  "plans.installment.skipped": "Omitido",
  "plans.installment.charging": "En proceso",
  "plans.installment.needs_attention": "Retrasado por nuestra parte: usted no tiene que hacer nada",
  "plans.installment.movedFrom": "movido del {date}",
  "plans.installment.was": "antes {amount}",
  "plans.plan.authTitle": "Su autorización",
  "plans.plan.authAccepted": "La aceptó el {date} a las {time}. Versión del texto: {version}.",
  "plans.plan.authPrint": "Abrir una copia para imprimir",
  "plans.authPage.title": "Autorización de pago",
  "plans.authPage.account": "Cuenta {reference} con {creditor}",
  "plans.authPage.hint":
    "Use la opción Imprimir de su navegador para imprimir esta página o guardarla como PDF.",
  "plans.authPage.back": "Volver a su plan",

  "plans.move.title": "Mover un pago",
  "plans.move.intro":
    "Puede mover un pago programado a otra fecha. Los pagos se mantienen en orden y el plan debe terminar a más tardar el {date}.",
  "plans.move.seq": "Pago que quiere mover",
  "plans.move.option": "Pago {number}: {amount} el {date}",
  "plans.move.date": "Nueva fecha",
  "plans.move.submit": "Mover este pago",
  "plans.move.none": "No hay ningún pago programado que se pueda mover.",

  "plans.extra.title": "Pagar más o liquidar antes",
  "plans.extra.intro":
    "Un pago adicional se aplica primero a su próximo pago, así que el plan se acorta. Los montos y fechas de los demás pagos no cambian. Vea qué cambiaría antes de pagar.",
  "plans.extra.amount": "Monto",
  "plans.extra.hint": "Hasta {amount}, lo que queda del plan.",
  "plans.extra.submit": "Ver qué cambiaría",
  "plans.extra.paid": "El pago {number} ({amount}) quedaría pagado.",
  "plans.extra.reduced": "El pago {number} pasaría de {from} a {to}.",
  "plans.extra.after": "Después quedarían {amount}, con el último pago el {date}.",
  "plans.extra.paidOff": "Con esto el plan quedaría pagado.",
  "plans.extra.next":
    "El pago en línea se hace en el siguiente paso con Stripe. No se ha cobrado nada.",

  "plans.cancel.title": "Cancelar este plan",
  "plans.cancel.intro":
    "Si cancela, no se cobrarán más pagos de este plan. Los pagos ya hechos se quedan en su cuenta. El resto del saldo se sigue debiendo, y puede elegir otra forma de pagar en cualquier momento.",
  "plans.cancel.confirm": "Entiendo y quiero cancelar este plan",
  "plans.cancel.submit": "Cancelar el plan",
  "plans.cancel.done": "Su plan está cancelado. No se cobrarán más pagos de este plan.",

  "plans.hardship.title": "No puedo pagar ahora",
  "plans.hardship.intro":
    "Eso pasa, y está bien decirlo. Estas son dos formas en que {creditor} puede ayudarle. También puede comunicarse al {phone} o {email}.",
  "plans.hardship.pause.title": "Pausar sus pagos",
  "plans.hardship.pause.intro":
    "Sus próximos pagos se mueven para más adelante; los montos no cambian. Puede pausar hasta el {date} como máximo.",
  "plans.hardship.pause.noPlan":
    "Todavía no tiene un plan. Una pausa significa que no recibirá recordatorios sobre esta cuenta hasta esa fecha.",
  "plans.hardship.pause.label": "Pausar hasta",
  "plans.hardship.pause.submit": "Pausar mis pagos",
  "plans.hardship.pause.notAllowed":
    "{creditor} no ofrece pausas para esta cuenta, pero puede enviarles una propuesta abajo.",
  "plans.hardship.pause.done": "Listo. Sus pagos están en pausa hasta el {date}.",
  "plans.hardship.pause.doneNoPlan":
    "Listo. No recibirá recordatorios sobre esta cuenta antes del {date}.",
  "plans.hardship.proposal.title": "Proponga lo que puede pagar",
  "plans.hardship.proposal.intro":
    "Dígale a {creditor} cuánto puede pagar y con qué frecuencia. Lo revisarán y le responderán. Nada cambia hasta que lo acepten.",
  "plans.hardship.proposal.amount": "Monto que puede pagar cada vez",
  "plans.hardship.proposal.amountHint": "En dólares, por ejemplo 40 o 40.00.",
  "plans.hardship.proposal.note": "Algo que quiera que sepan (opcional)",
  "plans.hardship.proposal.noteHint": "No incluya números de tarjeta ni de cuenta bancaria.",
  "plans.hardship.proposal.submit": "Enviar mi propuesta",
  "plans.hardship.proposal.sent":
    "Gracias. Su propuesta se envió. {creditor} la revisará y le responderá.",
  "plans.hardship.proposal.pending":
    "Envió una propuesta el {date}: {amount}, {frequency}. {creditor} la revisará y le responderá.",
  "plans.hardship.proposal.accepted":
    "{creditor} aceptó su propuesta de {amount}, {frequency}. Ya puede programar este plan.",
  "plans.hardship.proposal.declined":
    "{creditor} no pudo aceptar su propuesta del {date}. Puede enviar otra o comunicarse con ellos.",
};
