-- DropIndex
DROP INDEX "Offer_employerId_title_idx";

-- CreateIndex
CREATE INDEX "Offer_employerId_title_id_idx" ON "Offer"("employerId", "title", "id");

