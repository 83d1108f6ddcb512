-- Keyword search of the offers (src/modules/offers/search.ts), hand-written: Prisma has no model for it.
--
-- "OfferSearch" holds one tsvector per offer: its title (weight A), its employer's name (B) and its
-- text — description, missions, profile sought — (C), with the "atouts_search" configuration:
-- every word lower-cased and without accents ("Développeur" is found by "developpeur"), no stemming,
-- so that a word matches the same offers as on SQLite (FTS5 unicode61 remove_diacritics). A GIN
-- index answers "word:*" prefix queries without reading every row.
--
-- Triggers keep it in sync with "Offer" (insert, update of the text, delete by cascade) and with
-- renamed employers. scripts/new-migration.sh leaves these objects alone (scripts/unmanaged-sql.mjs).

-- unaccent is a "trusted" extension (PostgreSQL 13+): the database owner may create it.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION "atouts_search" (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION "atouts_search"
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    WITH unaccent, simple;

CREATE TABLE "OfferSearch" (
    "offerId" INTEGER NOT NULL,
    "document" tsvector NOT NULL,
    CONSTRAINT "OfferSearch_pkey" PRIMARY KEY ("offerId"),
    CONSTRAINT "OfferSearch_offerId_fkey" FOREIGN KEY ("offerId") REFERENCES "Offer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "OfferSearch_document_idx" ON "OfferSearch" USING GIN ("document");

-- The document of one offer. Its body has no semicolon, like every statement of this file: Prisma's
-- PostgreSQL adapter (@prisma/adapter-pg 6.19) runs a migration by splitting it at every semicolon.
CREATE FUNCTION "offer_search_document"("title" TEXT, "description" TEXT, "missions" TEXT, "profileSought" TEXT, "employer" TEXT)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('atouts_search', coalesce("title", '')), 'A')
        || setweight(to_tsvector('atouts_search', coalesce("employer", '')), 'B')
        || setweight(to_tsvector('atouts_search', concat_ws(' ', "description", "missions", "profileSought")), 'C')
$$;

-- The trigger functions are PL/pgSQL, whose statements end with semicolons: their bodies are E'…'
-- strings where \073 stands for the semicolon, so that the adapter's split leaves them whole.
CREATE FUNCTION "offer_search_refresh"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
    INSERT INTO "OfferSearch" ("offerId", "document")
    SELECT NEW."id", "offer_search_document"(NEW."title", NEW."description", NEW."missions", NEW."profileSought", "Employer"."name")
    FROM "Employer" WHERE "Employer"."id" = NEW."employerId"
    ON CONFLICT ("offerId") DO UPDATE SET "document" = EXCLUDED."document"\073
    RETURN NULL\073
END';

CREATE FUNCTION "employer_search_rename"() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
    UPDATE "OfferSearch"
    SET "document" = "offer_search_document"("Offer"."title", "Offer"."description", "Offer"."missions", "Offer"."profileSought", NEW."name")
    FROM "Offer"
    WHERE "Offer"."id" = "OfferSearch"."offerId" AND "Offer"."employerId" = NEW."id"\073
    RETURN NULL\073
END';

CREATE TRIGGER "Offer_search_after_insert" AFTER INSERT ON "Offer"
    FOR EACH ROW EXECUTE FUNCTION "offer_search_refresh"();
CREATE TRIGGER "Offer_search_after_update" AFTER UPDATE OF "title", "description", "missions", "profileSought", "employerId" ON "Offer"
    FOR EACH ROW EXECUTE FUNCTION "offer_search_refresh"();
CREATE TRIGGER "Employer_search_after_rename" AFTER UPDATE OF "name" ON "Employer"
    FOR EACH ROW WHEN (OLD."name" IS DISTINCT FROM NEW."name") EXECUTE FUNCTION "employer_search_rename"();

-- the offers that already exist
INSERT INTO "OfferSearch" ("offerId", "document")
SELECT "Offer"."id", "offer_search_document"("Offer"."title", "Offer"."description", "Offer"."missions", "Offer"."profileSought", "Employer"."name")
FROM "Offer" JOIN "Employer" ON "Employer"."id" = "Offer"."employerId";
