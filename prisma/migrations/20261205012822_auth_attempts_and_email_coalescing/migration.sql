-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN "coalesceKey" TEXT;

-- CreateTable
CREATE TABLE "AuthAttempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "AuthAttempt_key_createdAt_idx" ON "AuthAttempt"("key", "createdAt");

-- CreateIndex
CREATE INDEX "AuthAttempt_createdAt_idx" ON "AuthAttempt"("createdAt");

-- CreateIndex
CREATE INDEX "OutboxEmail_to_coalesceKey_createdAt_idx" ON "OutboxEmail"("to", "coalesceKey", "createdAt");

