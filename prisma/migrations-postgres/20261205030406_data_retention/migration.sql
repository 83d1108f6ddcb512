-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "anonymisedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "anonymisedAt" TIMESTAMP(3),
ADD COLUMN     "retentionWarnedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RetentionSettings" (
    "id" INTEGER NOT NULL,
    "inactiveCandidateMonths" INTEGER NOT NULL,
    "closedApplicationMonths" INTEGER NOT NULL,
    "auditLogMonths" INTEGER NOT NULL,
    "readNotificationMonths" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RetentionSettings_pkey" PRIMARY KEY ("id")
);

