-- DropIndex
DROP INDEX "Offer_employerId_status_idx";

-- CreateIndex
CREATE INDEX "Offer_employerId_status_endDate_publishedAt_startDate_id_idx" ON "Offer"("employerId", "status", "endDate", "publishedAt", "startDate", "id");

