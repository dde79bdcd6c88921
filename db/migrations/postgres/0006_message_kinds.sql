ALTER TABLE "messages" ADD COLUMN "kind" text COLLATE "C" DEFAULT 'message' NOT NULL;
