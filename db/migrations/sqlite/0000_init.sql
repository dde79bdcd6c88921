CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`scope` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_hash` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `contact_tags` (
	`contact_id` text NOT NULL,
	`tag` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `tag`)
);
--> statement-breakpoint
CREATE INDEX `contact_tags_tag` ON `contact_tags` (`tag`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text,
	`attributes` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`type` text NOT NULL,
	`properties` text DEFAULT '{}' NOT NULL,
	`timestamp` integer NOT NULL,
	`received_at` integer NOT NULL,
	`message_id` text,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_message_id` ON `events` (`message_id`);--> statement-breakpoint
CREATE INDEX `events_contact` ON `events` (`contact_id`,`timestamp`);--> statement-breakpoint
CREATE INDEX `events_unprocessed` ON `events` (`processed_at`,`id`);--> statement-breakpoint
CREATE TABLE `journey_versions` (
	`journey_id` text NOT NULL,
	`version` integer NOT NULL,
	`graph` text NOT NULL,
	`settings` text NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text,
	PRIMARY KEY(`journey_id`, `version`)
);
--> statement-breakpoint
CREATE TABLE `journeys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`graph` text NOT NULL,
	`settings` text NOT NULL,
	`published_version` integer,
	`revision` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `node_counters` (
	`journey_id` text NOT NULL,
	`node_id` text NOT NULL,
	`port` text DEFAULT '' NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`journey_id`, `node_id`, `port`)
);
--> statement-breakpoint
CREATE INDEX `node_counters_journey` ON `node_counters` (`journey_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`idempotency_key` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`channel` text NOT NULL,
	`contact_id` text NOT NULL,
	`delivered_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`node_id` text NOT NULL,
	`channel` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`idempotency_key` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_idempotency` ON `messages` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `messages_pending` ON `messages` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `messages_journey` ON `messages` (`journey_id`,`id`);--> statement-breakpoint
CREATE INDEX `messages_contact` ON `messages` (`contact_id`,`id`);--> statement-breakpoint
CREATE TABLE `runs` (
	`id` text PRIMARY KEY NOT NULL,
	`journey_id` text NOT NULL,
	`version` integer NOT NULL,
	`contact_id` text NOT NULL,
	`status` text NOT NULL,
	`node_id` text NOT NULL,
	`wake_at` integer,
	`waiting_for` text,
	`waiting_match` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`error` text,
	`context` text DEFAULT '{}' NOT NULL,
	`step_seq` integer DEFAULT 0 NOT NULL,
	`entry_event_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ended_at` integer
);
--> statement-breakpoint
CREATE INDEX `runs_due` ON `runs` (`status`,`wake_at`);--> statement-breakpoint
CREATE INDEX `runs_journey_status` ON `runs` (`journey_id`,`status`,`node_id`);--> statement-breakpoint
CREATE INDEX `runs_contact` ON `runs` (`contact_id`,`journey_id`);--> statement-breakpoint
CREATE INDEX `runs_waiting_for` ON `runs` (`contact_id`,`waiting_for`);--> statement-breakpoint
CREATE TABLE `steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`run_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`version` integer NOT NULL,
	`contact_id` text NOT NULL,
	`node_id` text NOT NULL,
	`node_type` text NOT NULL,
	`seq` integer NOT NULL,
	`attempt` integer NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer NOT NULL,
	`outcome` text NOT NULL,
	`port` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `steps_run` ON `steps` (`run_id`,`seq`);--> statement-breakpoint
CREATE INDEX `steps_contact` ON `steps` (`contact_id`,`id`);