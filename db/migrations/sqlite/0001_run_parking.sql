ALTER TABLE `runs` ADD `parked_at` integer;--> statement-breakpoint
ALTER TABLE `runs` ADD `resume_event_id` text;