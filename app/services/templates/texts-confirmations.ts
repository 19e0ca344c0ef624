// The words of the confirmations of a debtor's money decisions (a plan changed, paused or
// cancelled, a settlement agreed, an account paid in full or settled), in English and
// Spanish. The rules of texts.ts hold: who is writing, what kind of message, the link;
// never an amount, a date of a charge or any debt detail (the page behind the link has them).
import type { TemplateName } from "~/lib/message-rules";
import type { TemplateTexts } from "./texts";

export type ConfirmationTemplate = Extract<
  TemplateName,
  | "plan_changed"
  | "plan_paused"
  | "plan_cancelled"
  | "settlement_accepted"
  | "account_paid"
  | "account_settled"
>;

export const en: Record<ConfirmationTemplate, TemplateTexts> = {
  plan_changed: {
    subject: "{sender}: your change to your plan is saved",
    lead: "The change you made to your plan is saved.",
    body: "Your secure page shows every payment as it is now. If you did not make this change, please call us.",
    action: "See your plan",
    sms: "{sender}: the change you made to your plan is saved. See your plan: {link}",
  },
  plan_paused: {
    subject: "{sender}: your payments are paused",
    lead: "Your payments are paused as you asked. Nothing is charged before the date you chose.",
    body: "Your secure page shows when payments start again. You can change your plan there, or call us.",
    action: "See your plan",
    sms: "{sender}: your payments are paused as you asked. Nothing is charged before the date you chose: {link}",
  },
  plan_cancelled: {
    subject: "{sender}: your plan is cancelled",
    lead: "Your plan is cancelled as you asked. No more payments will be taken from it.",
    body: "Payments you already made still count. When you are ready, your secure page shows what is left and the ways to pay.",
    action: "See your secure page",
    sms: "{sender}: your plan is cancelled as you asked. No more payments will be taken from it. {link}",
  },
  settlement_accepted: {
    subject: "Your settlement with {sender} is agreed",
    lead: "Your settlement is agreed. A copy of what you agreed to is on your secure page.",
    body: "There you can see the date of each payment and change how you pay.",
    action: "See your settlement",
    sms: "{sender}: your settlement is agreed. A copy of what you agreed to: {link}",
  },
  account_paid: {
    subject: "{sender}: your account is paid in full",
    lead: "Thank you. Your account is paid in full, and nothing more is owed.",
    body: "A letter that says so is on your secure page, for you to download and keep.",
    action: "Get your letter",
    sms: "{sender}: thank you, your account is paid in full. Your letter that says so: {link}",
  },
  account_settled: {
    subject: "{sender}: your account is settled",
    lead: "Thank you. Your settlement is paid and your account is settled: nothing more is owed.",
    body: "A letter that says so is on your secure page, for you to download and keep.",
    action: "Get your letter",
    sms: "{sender}: thank you, your account is settled. Your letter that says so: {link}",
  },
};

export const es: Record<ConfirmationTemplate, TemplateTexts> = {
  plan_changed: {
    subject: "{sender}: se guardó el cambio en su plan",
    lead: "Se guardó el cambio que hizo en su plan.",
    body: "Su página segura muestra cada pago tal como queda ahora. Si usted no hizo este cambio, llámenos.",
    action: "Ver su plan",
    sms: "{sender}: se guardó el cambio que hizo en su plan. Vea su plan: {link}",
  },
  plan_paused: {
    subject: "{sender}: sus pagos están en pausa",
    lead: "Sus pagos están en pausa, como lo pidió. No se cobra nada antes de la fecha que eligió.",
    body: "Su página segura muestra cuándo se reanudan los pagos. Allí puede cambiar su plan, o puede llamarnos.",
    action: "Ver su plan",
    sms: "{sender}: sus pagos están en pausa, como lo pidió. No se cobra nada antes de la fecha que eligió: {link}",
  },
  plan_cancelled: {
    subject: "{sender}: su plan está cancelado",
    lead: "Su plan está cancelado, como lo pidió. No se cobrarán más pagos de este plan.",
    body: "Los pagos que ya hizo siguen contando. Cuando quiera, su página segura muestra lo que queda y las formas de pagar.",
    action: "Ver su página segura",
    sms: "{sender}: su plan está cancelado, como lo pidió. No se cobrarán más pagos de este plan. {link}",
  },
  settlement_accepted: {
    subject: "Su acuerdo de liquidación con {sender} está listo",
    lead: "Su acuerdo de liquidación está listo. Una copia de lo que aceptó está en su página segura.",
    body: "Allí puede ver la fecha de cada pago y cambiar cómo paga.",
    action: "Ver su acuerdo",
    sms: "{sender}: su acuerdo de liquidación está listo. Una copia de lo que aceptó: {link}",
  },
  account_paid: {
    subject: "{sender}: su cuenta está pagada por completo",
    lead: "Gracias. Su cuenta está pagada por completo y no se debe nada más.",
    body: "En su página segura hay una carta que lo confirma, para descargarla y guardarla.",
    action: "Obtener su carta",
    sms: "{sender}: gracias, su cuenta está pagada por completo. Su carta que lo confirma: {link}",
  },
  account_settled: {
    subject: "{sender}: su cuenta está liquidada",
    lead: "Gracias. Su acuerdo está pagado y su cuenta está liquidada: no se debe nada más.",
    body: "En su página segura hay una carta que lo confirma, para descargarla y guardarla.",
    action: "Obtener su carta",
    sms: "{sender}: gracias, su cuenta está liquidada. Su carta que lo confirma: {link}",
  },
};
