// Every debtor-facing text, in English and Spanish. Tone: plain, calm, never accusatory,
// no fake urgency, always a way forward. Spanish must have exactly the English keys
// (checked by the type below and by tests/unit/messages.test.ts).
import { usesPlanTexts, usesRealTexts, type Lang } from "./index";
import * as payments from "./payments";
import * as payNow from "./pay-now";
import * as plans from "./plans";
import * as planReview from "./plan-review";
import * as planPage from "./plan-page";
import * as planForms from "./plan-forms";
import * as statement from "./statement";
import * as statementTop from "./statement-top";
import * as outbox from "./outbox";
import * as edge from "./edge";
import * as titles from "./titles";
import * as access from "./access";
import * as branding from "./branding";
import * as confirmations from "./confirmations";

const en = {
  ...plans.en,
  ...planReview.en,
  ...planPage.en,
  ...planForms.en,
  ...statement.en,
  ...statementTop.en,
  ...outbox.en,
  ...edge.en,
  ...payments.en,
  ...payNow.en,
  ...titles.en,
  ...access.en,
  ...branding.en,
  ...confirmations.en,
  "site.name": "Payment portal",
  "site.skip": "Skip to main content",
  "site.demoBanner": "Demo / test mode: no real money moves and no real messages are sent.",
  "site.language": "Language",
  "site.switchTo": "Ver en español",
  "site.footer.privacy":
    "We only use cookies needed to keep you signed in and remember your language.",
  "site.signOut": "Sign out",

  "error.notFound.title": "We can't find that page",
  "error.notFound.body":
    "The address may be mistyped, or the page may have moved. Nothing is wrong with your account.",
  "error.tooMany.title": "Please wait a moment",
  "error.tooMany.body":
    "We received many attempts in a short time. Please wait a few minutes, then try again. Nothing you did so far is lost.",
  "error.generic.title": "Something went wrong on our side",
  "error.generic.body": "It is not something you did. Please try again in a minute.",
  "error.forbidden.title": "That did not work",
  "error.forbidden.body": "Please go back and try again.",
  "error.home": "Go to the start page",

  "home.title": "Your secure payment portal",
  "home.body":
    "If you received a message with a link, please open that link. If you have a code from a letter or another device, you can type it here.",
  "home.enterCode": "Enter a code",
  "home.isThisReal": "How to check a message from us is genuine",

  "session.warning.title": "Are you still there?",
  "session.warning.body":
    "For your security, you'll be signed out in about 2 minutes if nothing happens.",
  "session.warning.extend": "Stay signed in",
  "session.ended.title": "You've been signed out",
  "session.ended.body":
    "For your security, we sign you out after 15 minutes without activity, or when you choose to. To come back, open the link in your message again.",
  "session.linkEnded.title": "You've been signed out",
  "session.linkEnded.body":
    "The link you used to sign in is no longer active, so we signed you out. To come back, open the newest message we sent you, or use a new link or code.",
  "session.signedOut.title": "You're signed out",
  "session.signedOut.body":
    "Thank you. To come back any time, open the link in your message again.",

  "preferences.title": "Communication preferences",
  "preferences.intro":
    "Choose how we may contact you. Everything about your account stays available on this site.",
  "preferences.channels.legend": "Messages",
  "preferences.optOutEmail": "Don't send me emails",
  "preferences.optOutSms": "Don't send me text messages",
  "preferences.language.legend": "Language for messages",
  "preferences.quiet.legend": "Times not to contact me",
  "preferences.quiet.hint":
    "We never contact you before 8:00 or after 21:00 in your local time. You can add a window when you would rather not hear from us, for example 12:00 to 14:00.",
  "preferences.quietStart": "From (HH:MM)",
  "preferences.quietEnd": "Until (HH:MM)",
  "preferences.save": "Save preferences",
  "preferences.saved": "Your preferences are saved.",
  "preferences.error.time": "Please use the 24-hour format HH:MM, for example 13:30.",
  "preferences.error.bothTimes": "Please fill in both times, or leave both empty.",
  "preferences.error.language": "Please choose a language.",
  "esign.title": "Notices by email (electronic delivery)",
  "esign.body":
    "With your consent, we send notices about your accounts (statements, receipts, plan changes and other required notices) by email and on this site instead of by post. You can ask for paper copies at any time, free of charge, and you can withdraw your consent whenever you like; notices then go to your mailing address.",
  "esign.requirements": "You need a device that can open web pages and save or print them.",
  "esign.active": "You agreed to receive notices electronically.",
  "esign.inactive": "You have not agreed to electronic notices, so we send notices by post.",
  "esign.paperRequested": "You asked for paper copies. We will mail them to you.",
  "esign.consent": "I agree to receive notices electronically",
  "esign.withdraw": "Withdraw my consent",
  "esign.paper": "Send me paper copies by mail",
  "esign.saved": "Thank you. Your choice is saved.",
  "nav.statement": "Statement",
  "nav.preferences": "Preferences",
};

type Dictionary = Record<keyof typeof en, string>;

