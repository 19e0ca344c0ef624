// Debtor-facing texts of the account pages: the accounts list, the statement with its
// itemization and timeline, the printable copy, and disputes (English, Spanish).
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "account.title": "Your account with {creditor}",
  "account.reference": "Account reference",
  "account.balance": "Current balance",
  "account.status": "Status",
  "account.status.open": "Open",
  "account.status.in_plan": "In a payment plan",
  "account.status.on_hold": "On hold",
  "account.status.paid": "Paid in full",
  "account.status.settled": "Settled",
  "account.status.closed": "Closed",
  "account.greeting": "Hello, {name}.",
  "account.others": "Your other accounts",

  "statement.title": "Your statement from {creditor}",
  "statement.onHold":
    "This account is on hold while {creditor} reviews your dispute. Nothing will be charged and no reminders will be sent until they reply.",
  "statement.summary": "Summary",
  "statement.itemization.title": "How we got to this amount",
  "statement.itemization.caption": "Itemization of the debt",
  "statement.itemization.item": "Item",
  "statement.itemization.amount": "Amount",
  "statement.itemization.itemized": "Amount owed on {date} ({kind})",
  "statement.itemization.interest": "Interest charged since then",
  "statement.itemization.fees": "Fees charged since then",
  "statement.itemization.payments": "Payments made since then",
  "statement.itemization.credits": "Credits applied since then",
  "statement.itemization.current": "Current balance",
  "itemizationKind.last_statement": "date of the last statement",
  "itemizationKind.charge_off": "charge-off date",
  "itemizationKind.last_payment": "date of the last payment",
  "itemizationKind.transaction": "transaction date",
  "itemizationKind.judgment": "judgment date",
  "statement.payments.title": "Payments received",
  "statement.payments.none": "No payments have been received yet.",
  "statement.payments.date": "Date",
  "statement.payments.amount": "Amount",
  "statement.payments.reversal": "returned",
  "statement.settlement.title": "An offer to settle",
  "statement.settlement.body":
    "{creditor} will accept {amount} as payment in full if it is paid by {date}. That is {savings} less than the balance. This is optional: you can also pay the full balance or choose a payment plan.",
  "statement.details.title": "Account details",
  "statement.details.consumer": "Name",
  "statement.details.creditor": "Current creditor",
  "statement.details.originalCreditor": "Creditor on the itemization date",
  "statement.details.collector": "Debt collector",
  "statement.details.collectorAddress": "Collector's mailing address",
  "statement.details.itemizationDate": "Itemization date",
  "statement.details.validationEnds": "Dispute or ask about the original creditor by",
  "statement.details.contact": "Questions",
  "statement.rights.title": "Your rights",
  "statement.rights.dispute":
    "You can dispute all or part of this debt. If you tell us by {date} that you dispute it, we must stop collection on any amount you dispute until we send you information that shows you owe it.",
  "statement.rights.originalCreditor":
    "You can also ask for the name and address of the original creditor by {date}. If you do, we must stop collection until we send you that information.",
  "statement.rights.firstParty":
    "If something looks wrong, please tell us. You can dispute all or part of this amount online, and the account is put on hold while we look into it.",
  "statement.rights.cfpb":
    "To learn more about your rights under federal law, visit the Consumer Financial Protection Bureau at www.cfpb.gov/debt-collection.",
  "statement.disclosure":
    "This is a communication from a debt collector. We are attempting to collect a debt, and any information obtained will be used for that purpose.",
  "statement.actions.print": "Print or save a copy",
  "statement.actions.download": "Download a copy",
  "statement.actions.preferences": "Communication preferences",
  "statement.disputeOpen": "You sent a dispute on {date}. {creditor} will reply in writing.",
  "timeline.title": "What happens next",
  "timeline.on_hold":
    "The account is on hold while your dispute is reviewed. {creditor} will reply in writing.",
  "timeline.validation_end":
    "Until this date you can dispute this debt or ask for the original creditor's name and address.",
  "timeline.settlement_end":
    "The settlement offer ends. After that you can still pay the full balance or choose a plan.",
  "timeline.nothing_scheduled":
    "Nothing is scheduled. Choose how to pay when you are ready, or tell us if something looks wrong.",
  "timeline.today": "Today",
  "timeline.next_payment": "Your next payment of {amount} is taken.",
  "timeline.reminder": "We send you a reminder (unless you opted out of messages).",
  "timeline.plan_waiting": "Your plan is ready: add a card or bank account to start it.",

  "print.title": "Statement from {creditor}",
  "print.prepared": "Prepared on {date}",
  "print.hint": "Use your browser's Print option to print this page or save it as a PDF.",
  "print.back": "Back to your statement",

  "dispute.title": "Dispute this debt",
  "dispute.intro":
    "Tell us what is wrong. Sending this form counts as a written dispute. While it is reviewed, the account is on hold: no reminders and no scheduled payments.",
  "dispute.reason.legend": "What would you like to tell us?",
  "dispute.reason.not_my_debt": "This is not my debt",
  "dispute.reason.wrong_amount": "The amount is wrong",
  "dispute.reason.original_creditor": "Send me the name and address of the original creditor",
  "dispute.reason.other": "Something else",
  "dispute.details.label": "Details",
  "dispute.details.hint":
    'Optional, but needed for "Something else". Anything that helps. Please don\'t include card or bank numbers.',
  "dispute.submit": "Send my dispute",
  "dispute.error.reason": "Please choose one of the options.",
  "dispute.error.details": "Please tell us a little about what is wrong.",
  "dispute.error.tooLong": "Please keep the details under 2,000 characters.",
  "dispute.sent.title": "We received your dispute",
  "dispute.sent.body":
    "Thank you. It was recorded on {date}. The account is now on hold: nothing will be charged and no reminders will be sent while {creditor} reviews it. They will reply in writing.",
  "dispute.open":
    "You already sent a dispute on {date}. You can send more information with this form.",
  "dispute.limited":
    "We already have your disputes from today, and {creditor} will answer them together. Your account stays on hold meanwhile. To add anything now, call {phone} or email {email}.",
  "dispute.back": "Back to your statement",
};

