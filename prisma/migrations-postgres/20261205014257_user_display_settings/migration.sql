-- AlterTable
ALTER TABLE "User" ADD COLUMN     "displaySettings" TEXT;
