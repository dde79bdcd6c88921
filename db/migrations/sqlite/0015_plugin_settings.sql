CREATE TABLE `plugin_settings` (
	`plugin` text NOT NULL,
	`name` text NOT NULL,
	`value` text NOT NULL,
	`secret` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	PRIMARY KEY(`plugin`, `name`)
);
