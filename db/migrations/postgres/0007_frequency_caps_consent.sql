CREATE TABLE "contact_opt_outs" (
	"contact_id" text COLLATE "C" NOT NULL,
	"channel" text COLLATE "C" NOT NULL,
	"opted_out_at" bigint NOT NULL,
	"source" text COLLATE "C" NOT NULL,
	"event_id" text COLLATE "C",
	CONSTRAINT "contact_opt_outs_contact_id_channel_pk" PRIMARY KEY("contact_id","channel")
);
--> statement-breakpoint
CREATE TABLE "workspace_settings" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"settings" jsonb NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text COLLATE "C"
);
--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "priority" text COLLATE "C" DEFAULT 'marketing' NOT NULL;--> statement-breakpoint
ALTER TABLE "runs" ADD COLUMN "hold_reason" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "steps" ADD COLUMN "reason" text COLLATE "C";--> statement-breakpoint
CREATE INDEX "messages_cap" ON "messages" USING btree ("contact_id","channel","created_at") WHERE "messages"."kind" = 'message' AND "messages"."priority" = 'marketing';