-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN     "coalesceKey" TEXT;

-- CreateTable
CREATE TABLE "AuthAttempt" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuthAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuthAttempt_key_createdAt_idx" ON "AuthAttempt"("key", "createdAt");

-- CreateIndex
CREATE INDEX "AuthAttempt_createdAt_idx" ON "AuthAttempt"("createdAt");

-- CreateIndex
CREATE INDEX "OutboxEmail_to_coalesceKey_createdAt_idx" ON "OutboxEmail"("to", "coalesceKey", "createdAt");

