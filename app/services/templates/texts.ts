// The words of every email and SMS, in English and Spanish. A template may only say who
// is writing, what kind of message this is, the link, the code, the disclosure and the
// opt-out: never an amount, a date of a charge, an account reference or any debt detail
// (tests/unit/messages-templates.test.ts renders them all and checks).
import type { TemplateName } from "~/lib/message-rules";
import * as confirmations from "./texts-confirmations";

export type TemplateTexts = {
  subject: string;
  lead: string;
  body?: string;
  action?: string;
  sms: string;
};

type Common = {
  platform: string;
  greeting: string;
  code: string;
  genuine: string;
  notMeant: string;
  disclosure: string;
  firstDisclosure: string;
  unsubscribe: string;
  unsubscribeLink: string;
  smsStop: string;
  contact: string;
  sentBy: string;
};

export type LanguageTexts = { common: Common; templates: Record<TemplateName, TemplateTexts> };

export const en: LanguageTexts = {
  common: {
    platform: "Payment portal",
    greeting: "Hello,",
    code: "Or go to {codeUrl} and type this code: {code}",
    genuine: "Not sure this message is genuine? Here is how to check: {genuineUrl}",
    notMeant: "If this message was not meant for you, you can ignore it.",
    disclosure: "This is a communication from a debt collector.",
    firstDisclosure:
      "This is a communication from a debt collector. This is an attempt to collect a debt, and any information obtained will be used for that purpose.",
    unsubscribe: "Don't want these emails?",
    unsubscribeLink: "Unsubscribe",
    smsStop: "Reply STOP to opt out.",
    contact: "Questions: {phone}, {email}",
    sentBy: "Sent by {sender}.",
  },
  templates: {
    access_link: {
      subject: "A secure link from {sender}",
      lead: "{sender} sent you a link to a secure page.",
      body: "To protect your privacy, you will be asked to confirm one detail before anything is shown.",
      action: "Open your secure page",
      sms: "{sender}: here is your secure link {link}",
    },
    payment_receipt: {
      subject: "Your receipt from {sender}",
      lead: "Thank you. Your receipt is ready on your secure page.",
      body: "You will be asked to confirm one detail first, to protect your privacy.",
      action: "See your receipt",
      sms: "{sender}: thank you, your receipt is ready on your secure page {link}",
    },
    plan_confirmation: {
      subject: "Your plan with {sender} is set up",
      lead: "Your plan is set up. A copy of what you agreed to is on your secure page.",
      body: "There you can see every date, change how you pay, or cancel.",
      action: "See your plan",
      sms: "{sender}: your plan is set up. A copy of what you agreed to: {link}",
    },
    payment_reminder: {
      subject: "A reminder from {sender}",
      lead: "A scheduled payment is coming up in a few days.",
      body: "You can see the details, change how you pay or ask for another date on your secure page. If everything is fine, you don't need to do anything.",
      action: "See the details",
      sms: "{sender}: a scheduled payment is coming up in a few days. Details: {link}",
    },
    payment_failed: {
      subject: "{sender}: a payment did not go through",
      lead: "A scheduled payment did not go through. Nothing else happens right now.",
      body: "On your secure page you can try again, use another way to pay, or ask for another date.",
      action: "Fix it on your secure page",
      sms: "{sender}: a scheduled payment did not go through. You can fix it here {link}",
    },
    bank_payment_returned: {
      subject: "{sender}: a bank payment did not go through",
      lead: "A payment from your bank account did not go through: your bank sent it back, or the account could not be verified.",
      body: "This can happen when an account is closed or changed. Nothing else happens right now. On your secure page you can pay another way or ask for another date.",
      action: "See your secure page",
      sms: "{sender}: a payment from your bank account did not go through. You can sort it out here {link}",
    },
    authentication_required: {
      subject: "{sender}: please confirm a payment with your bank",
      lead: "Your bank asks you to confirm a scheduled payment before it can be made.",
      body: "Please open your secure page to confirm it. It takes about a minute.",
      action: "Confirm on your secure page",
      sms: "{sender}: your bank asks you to confirm a scheduled payment {link}",
    },
    dispute_acknowledgement: {
      subject: "{sender} received your dispute",
      lead: "We received your dispute. Thank you for telling us.",
      body: "We will review it and reply. While we review it, we will not ask you for payment. You can see what you sent on your secure page.",
      action: "See your secure page",
      sms: "{sender}: we received your dispute. While we review it we will not ask you for payment. {link}",
    },
    schedule_changed: {
      subject: "{sender}: your payment dates have changed",
      lead: "The dates of your scheduled payments have changed. Nothing is charged before the new dates.",
      body: "You can see every new date, change how you pay or ask for another date on your secure page.",
      action: "See your new dates",
      sms: "{sender}: the dates of your scheduled payments have changed. See the new dates: {link}",
    },
    schedule_paused: {
      subject: "{sender}: please choose new payment dates",
      lead: "Your scheduled payments are paused, and nothing is charged until you choose how to continue.",
      body: "The old dates no longer fit your plan. On your secure page you can set up new dates that suit you, or call us.",
      action: "Choose on your secure page",
      sms: "{sender}: your scheduled payments are paused until you choose new dates: {link}",
    },
    ...confirmations.en,
    sms_opt_out_confirmation: {
      subject: "",
      lead: "",
      sms: "{sender}: you are unsubscribed and will get no more texts from this number. Reply START to subscribe again.",
    },
    sms_help: {
      subject: "",
      lead: "",
      sms: "{sender}: texts about your account. Help: {phone}. Msg & data rates may apply.",
    },
    sms_resubscribed: {
      subject: "",
      lead: "",
      sms: "{sender}: you will get texts from us again. Reply HELP for help.",
    },
  },
};

