-- CreateTable
CREATE TABLE "ScheduledJob" (
    "name" TEXT NOT NULL,
    "lastRunAt" TIMESTAMP(3),
    "lastFinishedAt" TIMESTAMP(3),
    "lastError" TEXT,
    "claimedUntil" TIMESTAMP(3),
    "claimedBy" TEXT,
    "runs" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ScheduledJob_pkey" PRIMARY KEY ("name")
);