const es: Dictionary = {
  ...plans.es,
  ...planReview.es,
  ...planPage.es,
  ...planForms.es,
  ...statement.es,
  ...statementTop.es,
  ...outbox.es,
  ...edge.es,
  ...payments.es,
  ...payNow.es,
  ...titles.es,
  ...access.es,
  ...branding.es,
  ...confirmations.es,
  "site.name": "Portal de pagos",
  "site.skip": "Saltar al contenido principal",
  "site.demoBanner":
    "Modo de demostración / prueba: no se mueve dinero real y no se envían mensajes reales.",
  "site.language": "Idioma",
  "site.switchTo": "View in English",
  "site.footer.privacy":
    "Solo usamos las cookies necesarias para mantener su sesión y recordar su idioma.",
  "site.signOut": "Cerrar sesión",

  "error.notFound.title": "No encontramos esa página",
  "error.notFound.body":
    "Es posible que la dirección tenga un error o que la página se haya movido. Su cuenta no tiene ningún problema.",
  "error.tooMany.title": "Por favor, espere un momento",
  "error.tooMany.body":
    "Recibimos muchos intentos en poco tiempo. Espere unos minutos y vuelva a intentarlo. No se ha perdido nada de lo que hizo.",
  "error.generic.title": "Algo salió mal de nuestro lado",
  "error.generic.body": "No es algo que usted hizo. Vuelva a intentarlo en un minuto.",
  "error.forbidden.title": "Eso no funcionó",
  "error.forbidden.body": "Vuelva atrás e inténtelo de nuevo.",
  "error.home": "Ir a la página de inicio",

  "home.title": "Su portal de pagos seguro",
  "home.body":
    "Si recibió un mensaje con un enlace, ábralo. Si tiene un código de una carta o de otro dispositivo, puede escribirlo aquí.",
  "home.enterCode": "Escribir un código",
  "home.isThisReal": "Cómo comprobar que un mensaje nuestro es auténtico",

  "session.warning.title": "¿Sigue ahí?",
  "session.warning.body":
    "Por su seguridad, cerraremos su sesión en unos 2 minutos si no hay actividad.",
  "session.warning.extend": "Mantener la sesión abierta",
  "session.ended.title": "Se cerró su sesión",
  "session.ended.body":
    "Por su seguridad, cerramos la sesión después de 15 minutos sin actividad o cuando usted lo elige. Para volver, abra otra vez el enlace de su mensaje.",
  "session.linkEnded.title": "Se cerró su sesión",
  "session.linkEnded.body":
    "El enlace que usó para entrar ya no está activo, así que cerramos su sesión. Para volver, abra el mensaje más reciente que le enviamos o use un enlace o código nuevo.",
  "session.signedOut.title": "Cerró su sesión",
  "session.signedOut.body":
    "Gracias. Para volver en cualquier momento, abra otra vez el enlace de su mensaje.",

  "preferences.title": "Preferencias de comunicación",
  "preferences.intro":
    "Elija cómo podemos comunicarnos con usted. Toda la información de su cuenta sigue disponible en este sitio.",
  "preferences.channels.legend": "Mensajes",
  "preferences.optOutEmail": "No me envíen correos electrónicos",
  "preferences.optOutSms": "No me envíen mensajes de texto",
  "preferences.language.legend": "Idioma de los mensajes",
  "preferences.quiet.legend": "Horas en que no desea que le contactemos",
  "preferences.quiet.hint":
    "Nunca le contactamos antes de las 8:00 ni después de las 21:00, hora local. Puede añadir un horario en el que prefiere no recibir mensajes, por ejemplo de 12:00 a 14:00.",
  "preferences.quietStart": "Desde (HH:MM)",
  "preferences.quietEnd": "Hasta (HH:MM)",
  "preferences.save": "Guardar preferencias",
  "preferences.saved": "Sus preferencias se guardaron.",
  "preferences.error.time": "Use el formato de 24 horas HH:MM, por ejemplo 13:30.",
  "preferences.error.bothTimes": "Complete las dos horas o deje ambas vacías.",
  "preferences.error.language": "Elija un idioma.",
  "esign.title": "Avisos por correo electrónico (entrega electrónica)",
  "esign.body":
    "Con su consentimiento, le enviamos los avisos sobre sus cuentas (estados de cuenta, recibos, cambios de plan y otros avisos obligatorios) por correo electrónico y en este sitio en lugar de por correo postal. Puede pedir copias en papel en cualquier momento, sin costo, y puede retirar su consentimiento cuando quiera; los avisos se enviarán entonces a su dirección postal.",
  "esign.requirements":
    "Necesita un dispositivo que pueda abrir páginas web y guardarlas o imprimirlas.",
  "esign.active": "Aceptó recibir avisos de forma electrónica.",
  "esign.inactive":
    "No ha aceptado los avisos electrónicos, así que le enviamos los avisos por correo postal.",
  "esign.paperRequested": "Pidió copias en papel. Se las enviaremos por correo.",
  "esign.consent": "Acepto recibir avisos de forma electrónica",
  "esign.withdraw": "Retirar mi consentimiento",
  "esign.paper": "Envíenme copias en papel por correo",
  "esign.saved": "Gracias. Su elección se guardó.",
  "nav.statement": "Estado de cuenta",
  "nav.preferences": "Preferencias",
};

export type MessageKey = keyof typeof en;
export const MESSAGES: Record<Lang, Dictionary> = { en, es };

const without = (messages: Dictionary, prefixes: string[]) =>
  Object.fromEntries(
    Object.entries(messages).filter(([key]) => !prefixes.some((p) => key.startsWith(p))),
  ) as Dictionary;
const both = <T>(make: (lang: Lang) => T): Record<Lang, T> => ({ en: make("en"), es: make("es") });
// Each page gets the general texts plus the ones only its kind of page uses.
const GENERAL = both((lang) => without(MESSAGES[lang], ["plans.", "real."]));
const PLANS = both((lang) => without(MESSAGES[lang], ["real."]));
const REAL = both((lang) => without(MESSAGES[lang], ["plans."]));

/** The texts a page needs in the browser (see usesPlanTexts and usesRealTexts). */
export function messagesFor(lang: Lang, pathname: string): Dictionary {
  if (usesPlanTexts(pathname)) return PLANS[lang];
  if (usesRealTexts(pathname)) return REAL[lang];
  return GENERAL[lang];
}
