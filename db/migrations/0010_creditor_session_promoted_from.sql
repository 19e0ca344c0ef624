ALTER TABLE "creditor_sessions" ADD COLUMN "promoted_from" text;--> statement-breakpoint
CREATE INDEX "creditor_sessions_promoted_from" ON "creditor_sessions" USING btree ("promoted_from");