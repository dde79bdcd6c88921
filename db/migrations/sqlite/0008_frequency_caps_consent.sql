CREATE TABLE `contact_opt_outs` (
	`contact_id` text NOT NULL,
	`channel` text NOT NULL,
	`opted_out_at` integer NOT NULL,
	`source` text NOT NULL,
	`event_id` text,
	PRIMARY KEY(`contact_id`, `channel`)
);
--> statement-breakpoint
CREATE TABLE `workspace_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `priority` text DEFAULT 'marketing' NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_cap` ON `messages` (`contact_id`,`channel`,`created_at`) WHERE "messages"."kind" = 'message' AND "messages"."priority" = 'marketing';--> statement-breakpoint
ALTER TABLE `runs` ADD `hold_reason` text;--> statement-breakpoint
ALTER TABLE `steps` ADD `reason` text;