export const es: LanguageTexts = {
  common: {
    platform: "Portal de pagos",
    greeting: "Hola:",
    code: "O vaya a {codeUrl} y escriba este código: {code}",
    genuine:
      "¿No está seguro de que este mensaje sea auténtico? Así puede comprobarlo: {genuineUrl}",
    notMeant: "Si este mensaje no era para usted, puede ignorarlo.",
    disclosure: "Esta es una comunicación de un cobrador de deudas.",
    firstDisclosure:
      "Esta es una comunicación de un cobrador de deudas. Esto es un intento de cobrar una deuda y cualquier información obtenida se utilizará para ese fin.",
    unsubscribe: "¿No quiere recibir estos correos?",
    unsubscribeLink: "Cancelar la suscripción",
    smsStop: "Responda STOP para no recibir más mensajes.",
    contact: "Preguntas: {phone}, {email}",
    sentBy: "Enviado por {sender}.",
  },
  templates: {
    access_link: {
      subject: "Un enlace seguro de {sender}",
      lead: "{sender} le envió un enlace a una página segura.",
      body: "Para proteger su privacidad, le pediremos que confirme un dato antes de mostrar nada.",
      action: "Abrir su página segura",
      sms: "{sender}: este es su enlace seguro {link}",
    },
    payment_receipt: {
      subject: "Su recibo de {sender}",
      lead: "Gracias. Su recibo está listo en su página segura.",
      body: "Primero le pediremos que confirme un dato, para proteger su privacidad.",
      action: "Ver su recibo",
      sms: "{sender}: gracias, su recibo está listo en su página segura {link}",
    },
    plan_confirmation: {
      subject: "Su plan con {sender} está listo",
      lead: "Su plan está listo. Una copia de lo que aceptó está en su página segura.",
      body: "Allí puede ver cada fecha, cambiar cómo paga o cancelarlo.",
      action: "Ver su plan",
      sms: "{sender}: su plan está listo. Una copia de lo que aceptó: {link}",
    },
    payment_reminder: {
      subject: "Un recordatorio de {sender}",
      lead: "Tiene un pago programado dentro de unos días.",
      body: "En su página segura puede ver los detalles, cambiar cómo paga o pedir otra fecha. Si todo está bien, no tiene que hacer nada.",
      action: "Ver los detalles",
      sms: "{sender}: tiene un pago programado dentro de unos días. Detalles: {link}",
    },
    payment_failed: {
      subject: "{sender}: un pago no se pudo procesar",
      lead: "Un pago programado no se pudo procesar. Por ahora no pasa nada más.",
      body: "En su página segura puede intentarlo de nuevo, usar otra forma de pago o pedir otra fecha.",
      action: "Resolverlo en su página segura",
      sms: "{sender}: un pago programado no se pudo procesar. Puede resolverlo aquí {link}",
    },
    bank_payment_returned: {
      subject: "{sender}: un pago bancario no se realizó",
      lead: "Un pago desde su cuenta bancaria no se realizó: su banco lo devolvió o no se pudo verificar la cuenta.",
      body: "Esto puede pasar cuando una cuenta se cierra o cambia. Por ahora no pasa nada más. En su página segura puede pagar de otra forma o pedir otra fecha.",
      action: "Ver su página segura",
      sms: "{sender}: un pago desde su cuenta bancaria no se realizó. Puede resolverlo aquí {link}",
    },
    authentication_required: {
      subject: "{sender}: confirme un pago con su banco",
      lead: "Su banco le pide que confirme un pago programado antes de realizarlo.",
      body: "Abra su página segura para confirmarlo. Tarda más o menos un minuto.",
      action: "Confirmar en su página segura",
      sms: "{sender}: su banco le pide que confirme un pago programado {link}",
    },
    dispute_acknowledgement: {
      subject: "{sender} recibió su disputa",
      lead: "Recibimos su disputa. Gracias por avisarnos.",
      body: "La revisaremos y le responderemos. Mientras la revisamos, no le pediremos ningún pago. Puede ver lo que envió en su página segura.",
      action: "Ver su página segura",
      sms: "{sender}: recibimos su disputa. Mientras la revisamos no le pediremos ningún pago. {link}",
    },
    schedule_changed: {
      subject: "{sender}: cambiaron las fechas de sus pagos",
      lead: "Las fechas de sus pagos programados cambiaron. No se cobra nada antes de las nuevas fechas.",
      body: "En su página segura puede ver cada fecha nueva, cambiar cómo paga o pedir otra fecha.",
      action: "Ver las nuevas fechas",
      sms: "{sender}: cambiaron las fechas de sus pagos programados. Vea las nuevas fechas: {link}",
    },
    schedule_paused: {
      subject: "{sender}: elija nuevas fechas de pago",
      lead: "Sus pagos programados están en pausa y no se cobra nada hasta que usted elija cómo continuar.",
      body: "Las fechas anteriores ya no caben en su plan. En su página segura puede elegir nuevas fechas que le convengan, o llamarnos.",
      action: "Elegir en su página segura",
      sms: "{sender}: sus pagos programados están en pausa hasta que elija nuevas fechas: {link}",
    },
    ...confirmations.es,
    sms_opt_out_confirmation: {
      subject: "",
      lead: "",
      sms: "{sender}: canceló la suscripción y no recibirá más mensajes de este número. Responda START para suscribirse de nuevo.",
    },
    sms_help: {
      subject: "",
      lead: "",
      sms: "{sender}: mensajes sobre su cuenta. Ayuda: {phone}. Pueden aplicarse tarifas de mensajes y datos.",
    },
    sms_resubscribed: {
      subject: "",
      lead: "",
      sms: "{sender}: volverá a recibir nuestros mensajes. Responda HELP para obtener ayuda.",
    },
  },
};

export const TEXTS = { en, es } as const;
