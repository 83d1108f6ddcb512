-- DropIndex
DROP INDEX "Application_candidateId_status_statusChangedAt_idx";

-- DropIndex
DROP INDEX "Application_employerId_status_validatedAt_idx";

-- DropIndex
DROP INDEX "Application_candidateId_submittedAt_idx";

-- CreateIndex
CREATE INDEX "Application_candidateId_submittedAt_id_idx" ON "Application"("candidateId", "submittedAt", "id");

-- CreateIndex
CREATE INDEX "Application_candidateId_status_statusChangedAt_id_idx" ON "Application"("candidateId", "status", "statusChangedAt", "id");

-- CreateIndex
CREATE INDEX "Application_employerId_status_validatedAt_id_idx" ON "Application"("employerId", "status", "validatedAt", "id");

