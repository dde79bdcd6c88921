CREATE TABLE "plugin_records" (
	"plugin" text COLLATE "C" NOT NULL,
	"kind" text COLLATE "C" NOT NULL,
	"key" text COLLATE "C" NOT NULL,
	"value" jsonb NOT NULL,
	"expires_at" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "plugin_records_plugin_kind_key_pk" PRIMARY KEY("plugin","kind","key")
);
