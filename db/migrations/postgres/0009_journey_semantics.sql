CREATE TABLE "contact_identities" (
	"contact_id" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "contact_identities_contact_id_kind_pk" PRIMARY KEY("contact_id","kind")
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "source" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "journeys" ADD COLUMN "paused_entries" text COLLATE "C";--> statement-breakpoint
ALTER TABLE "steps" ADD COLUMN "detail" jsonb;--> statement-breakpoint
CREATE INDEX "contact_identities_value" ON "contact_identities" USING btree ("kind","value");