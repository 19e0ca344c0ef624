CREATE TABLE "creditor_message_settings" (
	"creditor_id" uuid PRIMARY KEY NOT NULL,
	"max_per_day" integer NOT NULL,
	"max_per_week" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "creditor_message_settings_positive" CHECK (max_per_day >= 1 and max_per_week >= 1)
);
--> statement-breakpoint
CREATE TABLE "inbound_sms" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_id" text NOT NULL,
	"from_phone" text NOT NULL,
	"to_phone" text,
	"body" text NOT NULL,
	"keyword" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbound_sms_provider_id_unique" UNIQUE("provider_id"),
	CONSTRAINT "inbound_sms_keyword" CHECK (keyword in ('stop', 'start', 'help', 'other'))
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"recipient" text,
	"creditor_id" uuid,
	"debtor_id" uuid,
	"account_id" uuid,
	"access_link_id" uuid,
	"template" text NOT NULL,
	"language" text NOT NULL,
	"initiated_by" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"cause_key" text NOT NULL,
	"send_now" boolean DEFAULT false NOT NULL,
	"not_before" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider" text,
	"provider_id" text,
	"unsubscribe_token_hash" text,
	"dispatched_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_messages_cause_key_unique" UNIQUE("cause_key"),
	CONSTRAINT "outbox_messages_unsubscribe_token_hash_unique" UNIQUE("unsubscribe_token_hash"),
	CONSTRAINT "outbox_messages_channel" CHECK (channel in ('email', 'sms')),
	CONSTRAINT "outbox_messages_status" CHECK (status in ('queued', 'sending', 'sent', 'failed', 'suppressed')),
	CONSTRAINT "outbox_messages_template" CHECK (template in ('access_link', 'payment_receipt', 'plan_confirmation', 'payment_reminder', 'payment_failed', 'authentication_required', 'dispute_acknowledgement', 'sms_opt_out_confirmation', 'sms_help', 'sms_resubscribed')),
	CONSTRAINT "outbox_messages_initiated_by" CHECK (initiated_by in ('debtor', 'creditor', 'system')),
	CONSTRAINT "outbox_messages_language" CHECK (language in ('en', 'es')),
	CONSTRAINT "outbox_messages_recipient" CHECK (recipient is not null or status = 'suppressed'),
	CONSTRAINT "outbox_messages_attempts" CHECK (attempts >= 0)
);
--> statement-breakpoint
CREATE TABLE "sms_suppressions" (
	"phone" text PRIMARY KEY NOT NULL,
	"keyword" text NOT NULL,
	"suppressed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "creditor_message_settings" ADD CONSTRAINT "creditor_message_settings_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_access_link_id_access_links_id_fk" FOREIGN KEY ("access_link_id") REFERENCES "public"."access_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbound_sms_from" ON "inbound_sms" USING btree ("from_phone","received_at");--> statement-breakpoint
CREATE INDEX "outbox_messages_due" ON "outbox_messages" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "outbox_messages_debtor" ON "outbox_messages" USING btree ("debtor_id","dispatched_at");--> statement-breakpoint
CREATE INDEX "outbox_messages_created" ON "outbox_messages" USING btree ("created_at");