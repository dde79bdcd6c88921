ALTER TABLE "runs" DROP COLUMN "claimed_by";--> statement-breakpoint
ALTER TABLE "runs" DROP COLUMN "claim_expires_at";