// The way in (link, code, confirm one fact, paused link), in English and Spanish. Date hints
// say exactly what to type, month first, with an example, in both languages: Spanish
// speakers in the US write dates MM/DD/YYYY too. Errors never count or blame.
export const en = {
  "link.title": "A secure page from {creditor}",
  "link.body":
    "{creditor} invited you to this secure page. To protect your privacy, we'll ask you to confirm one detail before showing anything else.",
  "link.continue": "Continue",
  "link.notYou": "If this message was not meant for you, you can simply close this page.",
  "invalid.title": "This link can't be used anymore",
  "invalid.body":
    "Links stop working after a while, or when a newer one is sent, to keep your information safe. We can send a new link to the contact details we already have for you.",
  "invalid.resend": "Send me a new link",
  "invalid.code": "I have a code",
  "resent.title": "Thank you",
  "resent.body":
    "If we have contact details for this link, a new link is on its way. It can take a few minutes to arrive. If nothing arrives, please contact the business that wrote to you using a phone number you trust.",
  "code.title": "Enter your code",
  "code.intro": "The code is in the letter or message you received. It looks like ABCD-EFGH-JK.",
  "code.label": "Code",
  "code.hint": "Letters and numbers; dashes and spaces are optional.",
  "code.submit": "Continue",
  "code.error.required": "Please enter the code from your letter or message.",
  "code.error.invalid":
    "We couldn't match that code. Please check it and try again, or use the link in your message.",
  "verify.title": "Confirm it's you",
  "verify.intro":
    "To keep your information private, please confirm one detail. {creditor} gave us this detail.",
  "verify.dob.label": "Your date of birth",
  "verify.dob.hint": "Month, then day, then year. For March 14, 1985, type 03141985 or 03/14/1985.",
  "verify.postal_code.label": "Your ZIP code",
  "verify.postal_code.hint":
    "The 5-digit ZIP code of your mailing address, for example 10001. ZIP+4 works too.",
  "verify.account_last4.label": "Last 4 characters of your account number",
  "verify.account_last4.hint":
    "You can find it on the letter or statement you received. You can also paste the whole account number.",
  "verify.submit": "Confirm",
  "verify.error.required": "Please fill in this detail.",
  "verify.error.format.dob":
    "Please type your date of birth as month, day and year, for example 03141985 or 03/14/1985.",
  "verify.error.format.postal_code": "Please enter a 5-digit ZIP code, for example 10001.",
  "verify.error.format.account_last4":
    "Please enter the last 4 letters or numbers of your account number, or the whole account number.",
  "verify.error.dob.year":
    "Please type the year with all 4 digits, for example 1985 rather than 85.",
  "verify.error.dob.digits":
    "Please type 8 digits: 2 for the month, 2 for the day and 4 for the year. For March 14, 1985, that is 03141985.",
  "verify.error.dob.date":
    "Please check the date. It needs to be a real date in the past, with the month first, for example 03/14/1985.",
  "verify.error.mismatch":
    "That doesn't match what we have. Please check and try again. You have {left} tries left before this link is paused.",
  "verify.help": "Having trouble? Contact {creditor} at {phone} or {email}.",
  "locked.title": "This link is paused for your security",
  "locked.body":
    "There were several attempts that didn't match, so we've paused this link for {minutes} minutes. This protects your information. You can try again later, or contact {creditor} at {phone} or {email} for help.",
  "link.isThisReal": "How can I check this is genuine?",
};

export const es: Record<keyof typeof en, string> = {
  "link.title": "Una página segura de {creditor}",
  "link.body":
    "{creditor} le invitó a esta página segura. Para proteger su privacidad, le pediremos que confirme un dato antes de mostrarle nada más.",
  "link.continue": "Continuar",
  "link.notYou": "Si este mensaje no era para usted, simplemente cierre esta página.",
  "invalid.title": "Este enlace ya no se puede usar",
  "invalid.body":
    "Los enlaces dejan de funcionar después de un tiempo, o cuando se envía uno más nuevo, para proteger su información. Podemos enviar un enlace nuevo a los datos de contacto que ya tenemos.",
  "invalid.resend": "Envíenme un enlace nuevo",
  "invalid.code": "Tengo un código",
  "resent.title": "Gracias",
  "resent.body":
    "Si tenemos datos de contacto para este enlace, le enviaremos uno nuevo. Puede tardar unos minutos en llegar. Si no llega, comuníquese con la empresa que le escribió usando un número de teléfono de confianza.",
  "code.title": "Escriba su código",
  "code.intro": "El código está en la carta o el mensaje que recibió. Se parece a ABCD-EFGH-JK.",
  "code.label": "Código",
  "code.hint": "Letras y números; los guiones y espacios son opcionales.",
  "code.submit": "Continuar",
  "code.error.required": "Escriba el código de su carta o mensaje.",
  "code.error.invalid":
    "No pudimos encontrar ese código. Revíselo e inténtelo de nuevo, o use el enlace de su mensaje.",
  "verify.title": "Confirme que es usted",
  "verify.intro":
    "Para mantener su información privada, confirme un dato. {creditor} nos proporcionó este dato.",
  "verify.dob.label": "Su fecha de nacimiento",
  "verify.dob.hint":
    "Primero el mes, luego el día y el año. Para el 14 de marzo de 1985, escriba 03141985 o 03/14/1985.",
  "verify.postal_code.label": "Su código postal (ZIP)",
  "verify.postal_code.hint":
    "El código postal de 5 dígitos de su dirección postal, por ejemplo 10001. También sirve el ZIP+4.",
  "verify.account_last4.label": "Últimos 4 caracteres de su número de cuenta",
  "verify.account_last4.hint":
    "Lo encontrará en la carta o el estado de cuenta que recibió. También puede pegar el número de cuenta completo.",
  "verify.submit": "Confirmar",
  "verify.error.required": "Complete este dato.",
  "verify.error.format.dob":
    "Escriba su fecha de nacimiento con el mes, el día y el año, por ejemplo 03141985 o 03/14/1985.",
  "verify.error.format.postal_code": "Escriba un código postal de 5 dígitos, por ejemplo 10001.",
  "verify.error.format.account_last4":
    "Escriba los últimos 4 caracteres (letras o números) de su número de cuenta, o el número de cuenta completo.",
  "verify.error.dob.year": "Escriba el año con sus 4 dígitos, por ejemplo 1985 en lugar de 85.",
  "verify.error.dob.digits":
    "Escriba 8 dígitos: 2 para el mes, 2 para el día y 4 para el año. Para el 14 de marzo de 1985, sería 03141985.",
  "verify.error.dob.date":
    "Revise la fecha. Debe ser una fecha real del pasado, con el mes primero, por ejemplo 03/14/1985.",
  "verify.error.mismatch":
    "Eso no coincide con lo que tenemos. Revíselo e inténtelo de nuevo. Le quedan {left} intentos antes de que este enlace se pause.",
  "verify.help": "¿Tiene dificultades? Comuníquese con {creditor} al {phone} o {email}.",
  "locked.title": "Este enlace está en pausa por su seguridad",
  "locked.body":
    "Hubo varios intentos que no coincidieron, así que pausamos este enlace durante {minutes} minutos. Esto protege su información. Puede intentarlo más tarde o comunicarse con {creditor} al {phone} o {email} para recibir ayuda.",
  "link.isThisReal": "¿Cómo puedo comprobar que esto es auténtico?",
};
