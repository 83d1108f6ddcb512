-- CreateIndex
CREATE INDEX "Application_candidateId_status_statusChangedAt_idx" ON "Application"("candidateId", "status", "statusChangedAt");

