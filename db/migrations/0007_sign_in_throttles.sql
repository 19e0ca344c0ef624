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
CREATE INDEX "sign_in_throttles_updated" ON "sign_in_throttles" USING btree ("updated_at");