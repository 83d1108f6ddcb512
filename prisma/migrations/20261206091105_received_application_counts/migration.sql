-- How many validated applications each employer has, per status (src/modules/applications/policy.ts,
-- receivedCountSql): the recruiter's inbox read its total by counting the employer's applications
-- at each request (6,656 index entries for the benchmark's employer, 0.33 ms on SQLite).
--
-- The triggers below keep the counts in the statement that changes an application, whatever makes the
-- change (the app through Prisma, a script, a cascade from a deleted candidate). scripts/new-migration.sh
-- re-creates them in a migration that rebuilds "Application" or "ReceivedApplicationCount" (SQLite
-- drops a table's triggers with it; scripts/unmanaged-sql.mjs).

-- CreateTable
CREATE TABLE "ReceivedApplicationCount" (
    "employerId" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("employerId", "status"),
    CONSTRAINT "ReceivedApplicationCount_employerId_fkey" FOREIGN KEY ("employerId") REFERENCES "Employer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- BEGIN received application counts triggers
CREATE TRIGGER "Application_received_after_insert" AFTER INSERT ON "Application"
WHEN NEW."validatedAt" IS NOT NULL BEGIN
    INSERT INTO "ReceivedApplicationCount" ("employerId", "status", "count") VALUES (NEW."employerId", NEW."status", 1)
    ON CONFLICT ("employerId", "status") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Application_received_after_update" AFTER UPDATE OF "employerId", "status", "validatedAt" ON "Application"
WHEN OLD."employerId" IS NOT NEW."employerId" OR OLD."status" IS NOT NEW."status"
  OR (OLD."validatedAt" IS NULL) IS NOT (NEW."validatedAt" IS NULL) BEGIN
    UPDATE "ReceivedApplicationCount" SET "count" = "count" - 1
    WHERE OLD."validatedAt" IS NOT NULL AND "employerId" = OLD."employerId" AND "status" = OLD."status";
    INSERT INTO "ReceivedApplicationCount" ("employerId", "status", "count")
    SELECT NEW."employerId", NEW."status", 1 WHERE NEW."validatedAt" IS NOT NULL
    ON CONFLICT ("employerId", "status") DO UPDATE SET "count" = "count" + 1;
END;

CREATE TRIGGER "Application_received_after_delete" AFTER DELETE ON "Application"
WHEN OLD."validatedAt" IS NOT NULL BEGIN
    UPDATE "ReceivedApplicationCount" SET "count" = "count" - 1
    WHERE "employerId" = OLD."employerId" AND "status" = OLD."status";
END;
-- END received application counts triggers

-- the applications that already exist
INSERT INTO "ReceivedApplicationCount" ("employerId", "status", "count")
SELECT "employerId", "status", count(*) FROM "Application" WHERE "validatedAt" IS NOT NULL GROUP BY "employerId", "status";
