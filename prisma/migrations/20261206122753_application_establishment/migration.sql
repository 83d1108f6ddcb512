-- Each application carries its candidate's établissement ("establishmentId"), copied by the database:
-- a référent's queue and follow-up read their établissement's applications through it
-- (src/modules/applications/policy.ts, applicationsOfReferentSql), a range of one index, instead of
-- probing the applications of each of its candidates (154 for the benchmark's référent) and sorting them.
--
-- The triggers below set it in the statement that creates an application or changes its candidate, and
-- copy a candidate's new établissement to all its applications in the statement that changes it,
-- whatever makes the change (the app through Prisma, a script). The app never writes it.
-- scripts/new-migration.sh re-creates them in a migration that rebuilds "Application" or "Candidate"
-- (SQLite drops a table's triggers with it; scripts/unmanaged-sql.mjs).

-- AlterTable
ALTER TABLE "Application" ADD COLUMN "establishmentId" INTEGER;

-- the applications that already exist
UPDATE "Application" SET "establishmentId" = (SELECT c."establishmentId" FROM "Candidate" c WHERE c."id" = "Application"."candidateId");

-- DropIndex: the référent's lists read the établissement's applications by the indexes below
DROP INDEX "Application_candidateId_status_statusChangedAt_id_idx";

-- CreateIndex
CREATE INDEX "Application_establishmentId_status_statusChangedAt_id_idx" ON "Application"("establishmentId", "status", "statusChangedAt", "id");

-- CreateIndex
CREATE INDEX "Application_establishmentId_statusChangedAt_id_idx" ON "Application"("establishmentId", "statusChangedAt", "id");

-- BEGIN application establishment triggers
CREATE TRIGGER "Application_establishment_after_insert" AFTER INSERT ON "Application" BEGIN
    UPDATE "Application" SET "establishmentId" = (SELECT c."establishmentId" FROM "Candidate" c WHERE c."id" = NEW."candidateId")
    WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Application_establishment_after_update" AFTER UPDATE OF "candidateId", "establishmentId" ON "Application"
WHEN NEW."establishmentId" IS NOT (SELECT c."establishmentId" FROM "Candidate" c WHERE c."id" = NEW."candidateId") BEGIN
    UPDATE "Application" SET "establishmentId" = (SELECT c."establishmentId" FROM "Candidate" c WHERE c."id" = NEW."candidateId")
    WHERE "id" = NEW."id";
END;

CREATE TRIGGER "Candidate_establishment_after_update" AFTER UPDATE OF "establishmentId" ON "Candidate"
WHEN OLD."establishmentId" IS NOT NEW."establishmentId" BEGIN
    UPDATE "Application" SET "establishmentId" = NEW."establishmentId" WHERE "candidateId" = NEW."id";
END;
-- END application establishment triggers
