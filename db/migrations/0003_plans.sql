CREATE TABLE "hardship_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"creditor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"pause_until" date,
	"amount_cents" bigint,
	"frequency" text,
	"note" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"decision_note" text,
	CONSTRAINT "hardship_requests_kind" CHECK (kind in ('pause', 'proposal')),
	CONSTRAINT "hardship_requests_status" CHECK (status in ('pending', 'accepted', 'declined')),
	CONSTRAINT "hardship_requests_shape" CHECK ((kind = 'pause' and pause_until is not null) or (kind = 'proposal' and amount_cents > 0 and frequency is not null)),
	CONSTRAINT "hardship_requests_frequency" CHECK (frequency is null or frequency in ('weekly', 'biweekly', 'monthly')),
	CONSTRAINT "hardship_requests_note_length" CHECK (note is null or length(note) <= 2000)
);
--> statement-breakpoint
CREATE TABLE "installments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"due_date" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"original_amount_cents" bigint NOT NULL,
	"original_due_date" date NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_retry_at" timestamp with time zone,
	"stripe_payment_intent_id" text,
	"paid_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "installments_status" CHECK (status in ('scheduled', 'processing', 'paid', 'failed', 'skipped')),
	CONSTRAINT "installments_amount_positive" CHECK (amount_cents > 0 and original_amount_cents > 0),
	CONSTRAINT "installments_seq_positive" CHECK (seq >= 1),
	CONSTRAINT "installments_attempts" CHECK (attempts >= 0)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"frequency" text,
	"installment_count" integer NOT NULL,
	"start_date" date NOT NULL,
	"agreed_on" date NOT NULL,
	"total_cents" bigint NOT NULL,
	"balance_cents" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'pending_payment_method' NOT NULL,
	"pause_until" date,
	"stripe_customer_id" text,
	"stripe_payment_method_id" text,
	"authorization_version" text NOT NULL,
	"authorization_text" text NOT NULL,
	"authorization_text_sha256" text NOT NULL,
	"authorization_language" text NOT NULL,
	"authorized_at" timestamp with time zone NOT NULL,
	"authorization_ip" text,
	"authorization_user_agent" text,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_kind" CHECK (kind in ('full', 'installments', 'settlement')),
	CONSTRAINT "plans_status_check" CHECK (status in ('pending_payment_method', 'active', 'paused', 'completed', 'broken', 'cancelled')),
	CONSTRAINT "plans_frequency" CHECK (frequency is null or frequency in ('weekly', 'biweekly', 'monthly')),
	CONSTRAINT "plans_count" CHECK (installment_count between 1 and 120),
	CONSTRAINT "plans_total_positive" CHECK (total_cents > 0 and total_cents <= balance_cents),
	CONSTRAINT "plans_schedule_shape" CHECK (kind = 'installments' or installment_count = 1 or frequency is not null),
	CONSTRAINT "plans_authorization_language" CHECK (authorization_language in ('en', 'es'))
);
--> statement-breakpoint
ALTER TABLE "hardship_requests" ADD CONSTRAINT "hardship_requests_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "hardship_requests" ADD CONSTRAINT "hardship_requests_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "installments" ADD CONSTRAINT "installments_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "hardship_requests_account" ON "hardship_requests" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "hardship_requests_creditor_status" ON "hardship_requests" USING btree ("creditor_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "hardship_requests_one_pending" ON "hardship_requests" USING btree ("account_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "installments_plan_seq" ON "installments" USING btree ("plan_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "installments_payment_intent" ON "installments" USING btree ("stripe_payment_intent_id");--> statement-breakpoint
CREATE INDEX "installments_due" ON "installments" USING btree ("status","due_date");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_one_live_per_account" ON "plans" USING btree ("account_id") WHERE status not in ('cancelled', 'completed', 'broken');--> statement-breakpoint
CREATE INDEX "plans_account" ON "plans" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "plans_status" ON "plans" USING btree ("status");