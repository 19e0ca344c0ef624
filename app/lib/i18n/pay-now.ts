// Debtor-facing texts of the one confirm page before Stripe's page
// (/accounts/:id/pay-now?kind=…, English and Spanish): one payment, no plan words for a
// single payment, and a one-time authorization. Its wording is what the debtor agrees to:
// change it → bump ONE_TIME_AUTHORIZATION_VERSION (app/lib/pay-now.ts). Tone: plain, calm,
// never accusatory, no fake urgency, always a way forward.
// Keys and {placeholders} must match between the languages (tests/unit/basics.test.ts).
export const en = {
  "payNow.title.full": "Pay in full",
  "payNow.title.settlement": "Settle your account",
  "payNow.title.next": "Pay your next payment now",
  "payNow.title.catchUp": "Catch up on your plan",
  "payNow.title.payoff": "Pay off the rest",
  "payNow.title.extra": "Pay an extra amount",
  "payNow.intro":
    "Please check this one payment. The button takes you to Stripe's secure page, where you enter your card or bank account and pay.",
  "payNow.summary": "Your payment",
  "payNow.amount": "Amount",
  "payNow.to": "Paid to",
  "payNow.account": "Account",
  "payNow.when": "When",
  "payNow.today": "Today, {date}",
  "payNow.method": "How you pay",
  "payNow.methodValue":
    "A card or bank account, on Stripe's secure page. We never see your full card number, and no fees are added.",
  "payNow.after": "Afterwards",
  "payNow.after.full": "Nothing is left to pay, and the account is paid.",
  "payNow.after.settlement":
    "{creditor} accepts {amount} to settle your balance of {balance}. You save {savings}, and the account is marked settled.",
  "payNow.after.next":
    "This is payment {number}, due on {date}. Your other payments stay as they are.",
  "payNow.after.catchUp":
    "This pays what is overdue ({count} of your payments). Your plan then goes on as agreed.",
  "payNow.after.payoff":
    "This pays the {count} payments left in your plan. Nothing more is charged after it.",
  "payNow.after.extraPaid": "Payment {number} ({amount}) is paid.",
  "payNow.after.extraReduced": "Payment {number} goes from {from} to {to}.",
  "payNow.after.extraLeft": "{amount} is left, and your last payment is on {date}.",
  "payNow.after.extraAll": "This pays everything left in your plan.",
  "payNow.authTitle": "One-time authorization",
  "payNow.auth.full":
    "I, {name}, authorize {creditor} to take one payment of {amount} today, {date}, from the card or bank account I enter on Stripe's secure page, to pay account {reference} in full. This is a single payment: nothing else is charged, and no fees are added.",
  "payNow.auth.settlement":
    "I, {name}, authorize {creditor} to take one payment of {amount} today, {date}, from the card or bank account I enter on Stripe's secure page. {creditor} accepts this amount to settle account {reference}, which has a balance of {balance}. This is a single payment: nothing else is charged, and no fees are added.",
  "payNow.auth.plan":
    "I, {name}, authorize {creditor} to take one payment of {amount} today, {date}, from the card or bank account I enter on Stripe's secure page, for account {reference}. This payment is made now, on its own; it does not change how the rest of my plan is paid.",
  "payNow.submit": "Pay {amount} on Stripe's secure page",
  "payNow.submitHint":
    "You can still leave on Stripe's page: nothing is charged until you pay there.",
  "payNow.extra.intro":
    "Paying extra pays your next payments sooner, so your plan ends earlier. Type the amount, then check it before you pay.",
  "payNow.extra.amount": "Amount to pay now",
  "payNow.extra.hint": "In dollars and cents, up to {amount} (everything left in your plan).",
  "payNow.extra.check": "Check this amount",
  "payNow.error.amount": "Please type an amount in dollars and cents, for example 25.00.",
  "payNow.error.belowMin": "The smallest payment that can be taken is {amount}.",
  "payNow.error.tooMuch":
    "That is more than is left in your plan ({amount}). To pay everything, pay off the rest.",
  "payNow.error.leftover":
    "That would leave part of a payment too small to charge (under {min}). You can pay {payAll}, or a smaller amount.",
  "payNow.notice.cancelled": "You left Stripe's page. Nothing was charged.",
  "payNow.notice.changed":
    "The amount changed since this page was opened. Please check the new amount below.",
  "payNow.notice.unavailable":
    "Stripe's secure page could not be opened just now. Nothing was charged. Please try again in a few minutes.",
  "payNow.no.title": "This payment can't be made here",
  "payNow.no.unknownKind":
    "We could not tell which payment you meant. Your statement lists the ways to pay.",
  "payNow.no.onHold":
    "{creditor} is looking into this account, so no payment can be made here for now. Nothing is charged in the meantime.",
  "payNow.no.nothingOwed": "There is nothing left to pay on this account. Thank you.",
  "payNow.no.noPlan":
    "This payment belongs to a payment plan, and this account does not have one. You can pay in full or choose how to pay.",
  "payNow.no.hasPlan":
    "This account has a payment plan. To pay everything now, you can pay off the rest of the plan.",
  "payNow.no.pendingPlan":
    "Your plan is not started yet: add a card or bank account on your plan page to start it.",
  "payNow.no.settlementNotOffered":
    "A settlement is not offered on this account now. You can pay in full or choose how to pay.",
  "payNow.no.processing":
    "A bank payment is on its way. Once it has gone through, you can make another payment here.",
  "payNow.no.nothingDue": "Your plan has no payment left to make now.",
  "payNow.no.paused":
    "Your plan is paused, so this payment can't be made now. You can still pay off the rest.",
  "payNow.no.catchUpFirst":
    "Some payments of your plan are overdue. Catching up first brings your plan back; then you can pay extra.",
  "payNow.link.statement": "Back to my statement",
  "payNow.link.plan": "Go to my plan",
  "payNow.link.choose": "See the ways to pay",
  "payNow.link.payoff": "Pay off the rest",
  "payNow.link.catchUp": "Catch up now",
  "payNow.link.other": "Other ways to pay",
};

