CREATE TABLE `login_failures` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`first_at` integer NOT NULL,
	`locked_until` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `leader_fences` (
	`name` text PRIMARY KEY NOT NULL,
	`token` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `messages` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `messages` ADD `claim_expires_at` integer;--> statement-breakpoint
ALTER TABLE `messages` ADD `delivery_started_at` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `claimed_by` text;--> statement-breakpoint
ALTER TABLE `runs` ADD `claim_expires_at` integer;