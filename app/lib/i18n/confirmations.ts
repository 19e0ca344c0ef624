// Debtor-facing texts of a money decision's outcome: what the page after Stripe says
// happens next (with the receipt), and the letter that says an account is paid in full
// or settled.
export const en = {
  "return.next.date": "Your next payment of {amount} is on {date}.",
  "return.next.none": "There is nothing more to pay.",
  "return.next.unscheduled": "No other payment is scheduled.",
  "return.next.title": "What happens next",
  "return.receipt.title": "Your receipt",
  "return.receipt.waiting":
    "Your receipt will appear here in a moment, once the payment service has told us. You don't need to pay again.",
  "return.receipt.refresh": "Refresh this page",
  "return.checking.title": "We are checking your payment",
  "return.checking.body":
    "The payment service has not answered us yet. Please refresh this page in a moment, and please don't pay again meanwhile.",
  "letter.title.paid": "Your account with {creditor} is paid in full",
  "letter.title.settled": "Your account with {creditor} is settled",
  "letter.prepared": "Date of this letter: {date}",
  "letter.to": "To: {name}",
  "letter.from": "From: {creditor} ({legalName})",
  "letter.reference": "Account reference: {reference}",
  "letter.originalCreditor": "Original creditor: {name}",
  "letter.body.paid":
    "This letter confirms that the account above was paid in full on {date}. Its balance is {balance}, and nothing more is owed on it.",
  "letter.body.settled":
    "This letter confirms that the account above was settled on {date}: the settlement you agreed was paid, and {creditor} accepts it as payment of this account. Its balance is {balance}, and nothing more is owed on it.",
  "letter.paidTotal": "Total you paid: {amount}",
  "letter.forgiven": "Amount no longer owed under the settlement: {amount}",
  "letter.keep": "Please keep this letter for your records.",
  "letter.contact": "Questions: {phone}, {email}",
  "letter.download.paid": "Download a letter that says your account is paid in full",
  "letter.download.settled": "Download a letter that says your account is settled",
};

export const es: Record<keyof typeof en, string> = {
  "return.next.date": "Su próximo pago de {amount} es el {date}.",
  "return.next.none": "No queda nada más por pagar.",
  "return.next.unscheduled": "No hay otro pago programado.",
  "return.next.title": "Qué pasa ahora",
  "return.receipt.title": "Su recibo",
  "return.receipt.waiting":
    "Su recibo aparecerá aquí en un momento, cuando el servicio de pagos nos avise. No necesita volver a pagar.",
  "return.receipt.refresh": "Actualizar esta página",
  "return.checking.title": "Estamos comprobando su pago",
  "return.checking.body":
    "El servicio de pagos todavía no nos ha respondido. Actualice esta página en un momento y, mientras tanto, no vuelva a pagar.",
  "letter.title.paid": "Su cuenta con {creditor} está pagada por completo",
  "letter.title.settled": "Su cuenta con {creditor} está liquidada",
  "letter.prepared": "Fecha de esta carta: {date}",
  "letter.to": "Para: {name}",
  "letter.from": "De: {creditor} ({legalName})",
  "letter.reference": "Referencia de la cuenta: {reference}",
  "letter.originalCreditor": "Acreedor original: {name}",
  "letter.body.paid":
    "Esta carta confirma que la cuenta indicada se pagó por completo el {date}. Su saldo es {balance} y no se debe nada más.",
  "letter.body.settled":
    "Esta carta confirma que la cuenta indicada se liquidó el {date}: se pagó el acuerdo de liquidación que usted aceptó, y {creditor} lo acepta como pago de esta cuenta. Su saldo es {balance} y no se debe nada más.",
  "letter.paidTotal": "Total que usted pagó: {amount}",
  "letter.forgiven": "Monto que ya no se debe según el acuerdo: {amount}",
  "letter.keep": "Guarde esta carta para sus registros.",
  "letter.contact": "Preguntas: {phone}, {email}",
  "letter.download.paid": "Descargar una carta que dice que su cuenta está pagada por completo",
  "letter.download.settled": "Descargar una carta que dice que su cuenta está liquidada",
};
