-- CreateEnum
CREATE TYPE "OfferImportStatus" AS ENUM ('PREVIEW', 'CONFIRMED');

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "reference" TEXT;

-- CreateTable
CREATE TABLE "OfferImport" (
    "id" SERIAL NOT NULL,
    "employerId" INTEGER NOT NULL,
    "userId" INTEGER,
    "fileName" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "closeAbsent" BOOLEAN NOT NULL DEFAULT false,
    "status" "OfferImportStatus" NOT NULL DEFAULT 'PREVIEW',
    "rows" TEXT,
    "result" TEXT,
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "closed" INTEGER NOT NULL DEFAULT 0,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OfferImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OfferImport_employerId_status_createdAt_idx" ON "OfferImport"("employerId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "OfferImport_status_expiresAt_idx" ON "OfferImport"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_employerId_reference_key" ON "Offer"("employerId", "reference");

