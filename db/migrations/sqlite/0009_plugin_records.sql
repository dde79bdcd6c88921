CREATE TABLE `plugin_records` (
	`plugin` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`expires_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`plugin`, `kind`, `key`)
);
