CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"debtor_id" uuid NOT NULL,
	"creditor_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"details" text,
	"channel" text DEFAULT 'web' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"status_before_hold" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"responded_at" timestamp with time zone,
	"response" text,
	CONSTRAINT "disputes_reason" CHECK (reason in ('not_my_debt', 'wrong_amount', 'original_creditor', 'other')),
	CONSTRAINT "disputes_status" CHECK (status in ('open', 'answered'))
);
--> statement-breakpoint
ALTER TABLE "debtors" ADD COLUMN "esign_withdrawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "debtors" ADD COLUMN "paper_requested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_debtor_id_debtors_id_fk" FOREIGN KEY ("debtor_id") REFERENCES "public"."debtors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "disputes_account" ON "disputes" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "disputes_creditor_status" ON "disputes" USING btree ("creditor_id","status");