export const es: Record<keyof typeof en, string> = {
  "payNow.title.full": "Pagar el total",
  "payNow.title.settlement": "Liquidar su cuenta",
  "payNow.title.next": "Pagar ahora su próximo pago",
  "payNow.title.catchUp": "Ponerse al día con su plan",
  "payNow.title.payoff": "Pagar todo lo que queda",
  "payNow.title.extra": "Pagar un monto adicional",
  "payNow.intro":
    "Revise este único pago. El botón lo lleva a la página segura de Stripe, donde ingresa su tarjeta o cuenta bancaria y paga.",
  "payNow.summary": "Su pago",
  "payNow.amount": "Monto",
  "payNow.to": "Se paga a",
  "payNow.account": "Cuenta",
  "payNow.when": "Cuándo",
  "payNow.today": "Hoy, {date}",
  "payNow.method": "Cómo paga",
  "payNow.methodValue":
    "Una tarjeta o cuenta bancaria, en la página segura de Stripe. Nunca vemos el número completo de su tarjeta y no se agregan cargos.",
  "payNow.after": "Después",
  "payNow.after.full": "No queda nada por pagar y la cuenta queda pagada.",
  "payNow.after.settlement":
    "{creditor} acepta {amount} para liquidar su saldo de {balance}. Ahorra {savings} y la cuenta queda liquidada.",
  "payNow.after.next": "Es el pago {number}, con fecha del {date}. Sus demás pagos no cambian.",
  "payNow.after.catchUp":
    "Esto paga lo atrasado ({count} de sus pagos). Luego su plan sigue como se acordó.",
  "payNow.after.payoff":
    "Esto paga los {count} pagos que quedan en su plan. Después no se cobra nada más.",
  "payNow.after.extraPaid": "El pago {number} ({amount}) queda pagado.",
  "payNow.after.extraReduced": "El pago {number} pasa de {from} a {to}.",
  "payNow.after.extraLeft": "Quedan {amount} y su último pago es el {date}.",
  "payNow.after.extraAll": "Esto paga todo lo que queda en su plan.",
  "payNow.authTitle": "Autorización de un solo pago",
  "payNow.auth.full":
    "Yo, {name}, autorizo a {creditor} a tomar un solo pago de {amount} hoy, {date}, de la tarjeta o cuenta bancaria que ingrese en la página segura de Stripe, para pagar el total de la cuenta {reference}. Es un único pago: no se cobra nada más y no se agregan cargos.",
  "payNow.auth.settlement":
    "Yo, {name}, autorizo a {creditor} a tomar un solo pago de {amount} hoy, {date}, de la tarjeta o cuenta bancaria que ingrese en la página segura de Stripe. {creditor} acepta este monto para liquidar la cuenta {reference}, que tiene un saldo de {balance}. Es un único pago: no se cobra nada más y no se agregan cargos.",
  "payNow.auth.plan":
    "Yo, {name}, autorizo a {creditor} a tomar un solo pago de {amount} hoy, {date}, de la tarjeta o cuenta bancaria que ingrese en la página segura de Stripe, para la cuenta {reference}. Este pago se hace ahora, aparte; no cambia cómo se paga el resto de mi plan.",
  "payNow.submit": "Pagar {amount} en la página segura de Stripe",
  "payNow.submitHint":
    "Todavía puede salir en la página de Stripe: no se cobra nada hasta que pague allí.",
  "payNow.extra.intro":
    "Pagar de más adelanta sus próximos pagos, así su plan termina antes. Escriba el monto y revíselo antes de pagar.",
  "payNow.extra.amount": "Monto a pagar ahora",
  "payNow.extra.hint": "En dólares y centavos, hasta {amount} (todo lo que queda en su plan).",
  "payNow.extra.check": "Revisar este monto",
  "payNow.error.amount": "Escriba un monto en dólares y centavos, por ejemplo 25.00.",
  "payNow.error.belowMin": "El pago más pequeño que se puede tomar es de {amount}.",
  "payNow.error.tooMuch":
    "Es más de lo que queda en su plan ({amount}). Para pagar todo, pague todo lo que queda.",
  "payNow.error.leftover":
    "Dejaría parte de un pago demasiado pequeña para cobrarla (menos de {min}). Puede pagar {payAll} o un monto menor.",
  "payNow.notice.cancelled": "Salió de la página de Stripe. No se cobró nada.",
  "payNow.notice.changed":
    "El monto cambió desde que se abrió esta página. Revise el nuevo monto abajo.",
  "payNow.notice.unavailable":
    "No se pudo abrir la página segura de Stripe en este momento. No se cobró nada. Inténtelo de nuevo en unos minutos.",
  "payNow.no.title": "Este pago no se puede hacer aquí",
  "payNow.no.unknownKind":
    "No pudimos saber qué pago quería hacer. Su estado de cuenta muestra las formas de pagar.",
  "payNow.no.onHold":
    "{creditor} está revisando esta cuenta, así que por ahora no se pueden hacer pagos aquí. Mientras tanto no se cobra nada.",
  "payNow.no.nothingOwed": "No queda nada por pagar en esta cuenta. Gracias.",
  "payNow.no.noPlan":
    "Este pago es parte de un plan de pagos, y esta cuenta no tiene uno. Puede pagar el total o elegir cómo pagar.",
  "payNow.no.hasPlan":
    "Esta cuenta tiene un plan de pagos. Para pagar todo ahora, puede pagar todo lo que queda del plan.",
  "payNow.no.pendingPlan":
    "Su plan todavía no empezó: agregue una tarjeta o cuenta bancaria en la página de su plan para empezarlo.",
  "payNow.no.settlementNotOffered":
    "Por ahora no se ofrece una liquidación en esta cuenta. Puede pagar el total o elegir cómo pagar.",
  "payNow.no.processing":
    "Un pago bancario está en camino. Cuando se complete, podrá hacer otro pago aquí.",
  "payNow.no.nothingDue": "Su plan no tiene ningún pago pendiente por hacer ahora.",
  "payNow.no.paused":
    "Su plan está en pausa, así que este pago no se puede hacer ahora. Aún puede pagar todo lo que queda.",
  "payNow.no.catchUpFirst":
    "Algunos pagos de su plan están atrasados. Ponerse al día primero reactiva su plan; luego puede pagar de más.",
  "payNow.link.statement": "Volver a mi estado de cuenta",
  "payNow.link.plan": "Ir a mi plan",
  "payNow.link.choose": "Ver las formas de pagar",
  "payNow.link.payoff": "Pagar todo lo que queda",
  "payNow.link.catchUp": "Ponerme al día ahora",
  "payNow.link.other": "Otras formas de pagar",
};
