DROP INDEX `events_message_id`;--> statement-breakpoint
DROP INDEX `events_unprocessed`;--> statement-breakpoint
CREATE UNIQUE INDEX `events_message_id` ON `events` (`message_id`) WHERE "events"."message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `events_unprocessed` ON `events` (`id`) WHERE "events"."processed_at" IS NULL;