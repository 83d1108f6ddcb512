-- DropIndex
DROP INDEX "Offer_employerId_status_publishedAt_id_idx";

-- CreateIndex
CREATE INDEX "Offer_employerId_status_publishedAt_id_endDate_idx" ON "Offer"("employerId", "status", "publishedAt", "id", "endDate");

