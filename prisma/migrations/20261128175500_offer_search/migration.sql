-- Keyword search of the offers (src/modules/offers/search.ts), hand-written: Prisma has no model for it.
--
-- "OfferSearch" is an FTS5 full-text index, one row per offer (rowid = "Offer"."id"): the title, the
-- text (description, missions, profile sought) and the employer's name, lower-cased and without
-- accents ("Développeur" is found by "developpeur"). It stores no copy of the text (content='').
-- contentless_delete=1 lets the triggers below delete a row by its rowid.
--
-- The triggers keep it in sync with "Offer" and with renamed employers. scripts/new-migration.sh
-- leaves these objects alone (scripts/unmanaged-sql.mjs), and re-creates the triggers in a migration
-- that rebuilds "Offer" or "Employer" (SQLite drops a table's triggers with it).

CREATE VIRTUAL TABLE "OfferSearch" USING fts5(
    "title",
    "body",
    "employer",
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- BEGIN offer search triggers
CREATE TRIGGER "Offer_search_after_insert" AFTER INSERT ON "Offer" BEGIN
    INSERT INTO "OfferSearch" (rowid, "title", "body", "employer")
    SELECT NEW."id", NEW."title",
           NEW."description" || ' ' || coalesce(NEW."missions", '') || ' ' || coalesce(NEW."profileSought", ''),
           "Employer"."name"
    FROM "Employer" WHERE "Employer"."id" = NEW."employerId";
END;

CREATE TRIGGER "Offer_search_after_update" AFTER UPDATE OF "title", "description", "missions", "profileSought", "employerId" ON "Offer" BEGIN
    DELETE FROM "OfferSearch" WHERE rowid = OLD."id";
    INSERT INTO "OfferSearch" (rowid, "title", "body", "employer")
    SELECT NEW."id", NEW."title",
           NEW."description" || ' ' || coalesce(NEW."missions", '') || ' ' || coalesce(NEW."profileSought", ''),
           "Employer"."name"
    FROM "Employer" WHERE "Employer"."id" = NEW."employerId";
END;

CREATE TRIGGER "Offer_search_after_delete" AFTER DELETE ON "Offer" BEGIN
    DELETE FROM "OfferSearch" WHERE rowid = OLD."id";
END;

CREATE TRIGGER "Employer_search_after_rename" AFTER UPDATE OF "name" ON "Employer" WHEN NEW."name" IS NOT OLD."name" BEGIN
    DELETE FROM "OfferSearch" WHERE rowid IN (SELECT "id" FROM "Offer" WHERE "employerId" = NEW."id");
    INSERT INTO "OfferSearch" (rowid, "title", "body", "employer")
    SELECT "Offer"."id", "Offer"."title",
           "Offer"."description" || ' ' || coalesce("Offer"."missions", '') || ' ' || coalesce("Offer"."profileSought", ''),
           NEW."name"
    FROM "Offer" WHERE "Offer"."employerId" = NEW."id";
END;
-- END offer search triggers

-- the offers that already exist
INSERT INTO "OfferSearch" (rowid, "title", "body", "employer")
SELECT "Offer"."id", "Offer"."title",
       "Offer"."description" || ' ' || coalesce("Offer"."missions", '') || ' ' || coalesce("Offer"."profileSought", ''),
       "Employer"."name"
FROM "Offer" JOIN "Employer" ON "Employer"."id" = "Offer"."employerId";
