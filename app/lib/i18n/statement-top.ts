// Debtor-facing texts of the statement's first card: where the account stands and what
// the debtor can do now, one set per account state (English, Spanish). Keys and
// {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "top.title": "Where your account stands",
  "top.balance": "Balance",
  "top.open.body": "You can pay it all now, or set up a plan that fits your budget.",
  "top.open.bodyNoFull": "You can set up a plan that fits your budget.",
  "top.open.offer": "{creditor} will accept {amount} as payment in full if it is paid by {date}.",
  "top.open.payFull": "Pay {amount} in full",
  "top.open.acceptOffer": "Accept the offer: pay {amount} by {date}",
  "top.open.plan": "Set up a payment plan",
  "top.dispute": "Something looks wrong? Dispute it",
  "top.in_plan.body": "You are on a payment plan.",
  "top.in_plan.next": "Next payment: {amount} on {date}.",
  "top.in_plan.none": "No payment is due at the moment.",
  "top.in_plan.payNow": "Pay {amount} now",
  "top.seePlan": "See your plan",
  "top.plan_waiting.body":
    "Your plan is ready. It starts once a card or bank account is added for its payments.",
  "top.plan_waiting.action": "Finish setting up your plan",
  "top.plan_paused.body":
    "Your plan's payments are paused until {date}. Nothing is charged before then.",
  "top.plan_paused.bodyOpen": "Your plan's payments are paused. Nothing is charged for now.",
  "top.plan_broken.body":
    "Your plan stopped after some payments did not go through. You can catch up on what was missed, or set up a new plan.",
  "top.plan_broken.catchUp": "Catch up on missed payments",
  "top.plan_broken.newPlan": "Set up a new plan",
  "top.on_hold.body":
    "{creditor} is looking into your dispute. Collection is paused: no payment is taken and no reminders are sent until they answer you.",
  "top.paid.body": "Paid in full. There is nothing more to pay. Thank you.",
  "top.settled.body":
    "Settled. The offer was paid and the rest was written off: there is nothing more to pay.",
  "top.closed.body": "This account is closed. There is nothing to pay.",
  "top.receipts": "See your receipts",
  "top.more": "More you can do",
};

export const es: Record<keyof typeof en, string> = {
  "top.title": "Cómo está su cuenta",
  "top.balance": "Saldo",
  "top.open.body": "Puede pagarlo todo ahora o hacer un plan que se ajuste a su presupuesto.",
  "top.open.bodyNoFull": "Puede hacer un plan que se ajuste a su presupuesto.",
  "top.open.offer":
    "{creditor} aceptará {amount} como pago total si se paga a más tardar el {date}.",
  "top.open.payFull": "Pagar {amount} en su totalidad",
  "top.open.acceptOffer": "Aceptar la oferta: pagar {amount} a más tardar el {date}",
  "top.open.plan": "Hacer un plan de pagos",
  "top.dispute": "¿Algo no está bien? Dispútelo",
  "top.in_plan.body": "Usted tiene un plan de pagos.",
  "top.in_plan.next": "Próximo pago: {amount} el {date}.",
  "top.in_plan.none": "Por ahora no hay ningún pago pendiente.",
  "top.in_plan.payNow": "Pagar {amount} ahora",
  "top.seePlan": "Ver su plan",
  "top.plan_waiting.body":
    "Su plan está listo. Empieza cuando se agregue una tarjeta o cuenta bancaria para sus pagos.",
  "top.plan_waiting.action": "Terminar de configurar su plan",
  "top.plan_paused.body":
    "Los pagos de su plan están en pausa hasta el {date}. No se cobra nada antes.",
  "top.plan_paused.bodyOpen": "Los pagos de su plan están en pausa. Por ahora no se cobra nada.",
  "top.plan_broken.body":
    "Su plan se detuvo porque algunos pagos no se completaron. Puede ponerse al día con lo que faltó o hacer un plan nuevo.",
  "top.plan_broken.catchUp": "Ponerse al día con los pagos que faltaron",
  "top.plan_broken.newPlan": "Hacer un plan nuevo",
  "top.on_hold.body":
    "{creditor} está revisando su disputa. El cobro está en pausa: no se cobra ningún pago ni se envían recordatorios hasta que le respondan.",
  "top.paid.body": "Pagada por completo. No hay nada más que pagar. Gracias.",
  "top.settled.body":
    "Liquidada. Se pagó la oferta y el resto se canceló: no hay nada más que pagar.",
  "top.closed.body": "Esta cuenta está cerrada. No hay nada que pagar.",
  "top.receipts": "Ver sus recibos",
  "top.more": "Más opciones",
};