export const es: Record<keyof typeof en, string> = {
  "account.title": "Su cuenta con {creditor}",
  "account.reference": "Referencia de la cuenta",
  "account.balance": "Saldo actual",
  "account.status": "Estado",
  "account.status.open": "Abierta",
  "account.status.in_plan": "En un plan de pagos",
  "account.status.on_hold": "En espera",
  "account.status.paid": "Pagada por completo",
  "account.status.settled": "Liquidada",
  "account.status.closed": "Cerrada",
  "account.greeting": "Hola, {name}.",
  "account.others": "Sus otras cuentas",

  "statement.title": "Su estado de cuenta de {creditor}",
  "statement.onHold":
    "Esta cuenta está en espera mientras {creditor} revisa su disputa. No se cobrará nada ni se enviarán recordatorios hasta que le respondan.",
  "statement.summary": "Resumen",
  "statement.itemization.title": "Cómo llegamos a este monto",
  "statement.itemization.caption": "Detalle de la deuda",
  "statement.itemization.item": "Concepto",
  "statement.itemization.amount": "Monto",
  "statement.itemization.itemized": "Monto adeudado el {date} ({kind})",
  "statement.itemization.interest": "Intereses cobrados desde entonces",
  "statement.itemization.fees": "Cargos cobrados desde entonces",
  "statement.itemization.payments": "Pagos realizados desde entonces",
  "statement.itemization.credits": "Créditos aplicados desde entonces",
  "statement.itemization.current": "Saldo actual",
  "itemizationKind.last_statement": "fecha del último estado de cuenta",
  "itemizationKind.charge_off": "fecha de cancelación contable",
  "itemizationKind.last_payment": "fecha del último pago",
  "itemizationKind.transaction": "fecha de la transacción",
  "itemizationKind.judgment": "fecha de la sentencia",
  "statement.payments.title": "Pagos recibidos",
  "statement.payments.none": "Todavía no se ha recibido ningún pago.",
  "statement.payments.date": "Fecha",
  "statement.payments.amount": "Monto",
  "statement.payments.reversal": "devuelto",
  "statement.settlement.title": "Una oferta de liquidación",
  "statement.settlement.body":
    "{creditor} aceptará {amount} como pago total si se paga a más tardar el {date}. Son {savings} menos que el saldo. Es opcional: también puede pagar el saldo completo o elegir un plan de pagos.",
  "statement.details.title": "Datos de la cuenta",
  "statement.details.consumer": "Nombre",
  "statement.details.creditor": "Acreedor actual",
  "statement.details.originalCreditor": "Acreedor en la fecha del detalle",
  "statement.details.collector": "Cobrador de deudas",
  "statement.details.collectorAddress": "Dirección postal del cobrador",
  "statement.details.itemizationDate": "Fecha del detalle",
  "statement.details.validationEnds": "Dispute o pida el acreedor original a más tardar el",
  "statement.details.contact": "Preguntas",
  "statement.rights.title": "Sus derechos",
  "statement.rights.dispute":
    "Puede disputar toda la deuda o una parte. Si nos dice a más tardar el {date} que la disputa, debemos dejar de cobrar cualquier monto disputado hasta enviarle información que demuestre que lo debe.",
  "statement.rights.originalCreditor":
    "También puede pedir el nombre y la dirección del acreedor original a más tardar el {date}. Si lo hace, debemos dejar de cobrar hasta enviarle esa información.",
  "statement.rights.firstParty":
    "Si algo no parece correcto, díganoslo. Puede disputar todo este monto o una parte en línea, y la cuenta queda en espera mientras lo revisamos.",
  "statement.rights.cfpb":
    "Para saber más sobre sus derechos según la ley federal, visite la Oficina para la Protección Financiera del Consumidor en www.cfpb.gov/debt-collection.",
  "statement.disclosure":
    "Esta es una comunicación de un cobrador de deudas. Estamos intentando cobrar una deuda y cualquier información obtenida se usará con ese fin.",
  "statement.actions.print": "Imprimir o guardar una copia",
  "statement.actions.download": "Descargar una copia",
  "statement.actions.preferences": "Preferencias de comunicación",
  "statement.disputeOpen": "Envió una disputa el {date}. {creditor} le responderá por escrito.",
  "timeline.title": "Qué pasa después",
  "timeline.on_hold":
    "La cuenta está en espera mientras se revisa su disputa. {creditor} le responderá por escrito.",
  "timeline.validation_end":
    "Hasta esta fecha puede disputar esta deuda o pedir el nombre y la dirección del acreedor original.",
  "timeline.settlement_end":
    "Termina la oferta de liquidación. Después todavía puede pagar el saldo completo o elegir un plan.",
  "timeline.nothing_scheduled":
    "No hay nada programado. Elija cómo pagar cuando esté listo, o díganos si algo no parece correcto.",
  "timeline.today": "Hoy",
  "timeline.next_payment": "Se cobra su próximo pago de {amount}.",
  "timeline.reminder": "Le enviamos un recordatorio (salvo que haya pedido no recibir mensajes).",
  "timeline.plan_waiting":
    "Su plan está listo: añada una tarjeta o cuenta bancaria para empezarlo.",

  "print.title": "Estado de cuenta de {creditor}",
  "print.prepared": "Preparado el {date}",
  "print.hint":
    "Use la opción Imprimir de su navegador para imprimir esta página o guardarla como PDF.",
  "print.back": "Volver a su estado de cuenta",

  "dispute.title": "Disputar esta deuda",
  "dispute.intro":
    "Díganos qué está mal. Enviar este formulario cuenta como una disputa por escrito. Mientras se revisa, la cuenta queda en espera: sin recordatorios ni pagos programados.",
  "dispute.reason.legend": "¿Qué nos quiere decir?",
  "dispute.reason.not_my_debt": "Esta deuda no es mía",
  "dispute.reason.wrong_amount": "El monto es incorrecto",
  "dispute.reason.original_creditor": "Envíenme el nombre y la dirección del acreedor original",
  "dispute.reason.other": "Otra cosa",
  "dispute.details.label": "Detalles",
  "dispute.details.hint":
    'Opcional, pero necesario para "Otra cosa". Cualquier dato que ayude. No incluya números de tarjeta ni de cuenta bancaria.',
  "dispute.submit": "Enviar mi disputa",
  "dispute.error.reason": "Elija una de las opciones.",
  "dispute.error.details": "Cuéntenos un poco sobre lo que está mal.",
  "dispute.error.tooLong": "Escriba menos de 2,000 caracteres en los detalles.",
  "dispute.sent.title": "Recibimos su disputa",
  "dispute.sent.body":
    "Gracias. Quedó registrada el {date}. La cuenta está ahora en espera: no se cobrará nada ni se enviarán recordatorios mientras {creditor} la revisa. Le responderán por escrito.",
  "dispute.open":
    "Ya envió una disputa el {date}. Puede enviar más información con este formulario.",
  "dispute.limited":
    "Ya tenemos sus disputas de hoy y {creditor} las responderá juntas. Mientras tanto, su cuenta sigue en espera. Para agregar algo ahora, llame al {phone} o escriba a {email}.",
  "dispute.back": "Volver a su estado de cuenta",
};
