CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_by" text,
	"created_at" bigint NOT NULL,
	"last_used_at" bigint,
	"revoked_at" bigint
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"locale" text DEFAULT 'zh-CN' NOT NULL,
	"disabled_at" bigint,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contact_tags" (
	"contact_id" text NOT NULL,
	"tag" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "contact_tags_contact_id_tag_pk" PRIMARY KEY("contact_id","tag")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"type" text NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"timestamp" bigint NOT NULL,
	"received_at" bigint NOT NULL,
	"message_id" text,
	"processed_at" bigint
);
--> statement-breakpoint
CREATE TABLE "journey_versions" (
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"graph" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"published_at" bigint NOT NULL,
	"published_by" text,
	CONSTRAINT "journey_versions_journey_id_version_pk" PRIMARY KEY("journey_id","version")
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"graph" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"published_version" integer,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_counters" (
	"journey_id" text NOT NULL,
	"node_id" text NOT NULL,
	"port" text DEFAULT '' NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "node_counters_journey_id_node_id_port_pk" PRIMARY KEY("journey_id","node_id","port")
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"idempotency_key" text PRIMARY KEY NOT NULL,
	"message_id" text NOT NULL,
	"channel" text NOT NULL,
	"contact_id" text NOT NULL,
	"delivered_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text PRIMARY KEY NOT NULL,
	"run_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"contact_id" text NOT NULL,
	"node_id" text NOT NULL,
	"channel" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"idempotency_key" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" bigint NOT NULL,
	"error" text,
	"created_at" bigint NOT NULL,
	"sent_at" bigint
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" text PRIMARY KEY NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"contact_id" text NOT NULL,
	"status" text NOT NULL,
	"node_id" text NOT NULL,
	"wake_at" bigint,
	"waiting_for" text,
	"waiting_match" jsonb,
	"parked_at" bigint,
	"resume_event_id" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"step_seq" integer DEFAULT 0 NOT NULL,
	"entry_event_id" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL,
	"ended_at" bigint
);
--> statement-breakpoint
CREATE TABLE "steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"run_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"version" integer NOT NULL,
	"contact_id" text NOT NULL,
	"node_id" text NOT NULL,
	"node_type" text NOT NULL,
	"seq" integer NOT NULL,
	"attempt" integer NOT NULL,
	"started_at" bigint NOT NULL,
	"ended_at" bigint NOT NULL,
	"outcome" text NOT NULL,
	"port" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "butterfly_refusals" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "butterfly_refusals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contact_id" text NOT NULL,
	"event_id" text NOT NULL,
	"event_type" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ledger_entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"contact_id" text NOT NULL,
	"amount" double precision NOT NULL,
	"balance_after" double precision NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"plan_id" text,
	"created_at" bigint NOT NULL,
	CONSTRAINT "ledger_balance_not_negative" CHECK ("ledger_entries"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE TABLE "membership_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"price" double precision NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"tier" text,
	"duration_days" integer,
	"benefits" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"bonus" double precision DEFAULT 0 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "memberships" (
	"contact_id" text NOT NULL,
	"plan_id" text NOT NULL,
	"tier" text NOT NULL,
	"status" text NOT NULL,
	"started_at" bigint NOT NULL,
	"expires_at" bigint NOT NULL,
	"purchases" integer DEFAULT 1 NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "memberships_contact_id_plan_id_pk" PRIMARY KEY("contact_id","plan_id")
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"contact_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"run_id" text NOT NULL,
	"node_id" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"value" double precision NOT NULL,
	"currency" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"redeemed_at" bigint,
	"redeem_event_id" text,
	"idempotency_key" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_codes" (
	"contact_id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "referral_qualifications" (
	"referrer_id" text NOT NULL,
	"invitee_id" text NOT NULL,
	"event_type" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "referral_qualifications_invitee_id_event_type_pk" PRIMARY KEY("invitee_id","event_type")
);
--> statement-breakpoint
CREATE TABLE "referrals" (
	"invitee_id" text PRIMARY KEY NOT NULL,
	"referrer_id" text NOT NULL,
	"code" text NOT NULL,
	"event_id" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rewards" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"run_id" text NOT NULL,
	"node_id" text NOT NULL,
	"kind" text NOT NULL,
	"amount" double precision NOT NULL,
	"idempotency_key" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_enrollments" (
	"id" text PRIMARY KEY NOT NULL,
	"segment_id" text NOT NULL,
	"journey_id" text NOT NULL,
	"every_hours" integer,
	"status" text NOT NULL,
	"cursor" text,
	"matched" integer DEFAULT 0 NOT NULL,
	"enrolled" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"next_run_at" bigint,
	"error" text,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"rules" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "source_costs" (
	"source" text PRIMARY KEY NOT NULL,
	"cost" double precision NOT NULL,
	"currency" text DEFAULT 'CNY' NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "sessions_user" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email" ON "users" USING btree ("email");--> statement-breakpoint
CREATE INDEX "contact_tags_tag" ON "contact_tags" USING btree ("tag");--> statement-breakpoint
CREATE UNIQUE INDEX "events_message_id" ON "events" USING btree ("message_id") WHERE "events"."message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "events_contact" ON "events" USING btree ("contact_id","timestamp");--> statement-breakpoint
CREATE INDEX "events_unprocessed" ON "events" USING btree ("id") WHERE "events"."processed_at" IS NULL;--> statement-breakpoint
CREATE INDEX "node_counters_journey" ON "node_counters" USING btree ("journey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_idempotency" ON "messages" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "messages_pending" ON "messages" USING btree ("next_attempt_at") WHERE "messages"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "messages_journey" ON "messages" USING btree ("journey_id","id");--> statement-breakpoint
CREATE INDEX "messages_contact" ON "messages" USING btree ("contact_id","id");--> statement-breakpoint
CREATE INDEX "runs_due" ON "runs" USING btree ("wake_at") WHERE "runs"."status" = 'waiting';--> statement-breakpoint
CREATE INDEX "runs_active" ON "runs" USING btree ("updated_at","id") WHERE "runs"."status" = 'active';--> statement-breakpoint
CREATE INDEX "runs_journey_status" ON "runs" USING btree ("journey_id","status","node_id");--> statement-breakpoint
CREATE INDEX "runs_contact" ON "runs" USING btree ("contact_id","journey_id");--> statement-breakpoint
CREATE INDEX "runs_waiting_for" ON "runs" USING btree ("contact_id","waiting_for");--> statement-breakpoint
CREATE INDEX "steps_run" ON "steps" USING btree ("run_id","seq");--> statement-breakpoint
CREATE INDEX "steps_contact" ON "steps" USING btree ("contact_id","id");--> statement-breakpoint
CREATE INDEX "butterfly_refusals_contact" ON "butterfly_refusals" USING btree ("contact_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_source" ON "ledger_entries" USING btree ("source","reason");--> statement-breakpoint
CREATE INDEX "ledger_contact" ON "ledger_entries" USING btree ("contact_id","id");--> statement-breakpoint
CREATE INDEX "memberships_status" ON "memberships" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_code" ON "offers" USING btree ("code");--> statement-breakpoint
CREATE UNIQUE INDEX "offers_idempotency" ON "offers" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "offers_contact" ON "offers" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE INDEX "offers_journey" ON "offers" USING btree ("journey_id");--> statement-breakpoint
CREATE UNIQUE INDEX "referral_codes_code" ON "referral_codes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "referral_qualifications_referrer" ON "referral_qualifications" USING btree ("referrer_id","event_type");--> statement-breakpoint
CREATE INDEX "referrals_referrer" ON "referrals" USING btree ("referrer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rewards_idempotency" ON "rewards" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "rewards_contact" ON "rewards" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "segment_enrollments_due" ON "segment_enrollments" USING btree ("status","next_run_at");