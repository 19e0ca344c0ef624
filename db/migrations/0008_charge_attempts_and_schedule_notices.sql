CREATE TABLE "charge_attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"installment_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"idempotency_key" text NOT NULL,
	"status" text DEFAULT 'in_flight' NOT NULL,
	"from_status" text NOT NULL,
	"stripe_customer_id" text NOT NULL,
	"stripe_payment_intent_id" text,
	"error_type" text,
	"error_code" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "charge_attempts_idempotency_key_unique" UNIQUE("idempotency_key"),
	CONSTRAINT "charge_attempts_status" CHECK (status in ('in_flight', 'unknown', 'charged', 'declined', 'defect', 'not_reached')),
	CONSTRAINT "charge_attempts_number" CHECK (number >= 1)
);
--> statement-breakpoint
ALTER TABLE "installments" DROP CONSTRAINT "installments_status";--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_messages_template";--> statement-breakpoint
ALTER TABLE "charge_attempts" ADD CONSTRAINT "charge_attempts_installment_id_installments_id_fk" FOREIGN KEY ("installment_id") REFERENCES "public"."installments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "charge_attempts" ADD CONSTRAINT "charge_attempts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "charge_attempts_installment_number" ON "charge_attempts" USING btree ("installment_id","number");--> statement-breakpoint
CREATE INDEX "charge_attempts_open" ON "charge_attempts" USING btree ("started_at") WHERE status in ('in_flight', 'unknown');--> statement-breakpoint
CREATE INDEX "charge_attempts_account" ON "charge_attempts" USING btree ("account_id","started_at");--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_status" CHECK (status in ('scheduled', 'processing', 'paid', 'failed', 'skipped', 'charging', 'needs_attention'));--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_template" CHECK (template in ('access_link', 'payment_receipt', 'plan_confirmation', 'payment_reminder', 'payment_failed', 'bank_payment_returned', 'authentication_required', 'dispute_acknowledgement', 'schedule_changed', 'schedule_paused', 'sms_opt_out_confirmation', 'sms_help', 'sms_resubscribed'));