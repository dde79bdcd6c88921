PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_node_counters` (
	`journey_id` text NOT NULL,
	`node_id` text NOT NULL,
	`port` text DEFAULT '' NOT NULL,
	`shard` integer DEFAULT 0 NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`journey_id`, `node_id`, `port`, `shard`)
);
--> statement-breakpoint
INSERT INTO `__new_node_counters`("journey_id", "node_id", "port", "shard", "count") SELECT "journey_id", "node_id", "port", 0, "count" FROM `node_counters`;--> statement-breakpoint
DROP TABLE `node_counters`;--> statement-breakpoint
ALTER TABLE `__new_node_counters` RENAME TO `node_counters`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `node_counters_journey` ON `node_counters` (`journey_id`);