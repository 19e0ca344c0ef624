// Debtor-facing texts of paying through Stripe: checkout, the return page, receipts.
export const en = {
  "checkout.continue": "Continue to secure payment",
  "checkout.updateCard": "Update my card or bank account",
  "checkout.payNext": "Pay my next payment ({amount}) now",
  "checkout.payOff": "Pay off the rest ({amount}) now",
  "checkout.payOffHint":
    "One payment for everything left in your plan. There is no fee and no penalty for paying early.",
  "checkout.error.processing":
    "A payment is still being processed. Please try again once it has cleared.",
  "checkout.error.on_hold":
    "This account is on hold while your dispute is reviewed, so no payment is taken now.",
  "checkout.error.no_plan": "Please choose how you would like to pay first.",
  "checkout.error.nothing_due":
    "Nothing is due right now. Your next payment will be taken on its date.",
  "checkout.error.unavailable":
    "The payment service did not answer. Nothing was charged. Please try again in a minute.",
  "checkout.error.cancelled": "You left the payment page. Nothing was charged.",
  "return.paid.title": "Thank you, your payment went through",
  "return.paid.body": "We received {amount}. You can keep the receipt below.",
  "return.processing.title": "We are processing your bank payment",
  "return.processing.body":
    "Bank payments take a few business days to clear. We show it as pending until then and will email you when it is done. You don't need to do anything, and you don't need to pay again.",
  "return.verifying.title": "We are verifying your bank account",
  "return.verifying.body":
    "In 1 to 2 business days a small deposit will show on your bank account, and you will get an email with a link to confirm it. Once it is confirmed, your bank payment goes ahead and we will email you when it is done. You don't need to pay again.",
  "return.verifyingSetup.title": "We are verifying your bank account",
  "return.verifyingSetup.body":
    "In 1 to 2 business days a small deposit will show on your bank account, and you will get an email with a link to confirm it. Once it is confirmed, your bank account is ready for the payments in your plan. We will email you if anything needs your attention.",
  "payment.pending.title": "A bank payment is on its way",
  "payment.pending.body":
    "We are verifying or processing your bank payment. This takes a few business days. We will email you when it is done. You don't need to pay again meanwhile.",
  "return.saved.title": "Your payment method is saved",
  "return.saved.body": "Your plan is set up. Payments will be taken on the dates in your schedule.",
  "return.failed.title": "The payment did not go through",
  "return.failed.body": "Nothing was charged. You can try again with another card or bank account.",
  "return.open.title": "We are still waiting for the payment page",
  "return.open.body":
    "If you closed the payment page, you can start again. Nothing has been charged.",
  "return.tryAgain": "Try again",
  "return.viewReceipt": "View the receipt",
  "return.viewPlan": "See my plan",
  "return.back": "Back to your statement",
  "receipts.title": "Payments and receipts",
  "receipts.none": "No payments yet.",
  "receipts.view": "Receipt {number}",
  "receipt.title": "Receipt {number}",
  "receipt.paidTo": "Paid to",
  "receipt.amount": "Amount",
  "receipt.date": "Date",
  "receipt.method": "Payment method",
  "receipt.methodValue": "{brand} ending in {last4}",
  "receipt.reference": "Account reference",
  "receipt.remaining": "Remaining balance",
  "receipt.next": "Next payment",
  "receipt.nextValue": "{amount} on {date}",
  "receipt.noNext": "None scheduled",
  "receipt.status": "Status",
  "receipt.print": "Use your browser's Print option to keep a copy of this receipt.",
  "payment.status.succeeded": "Paid",
  "payment.status.processing": "Pending (bank payments take a few business days)",
  "payment.status.failed": "Did not go through",
  "payment.status.refunded": "Refunded",
  "payment.status.disputed": "Disputed with your bank",
  "nav.receipts": "Payments and receipts",
  "ics.summary": "Scheduled payment",
  "ics.description":
    "A payment from your plan is scheduled for today. Open your payment portal for details.",
  "ics.download": "Add the dates to my calendar",
};

