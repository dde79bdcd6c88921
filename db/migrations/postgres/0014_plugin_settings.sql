CREATE TABLE "plugin_settings" (
	"plugin" text COLLATE "C" NOT NULL,
	"name" text COLLATE "C" NOT NULL,
	"value" text COLLATE "C" NOT NULL,
	"secret" boolean NOT NULL,
	"updated_at" bigint NOT NULL,
	"updated_by" text COLLATE "C",
	CONSTRAINT "plugin_settings_plugin_name_pk" PRIMARY KEY("plugin","name")
);
