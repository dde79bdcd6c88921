ALTER TABLE "node_counters" ADD COLUMN "shard" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "node_counters" DROP CONSTRAINT "node_counters_journey_id_node_id_port_pk";--> statement-breakpoint
ALTER TABLE "node_counters" ADD CONSTRAINT "node_counters_journey_id_node_id_port_shard_pk" PRIMARY KEY("journey_id","node_id","port","shard");
