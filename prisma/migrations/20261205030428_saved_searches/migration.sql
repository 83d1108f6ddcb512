-- AlterTable
ALTER TABLE "OutboxEmail" ADD COLUMN "headers" TEXT;

-- CreateTable
CREATE TABLE "SavedSearch" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "query" TEXT NOT NULL,
    "frequency" TEXT NOT NULL DEFAULT 'DAILY',
    "alertedUntil" DATETIME NOT NULL,
    "lastEmailAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SavedSearch_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SavedSearch_userId_id_idx" ON "SavedSearch"("userId", "id");

-- CreateIndex
CREATE INDEX "SavedSearch_frequency_alertedUntil_idx" ON "SavedSearch"("frequency", "alertedUntil");