export const es: Record<keyof typeof en, string> = {
  "checkout.continue": "Continuar al pago seguro",
  "checkout.updateCard": "Actualizar mi tarjeta o cuenta bancaria",
  "checkout.payNext": "Pagar ahora mi próximo pago ({amount})",
  "checkout.payOff": "Pagar ahora todo lo que queda ({amount})",
  "checkout.payOffHint":
    "Un solo pago por todo lo que queda de su plan. No hay cargos ni penalidades por pagar antes.",
  "checkout.error.processing":
    "Todavía se está procesando un pago. Vuelva a intentarlo cuando se haya completado.",
  "checkout.error.on_hold":
    "Esta cuenta está en espera mientras se revisa su disputa, así que no se cobra ningún pago ahora.",
  "checkout.error.no_plan": "Primero elija cómo quiere pagar.",
  "checkout.error.nothing_due":
    "No hay nada pendiente ahora. Su próximo pago se cobrará en su fecha.",
  "checkout.error.unavailable":
    "El servicio de pagos no respondió. No se cobró nada. Vuelva a intentarlo en un minuto.",
  "checkout.error.cancelled": "Salió de la página de pago. No se cobró nada.",
  "return.paid.title": "Gracias, su pago se realizó",
  "return.paid.body": "Recibimos {amount}. Puede guardar el recibo a continuación.",
  "return.processing.title": "Estamos procesando su pago bancario",
  "return.processing.body":
    "Los pagos bancarios tardan unos días hábiles. Lo mostramos como pendiente hasta entonces y le enviaremos un correo cuando termine. No necesita hacer nada ni volver a pagar.",
  "return.verifying.title": "Estamos verificando su cuenta bancaria",
  "return.verifying.body":
    "En 1 o 2 días hábiles verá un pequeño depósito en su cuenta bancaria y recibirá un correo con un enlace para confirmarlo. Cuando lo confirme, su pago bancario seguirá adelante y le enviaremos un correo cuando termine. No necesita volver a pagar.",
  "return.verifyingSetup.title": "Estamos verificando su cuenta bancaria",
  "return.verifyingSetup.body":
    "En 1 o 2 días hábiles verá un pequeño depósito en su cuenta bancaria y recibirá un correo con un enlace para confirmarlo. Cuando lo confirme, su cuenta bancaria quedará lista para los pagos de su plan. Le enviaremos un correo si algo necesita su atención.",
  "payment.pending.title": "Un pago bancario está en camino",
  "payment.pending.body":
    "Estamos verificando o procesando su pago bancario. Esto tarda unos días hábiles. Le enviaremos un correo cuando termine. Mientras tanto no necesita volver a pagar.",
  "return.saved.title": "Su método de pago quedó guardado",
  "return.saved.body": "Su plan está listo. Los pagos se cobrarán en las fechas de su calendario.",
  "return.failed.title": "El pago no se realizó",
  "return.failed.body":
    "No se cobró nada. Puede intentarlo de nuevo con otra tarjeta o cuenta bancaria.",
  "return.open.title": "Todavía esperamos la página de pago",
  "return.open.body": "Si cerró la página de pago, puede empezar de nuevo. No se ha cobrado nada.",
  "return.tryAgain": "Intentar de nuevo",
  "return.viewReceipt": "Ver el recibo",
  "return.viewPlan": "Ver mi plan",
  "return.back": "Volver a su estado de cuenta",
  "receipts.title": "Pagos y recibos",
  "receipts.none": "Todavía no hay pagos.",
  "receipts.view": "Recibo {number}",
  "receipt.title": "Recibo {number}",
  "receipt.paidTo": "Pagado a",
  "receipt.amount": "Monto",
  "receipt.date": "Fecha",
  "receipt.method": "Método de pago",
  "receipt.methodValue": "{brand} terminada en {last4}",
  "receipt.reference": "Referencia de la cuenta",
  "receipt.remaining": "Saldo restante",
  "receipt.next": "Próximo pago",
  "receipt.nextValue": "{amount} el {date}",
  "receipt.noNext": "Ninguno programado",
  "receipt.status": "Estado",
  "receipt.print": "Use la opción Imprimir de su navegador para guardar una copia de este recibo.",
  "payment.status.succeeded": "Pagado",
  "payment.status.processing": "Pendiente (los pagos bancarios tardan unos días hábiles)",
  "payment.status.failed": "No se realizó",
  "payment.status.refunded": "Reembolsado",
  "payment.status.disputed": "Disputado con su banco",
  "nav.receipts": "Pagos y recibos",
  "ics.summary": "Pago programado",
  "ics.description":
    "Hoy hay un pago programado de su plan. Abra su portal de pagos para ver los detalles.",
  "ics.download": "Añadir las fechas a mi calendario",
};
