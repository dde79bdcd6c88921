CREATE TABLE `butterfly_refusals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`event_id` text NOT NULL,
	`event_type` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `butterfly_refusals_contact` ON `butterfly_refusals` (`contact_id`);--> statement-breakpoint
CREATE TABLE `ledger_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` text NOT NULL,
	`amount` real NOT NULL,
	`balance_after` real NOT NULL,
	`reason` text NOT NULL,
	`source` text NOT NULL,
	`plan_id` text,
	`created_at` integer NOT NULL,
	CONSTRAINT "ledger_balance_not_negative" CHECK("ledger_entries"."balance_after" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ledger_source` ON `ledger_entries` (`source`,`reason`);--> statement-breakpoint
CREATE INDEX `ledger_contact` ON `ledger_entries` (`contact_id`,`id`);--> statement-breakpoint
CREATE TABLE `membership_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`price` real NOT NULL,
	`currency` text DEFAULT 'CNY' NOT NULL,
	`tier` text,
	`duration_days` integer,
	`benefits` text DEFAULT '[]' NOT NULL,
	`bonus` real DEFAULT 0 NOT NULL,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `memberships` (
	`contact_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`tier` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`purchases` integer DEFAULT 1 NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `plan_id`)
);
--> statement-breakpoint
CREATE INDEX `memberships_status` ON `memberships` (`status`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`contact_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`run_id` text NOT NULL,
	`node_id` text NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`value` real NOT NULL,
	`currency` text NOT NULL,
	`expires_at` integer NOT NULL,
	`redeemed_at` integer,
	`redeem_event_id` text,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `offers_code` ON `offers` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `offers_idempotency` ON `offers` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `offers_contact` ON `offers` (`contact_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `offers_journey` ON `offers` (`journey_id`);--> statement-breakpoint
CREATE TABLE `referral_codes` (
	`contact_id` text PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `referral_codes_code` ON `referral_codes` (`code`);--> statement-breakpoint
CREATE TABLE `referral_qualifications` (
	`referrer_id` text NOT NULL,
	`invitee_id` text NOT NULL,
	`event_type` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`invitee_id`, `event_type`)
);
--> statement-breakpoint
CREATE INDEX `referral_qualifications_referrer` ON `referral_qualifications` (`referrer_id`,`event_type`);--> statement-breakpoint
CREATE TABLE `referrals` (
	`invitee_id` text PRIMARY KEY NOT NULL,
	`referrer_id` text NOT NULL,
	`code` text NOT NULL,
	`event_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `referrals_referrer` ON `referrals` (`referrer_id`);--> statement-breakpoint
CREATE TABLE `rewards` (
	`id` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`run_id` text NOT NULL,
	`node_id` text NOT NULL,
	`kind` text NOT NULL,
	`amount` real NOT NULL,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rewards_idempotency` ON `rewards` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `rewards_contact` ON `rewards` (`contact_id`);--> statement-breakpoint
CREATE TABLE `segment_enrollments` (
	`id` text PRIMARY KEY NOT NULL,
	`segment_id` text NOT NULL,
	`journey_id` text NOT NULL,
	`every_hours` integer,
	`status` text NOT NULL,
	`cursor` text,
	`matched` integer DEFAULT 0 NOT NULL,
	`enrolled` integer DEFAULT 0 NOT NULL,
	`next_run_at` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `segment_enrollments_due` ON `segment_enrollments` (`status`,`next_run_at`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`match` text DEFAULT 'all' NOT NULL,
	`rules` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `source_costs` (
	`source` text PRIMARY KEY NOT NULL,
	`cost` real NOT NULL,
	`currency` text DEFAULT 'CNY' NOT NULL,
	`updated_at` integer NOT NULL
);
