-- Each application carries its candidate's établissement ("establishmentId"), copied by the database:
-- a référent's queue and follow-up read their établissement's applications through it
-- (src/modules/applications/policy.ts, applicationsOfReferentSql), a range of one index, instead of
-- probing the applications of each of its candidates and sorting them.
--
-- The triggers below set it in the statement that creates an application or changes its candidate, and
-- copy a candidate's new établissement to all its applications in the statement that changes it,
-- whatever makes the change (the app through Prisma, a script). The app never writes it.

-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "establishmentId" INTEGER;

-- the applications that already exist
UPDATE "Application" SET "establishmentId" = (SELECT c."establishmentId" FROM "Candidate" c WHERE c."id" = "Application"."candidateId");

-- DropIndex: the référent's lists read the établissement's applications by the indexes below
DROP INDEX "Application_candidateId_status_statusChangedAt_id_idx";

-- CreateIndex
CREATE INDEX "Application_establishmentId_status_statusChangedAt_id_idx" ON "Application"("establishmentId", "status", "statusChangedAt", "id");

-- CreateIndex
CREATE INDEX "Application_establishmentId_statusChangedAt_id_idx" ON "Application"("establishmentId", "statusChangedAt", "id");

-- Function bodies are E'…' strings where \073 stands for the semicolon: Prisma's PostgreSQL adapter
-- runs a migration by splitting it at every semicolon (see …_offer_search).
-- An application written while another transaction moves its candidate: the candidate's row is read
-- FOR SHARE, which waits for the move to commit (and the move waits for the new application), so the
-- application gets the établissement the candidate ends with, never the one it leaves.
CREATE FUNCTION "application_establishment"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
    NEW."establishmentId" := (SELECT c."establishmentId" FROM "Candidate" c WHERE c."id" = NEW."candidateId" FOR SHARE)\073
    RETURN NEW\073
END';

CREATE TRIGGER "Application_establishment_before_write" BEFORE INSERT OR UPDATE OF "candidateId", "establishmentId" ON "Application"
    FOR EACH ROW EXECUTE FUNCTION "application_establishment"();

CREATE FUNCTION "candidate_establishment"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
    UPDATE "Application" SET "establishmentId" = NEW."establishmentId" WHERE "candidateId" = NEW."id"\073
    RETURN NULL\073
END';

CREATE TRIGGER "Candidate_establishment_after_update" AFTER UPDATE OF "establishmentId" ON "Candidate"
    FOR EACH ROW WHEN (OLD."establishmentId" IS DISTINCT FROM NEW."establishmentId")
    EXECUTE FUNCTION "candidate_establishment"();
