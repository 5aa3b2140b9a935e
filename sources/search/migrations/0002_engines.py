"""Engine structures the ORM does not model.

PostgreSQL: the unaccent and pg_trgm extensions; search_fold() (lower case, no accents);
search_vector() (the weighted tsvector: each text in its language's configuration and in
'simple'); the `document` column; a GIN index per kind and a trigram index on names.
SQLite: the FTS5 table search_fts (rowid = search_entry.id).
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

from sources.search.operations import VendorSQL

KINDS = ("claim", "source", "speaker", "outlet")

FUNCTIONS = """
CREATE OR REPLACE FUNCTION search_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, t)) $$;

CREATE OR REPLACE FUNCTION search_part(cfg regconfig, t text, w "char") RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN t IS NULL OR t = '' THEN ''::tsvector
    WHEN cfg = 'simple'::regconfig THEN setweight(to_tsvector('simple', search_fold(t)), w)
    ELSE setweight(to_tsvector(cfg, search_fold(t)) || to_tsvector('simple', search_fold(t)), w)
  END
$$;

CREATE OR REPLACE FUNCTION search_vector(cfg regconfig, a text, b text, c text, d text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT search_part(cfg, a, 'A') || search_part(cfg, b, 'B')
      || search_part(cfg, c, 'C') || search_part(cfg, d, 'D')
$$;
"""

DROP_FUNCTIONS = """
DROP FUNCTION IF EXISTS search_vector(regconfig, text, text, text, text);
DROP FUNCTION IF EXISTS search_part(regconfig, text, "char");
DROP FUNCTION IF EXISTS search_fold(text);
"""

GIN_INDEXES = [
    f"CREATE INDEX search_entry_{kind}_fts ON search_entry USING gin (document) "
    f"WHERE kind = '{kind}'"
    for kind in KINDS
]


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        VendorSQL("postgresql", FUNCTIONS, DROP_FUNCTIONS),
        VendorSQL(
            "postgresql",
            "ALTER TABLE search_entry ADD COLUMN document tsvector NOT NULL DEFAULT ''",
            "ALTER TABLE search_entry DROP COLUMN document",
        ),
        VendorSQL(
            "postgresql",
            [
                *GIN_INDEXES,
                "CREATE INDEX search_entry_names_trgm ON search_entry "
                "USING gin (names gin_trgm_ops) WHERE kind IN ('speaker', 'outlet')",
            ],
            [f"DROP INDEX search_entry_{kind}_fts" for kind in KINDS]
            + ["DROP INDEX search_entry_names_trgm"],
        ),
        VendorSQL(
            "sqlite",
            "CREATE VIRTUAL TABLE search_fts USING fts5("
            "a, b, c, d, tokenize = 'porter unicode61 remove_diacritics 2')",
            "DROP TABLE search_fts",
        ),
    ]
