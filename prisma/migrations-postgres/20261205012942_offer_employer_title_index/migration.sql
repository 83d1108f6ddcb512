-- CreateIndex
CREATE INDEX "Offer_employerId_title_idx" ON "Offer"("employerId", "title");

