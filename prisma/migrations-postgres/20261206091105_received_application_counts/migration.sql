-- How many validated applications each employer has, per status (src/modules/applications/policy.ts,
-- receivedCountSql): the recruiter's inbox read its total by counting the employer's applications
-- at each request (6,656 for the benchmark's employer).
--
-- The triggers below keep the counts in the statement that changes an application, whatever makes the
-- change (the app through Prisma, a script, a cascade from a deleted candidate).

-- CreateTable
CREATE TABLE "ReceivedApplicationCount" (
    "employerId" INTEGER NOT NULL,
    "status" "ApplicationStatus" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ReceivedApplicationCount_pkey" PRIMARY KEY ("employerId","status")
);

-- AddForeignKey
ALTER TABLE "ReceivedApplicationCount" ADD CONSTRAINT "ReceivedApplicationCount_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One function for the three triggers. Its body is an E'…' string where \073 stands for the semicolon:
-- Prisma's PostgreSQL adapter runs a migration by splitting it at every semicolon (see …_offer_search).
-- A change that moves an application from one count to another takes the two rows in one order (by
-- employer, then status), so that two opposite changes of one employer's applications, in two
-- transactions, cannot each hold the row the other waits for.
CREATE FUNCTION "application_received_count"() RETURNS trigger LANGUAGE plpgsql AS E'
DECLARE
    removed BOOLEAN := TG_OP <> ''INSERT'' AND OLD."validatedAt" IS NOT NULL\073
    added BOOLEAN := TG_OP <> ''DELETE'' AND NEW."validatedAt" IS NOT NULL\073
BEGIN
    IF added AND (NOT removed OR (NEW."employerId", NEW."status"::text) < (OLD."employerId", OLD."status"::text)) THEN
        INSERT INTO "ReceivedApplicationCount" ("employerId", "status", "count") VALUES (NEW."employerId", NEW."status", 1)
        ON CONFLICT ("employerId", "status") DO UPDATE SET "count" = "ReceivedApplicationCount"."count" + 1\073
        added := FALSE\073
    END IF\073
    IF removed THEN
        UPDATE "ReceivedApplicationCount" SET "count" = "count" - 1
        WHERE "employerId" = OLD."employerId" AND "status" = OLD."status"\073
    END IF\073
    IF added THEN
        INSERT INTO "ReceivedApplicationCount" ("employerId", "status", "count") VALUES (NEW."employerId", NEW."status", 1)
        ON CONFLICT ("employerId", "status") DO UPDATE SET "count" = "ReceivedApplicationCount"."count" + 1\073
    END IF\073
    RETURN NULL\073
END';

CREATE TRIGGER "Application_received_after_insert" AFTER INSERT ON "Application"
    FOR EACH ROW WHEN (NEW."validatedAt" IS NOT NULL) EXECUTE FUNCTION "application_received_count"();
CREATE TRIGGER "Application_received_after_update" AFTER UPDATE OF "employerId", "status", "validatedAt" ON "Application"
    FOR EACH ROW WHEN (OLD."employerId" IS DISTINCT FROM NEW."employerId" OR OLD."status" IS DISTINCT FROM NEW."status"
        OR (OLD."validatedAt" IS NULL) <> (NEW."validatedAt" IS NULL))
    EXECUTE FUNCTION "application_received_count"();
CREATE TRIGGER "Application_received_after_delete" AFTER DELETE ON "Application"
    FOR EACH ROW WHEN (OLD."validatedAt" IS NOT NULL) EXECUTE FUNCTION "application_received_count"();

-- the applications that already exist
INSERT INTO "ReceivedApplicationCount" ("employerId", "status", "count")
SELECT "employerId", "status", count(*) FROM "Application" WHERE "validatedAt" IS NOT NULL GROUP BY "employerId", "status";
