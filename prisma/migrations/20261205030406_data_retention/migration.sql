-- AlterTable
ALTER TABLE "Application" ADD COLUMN "anonymisedAt" DATETIME;

-- AlterTable
ALTER TABLE "User" ADD COLUMN "anonymisedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "retentionWarnedAt" DATETIME;

-- CreateTable
CREATE TABLE "RetentionSettings" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "inactiveCandidateMonths" INTEGER NOT NULL,
    "closedApplicationMonths" INTEGER NOT NULL,
    "auditLogMonths" INTEGER NOT NULL,
    "readNotificationMonths" INTEGER NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

