CREATE TABLE "account_import_rows" (
	"import_id" uuid NOT NULL,
	"row_number" integer NOT NULL,
	"debtor_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
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
	"country" text NOT NULL,
	"timezone" text,
	"language" text NOT NULL,
	"dob_hash" text,
	"postal_code_hash" text,
	"reference" text NOT NULL,
	"reference_last4_hash" text NOT NULL,
	"original_creditor" text,
	"itemization_date" date NOT NULL,
	"itemization_kind" text NOT NULL,
	"notice_sent_on" date,
	"itemized_cents" bigint NOT NULL,
	"interest_cents" bigint NOT NULL,
	"fees_cents" bigint NOT NULL,
	"payments_cents" bigint NOT NULL,
	"credits_cents" bigint NOT NULL,
	CONSTRAINT "account_import_rows_import_id_row_number_pk" PRIMARY KEY("import_id","row_number")
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"scope" text NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"window_started_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sign_in_throttles_scope" CHECK (scope in ('pair', 'email')),
	CONSTRAINT "sign_in_throttles_failures" CHECK (failures >= 0)
);
--> statement-breakpoint
ALTER TABLE "account_imports" DROP CONSTRAINT "account_imports_status";--> statement-breakpoint
ALTER TABLE "account_imports" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "creditor_sessions" ADD COLUMN "promoted_from" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "claim_token" text;--> statement-breakpoint
ALTER TABLE "account_import_rows" ADD CONSTRAINT "account_import_rows_import_id_account_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."account_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sign_in_throttles_updated" ON "sign_in_throttles" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "account_imports_one_running" ON "account_imports" USING btree ("creditor_id") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "creditor_sessions_promoted_from" ON "creditor_sessions" USING btree ("promoted_from");--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_status" CHECK (status in ('running', 'imported', 'rejected', 'failed'));