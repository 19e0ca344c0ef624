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
ALTER TABLE "account_imports" DROP CONSTRAINT "account_imports_status";--> statement-breakpoint
ALTER TABLE "account_imports" ADD COLUMN "heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "account_import_rows" ADD CONSTRAINT "account_import_rows_import_id_account_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."account_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "account_imports_one_running" ON "account_imports" USING btree ("creditor_id") WHERE status = 'running';--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_status" CHECK (status in ('running', 'imported', 'rejected', 'failed'));