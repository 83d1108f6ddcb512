-- DropIndex
DROP INDEX "Candidate_establishmentId_idx";

-- CreateIndex
CREATE INDEX "Candidate_establishmentId_id_userId_idx" ON "Candidate"("establishmentId", "id", "userId");

-- CreateIndex
CREATE INDEX "User_id_status_idx" ON "User"("id", "status");

