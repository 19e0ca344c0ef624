CREATE TABLE "account_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"creditor_id" uuid NOT NULL,
	"user_id" uuid,
	"filename" text NOT NULL,
	"status" text NOT NULL,
	"total_rows" integer DEFAULT 0 NOT NULL,
	"created_rows" integer DEFAULT 0 NOT NULL,
	"unchanged_rows" integer DEFAULT 0 NOT NULL,
	"rejected_rows" integer DEFAULT 0 NOT NULL,
	"rejections" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duration_ms" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_imports_status" CHECK (status in ('imported', 'rejected', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "creditor_logos" (
	"creditor_id" uuid PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"width" integer,
	"height" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "creditor_users" ADD COLUMN "totp_last_step" bigint;--> statement-breakpoint
ALTER TABLE "creditor_users" ADD COLUMN "invite_token_hash" text;--> statement-breakpoint
ALTER TABLE "creditor_users" ADD COLUMN "invite_expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "creditor_users" ADD COLUMN "invited_by" uuid;--> statement-breakpoint
ALTER TABLE "creditor_users" ADD COLUMN "last_sign_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "creditor_users" ADD COLUMN "disabled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_user_id_creditor_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."creditor_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "creditor_logos" ADD CONSTRAINT "creditor_logos_creditor_id_creditors_id_fk" FOREIGN KEY ("creditor_id") REFERENCES "public"."creditors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_imports_creditor" ON "account_imports" USING btree ("creditor_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "creditor_users_invite" ON "creditor_users" USING btree ("invite_token_hash");