-- CreateIndex
CREATE INDEX "Application_employerId_validatedAt_id_idx" ON "Application"("employerId", "validatedAt", "id");

