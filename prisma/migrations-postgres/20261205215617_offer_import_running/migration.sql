-- AlterEnum
ALTER TYPE "OfferImportStatus" ADD VALUE 'RUNNING';
