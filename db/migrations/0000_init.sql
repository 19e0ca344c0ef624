CREATE TABLE "access_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"code_hash" text NOT NULL,
	"debtor_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"first_opened_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	CONSTRAINT "access_links_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "access_links_code_hash_unique" UNIQUE("code_hash")
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"debtor_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"reference_last4_hash" text NOT NULL,
	"original_creditor" text,
	"itemization_date" date NOT NULL,
	"itemization_kind" text NOT NULL,
	"notice_sent_on" date,
	"validation_ends_on" date,
	"currency" text DEFAULT 'usd' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"policy_override" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "accounts_status" CHECK (status in ('open', 'in_plan', 'on_hold', 'paid', 'settled', 'closed')),
	CONSTRAINT "accounts_itemization_kind" CHECK (itemization_kind in ('last_statement', 'charge_off', 'last_payment', 'transaction', 'judgment'))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"creditor_id" uuid,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"ip_hash" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creditor_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"user_id" uuid NOT NULL,
	"second_factor_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "creditor_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret" text,
	"totp_enabled_at" timestamp with time zone,
	"recovery_code_hashes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"role" text NOT NULL,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "creditor_users_role" CHECK (role in ('owner', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "creditors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"display_name" text NOT NULL,
	"legal_name" text NOT NULL,
	"collector_type" text NOT NULL,
	"timezone" text DEFAULT 'America/New_York' NOT NULL,
	"currency" text DEFAULT 'usd' NOT NULL,
	"support_email" text NOT NULL,
	"support_phone" text NOT NULL,
	"mailing_address" text NOT NULL,
	"support_hours" text,
	"accent_color" text DEFAULT '#1d4ed8' NOT NULL,
	"logo_path" text,
	"verification_fact" text NOT NULL,
	"link_lifetime_days" integer DEFAULT 30 NOT NULL,
	"plan_policy" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "creditors_slug_unique" UNIQUE("slug"),
	CONSTRAINT "creditors_collector_type" CHECK (collector_type in ('third_party', 'first_party')),
	CONSTRAINT "creditors_verification_fact" CHECK (verification_fact in ('dob', 'postal_code', 'account_last4')),
	CONSTRAINT "creditors_link_lifetime" CHECK (link_lifetime_days between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "debtor_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"secret_hash" text NOT NULL,
	"debtor_id" uuid NOT NULL,
	"access_link_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "debtors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"email" text,
	"email_source" text,
	"email_consent_at" timestamp with time zone,
	"phone" text,
	"phone_source" text,
	"phone_consent_at" timestamp with time zone,
	"address_line1" text,
	"address_line2" text,
	"city" text,
	"region" text,
	"postal_code" text,
	"country" text DEFAULT 'US' NOT NULL,
	"timezone" text,
	"language" text DEFAULT 'en' NOT NULL,
	"dob_hash" text,
	"postal_code_hash" text,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"esign_consent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_access" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"token" text NOT NULL,
	"code" text NOT NULL,
	"answer" text NOT NULL,
	"answer_hint" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "demo_fixtures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"label" text NOT NULL,
	"token" text NOT NULL,
	"code" text NOT NULL,
	"answer" text NOT NULL,
	"answer_hint" text NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"memo" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_entries_kind" CHECK (kind in ('itemized_balance', 'interest', 'fee', 'payment', 'credit', 'payment_reversal', 'adjustment', 'settlement_writeoff')),
	CONSTRAINT "ledger_entries_source_kind" CHECK (source in ('import', 'stripe_payment_intent', 'stripe_refund', 'stripe_dispute', 'creditor'))
);
--> statement-breakpoint
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creditor_sessions" ADD CONSTRAINT "creditor_sessions_user_id_creditor_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."creditor_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creditor_users" ADD CONSTRAINT "creditor_users_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debtor_sessions" ADD CONSTRAINT "debtor_sessions_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debtor_sessions" ADD CONSTRAINT "debtor_sessions_access_link_id_access_links_id_fk" FOREIGN KEY ("access_link_id") REFERENCES "public"."access_links"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "debtors" ADD CONSTRAINT "debtors_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "demo_access" ADD CONSTRAINT "demo_access_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_links_account" ON "access_links" USING btree ("account_id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_creditor_reference" ON "accounts" USING btree ("creditor_id","reference");--> statement-breakpoint
CREATE INDEX "accounts_debtor" ON "accounts" USING btree ("debtor_id");--> statement-breakpoint
CREATE INDEX "accounts_creditor_status" ON "accounts" USING btree ("creditor_id","status");--> statement-breakpoint
CREATE INDEX "audit_events_target" ON "audit_events" USING btree ("target_type","target_id");--> statement-breakpoint
CREATE INDEX "audit_events_creditor" ON "audit_events" USING btree ("creditor_id","at");--> statement-breakpoint
CREATE INDEX "creditor_sessions_user" ON "creditor_sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "creditor_users_email" ON "creditor_users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "debtor_sessions_debtor" ON "debtor_sessions" USING btree ("debtor_id");--> statement-breakpoint
CREATE INDEX "debtors_creditor" ON "debtors" USING btree ("creditor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_source" ON "ledger_entries" USING btree ("source","source_id","kind");--> statement-breakpoint
CREATE INDEX "ledger_entries_account" ON "ledger_entries" USING btree ("account_id","occurred_at");