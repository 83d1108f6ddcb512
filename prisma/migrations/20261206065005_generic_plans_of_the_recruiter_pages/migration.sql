-- DropIndex
DROP INDEX "Application_employerId_validatedAt_id_idx";

-- DropIndex
DROP INDEX "Application_offerId_status_idx";

-- CreateIndex
CREATE INDEX "Application_employerId_validatedAt_id_status_idx" ON "Application"("employerId", "validatedAt", "id", "status");

-- CreateIndex
CREATE INDEX "Application_offerId_status_validatedAt_employerId_idx" ON "Application"("offerId", "status", "validatedAt", "employerId");

-- CreateIndex
CREATE INDEX "Offer_employerId_status_publishedAt_id_idx" ON "Offer"("employerId", "status", "publishedAt", "id");

