// "Is this real?" (/is-this-real, /l/<token>/real): how a debtor checks on their own that a
// message, this portal and the payment page are genuine. Sent only to those pages
// (usesRealTexts). Payments happen on Stripe's page, never on this site: no text may say
// otherwise.
export const en = {
  "real.title": "Is this message really from us?",
  "real.never":
    "We will never ask for your card number, your bank password or a payment by gift card, in a message or on the phone.",
  "real.address.title": "Check this page's address",
  "real.address.body":
    "This portal's address starts with the address below. Before you type anything, check that your browser's address bar shows it exactly, letter by letter.",
  "real.stripe.title": "Where payments are made",
  "real.stripe.body":
    "Payments are made on Stripe's secure payment page, not on this site: when you choose to pay, we take you there, and you type your card or bank details only there. Its address starts with https://checkout.stripe.com, {creditor} is named at the top of the page, and your browser shows a lock next to the address.",
  "real.stripe.generic":
    "Payments are made on Stripe's secure payment page, not on this site: when you choose to pay, we take you there, and you type your card or bank details only there. Its address starts with https://checkout.stripe.com, the name of the business you are paying is at the top of the page, and your browser shows a lock next to the address.",
  "real.stripe.elsewhere":
    "If any other page asks for your card or bank details, please don't enter them.",
  "real.contact.title": "Check with {creditor}",
  "real.check":
    "This secure page is on behalf of {creditor}. To check on your own, contact them using a phone number or email you already trust, such as one on a previous bill or on their website. These are the details they gave us, to compare:",
  "real.phone": "Phone",
  "real.email": "Email",
  "real.code":
    "You can tell them the code shown in your message (it looks like ABCD-EFGH-JK). They can confirm it was sent to you.",
  "real.generic":
    "If you are not sure a message is genuine, don't open its link. Contact the business directly using contact details you already trust and ask them to confirm.",
  "real.back": "Back",
};

export const es: Record<keyof typeof en, string> = {
  "real.title": "¿Este mensaje es realmente nuestro?",
  "real.never":
    "Nunca le pediremos su número de tarjeta, la contraseña de su banco ni un pago con tarjetas de regalo, por mensaje ni por teléfono.",
  "real.address.title": "Compruebe la dirección de esta página",
  "real.address.body":
    "La dirección de este portal empieza con la dirección de abajo. Antes de escribir nada, compruebe que la barra de direcciones de su navegador la muestra exactamente, letra por letra.",
  "real.stripe.title": "Dónde se hacen los pagos",
  "real.stripe.body":
    "Los pagos se hacen en la página de pago segura de Stripe, no en este sitio: cuando elige pagar, le llevamos allí, y solo allí escribe los datos de su tarjeta o de su banco. Su dirección empieza con https://checkout.stripe.com, {creditor} aparece en la parte de arriba de la página y su navegador muestra un candado junto a la dirección.",
  "real.stripe.generic":
    "Los pagos se hacen en la página de pago segura de Stripe, no en este sitio: cuando elige pagar, le llevamos allí, y solo allí escribe los datos de su tarjeta o de su banco. Su dirección empieza con https://checkout.stripe.com, el nombre de la empresa a la que paga aparece en la parte de arriba de la página y su navegador muestra un candado junto a la dirección.",
  "real.stripe.elsewhere":
    "Si otra página le pide los datos de su tarjeta o de su banco, por favor no los escriba.",
  "real.contact.title": "Compruébelo con {creditor}",
  "real.check":
    "Esta página segura es en nombre de {creditor}. Para comprobarlo por su cuenta, comuníquese con ellos usando un teléfono o correo que ya conozca, por ejemplo el de una factura anterior o el de su sitio web. Estos son los datos que nos dieron, para comparar:",
  "real.phone": "Teléfono",
  "real.email": "Correo electrónico",
  "real.code":
    "Puede darles el código que aparece en su mensaje (se parece a ABCD-EFGH-JK). Ellos pueden confirmar que se lo enviaron a usted.",
  "real.generic":
    "Si no está seguro de que un mensaje sea auténtico, no abra su enlace. Comuníquese directamente con la empresa usando datos de contacto que ya conozca y pídales que lo confirmen.",
  "real.back": "Volver",
};
