-- CreateTable
CREATE TABLE "ScheduledJob" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "lastRunAt" DATETIME,
    "lastFinishedAt" DATETIME,
    "lastError" TEXT,
    "claimedUntil" DATETIME,
    "claimedBy" TEXT,
    "runs" INTEGER NOT NULL DEFAULT 0
);

