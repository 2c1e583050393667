from django.db import migrations

from core.migration_ops import PostgresOnlySQL

# The SQL side of core/search.py: one definition of how a text becomes a search document
# and how a query becomes a tsquery, used by the search triggers of organizations and
# opportunities, by the directory and marketplace searches and by alert keywords.
#
# - Latin text is stemmed with the configuration of the text's language: `english`, or
#   `german_unaccent` / `french_unaccent` (their snowball stemmer after `unaccent`, so that
#   `Antikörpern`, `Antikörper` and `antikorper` meet).
# - Runs of Han, Kana and Hangul become overlapping character bigrams in the `simple`
#   configuration (内毒素检测 -> 内毒 毒素 素检 检测); a query's CJK runs become phrases of the
#   same bigrams, so any word of two or more characters is found inside a sentence, and a
#   Korean word without its particle (엔도톡신 in 엔도톡신을).
# - Text is NFKC-normalised first (half-width katakana, full-width Latin).
# Each function keeps the search path it was created with: pg_restore runs with an empty one,
# and the generated column of alerts calls these functions while the data is loaded.
FORWARDS = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH CONFIGURATION german_unaccent (COPY = german);
ALTER TEXT SEARCH CONFIGURATION german_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
ALTER TEXT SEARCH CONFIGURATION french_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;

-- The characters indexed as bigrams: 々〆, Hiragana and Katakana (with ー), Katakana
-- extensions, CJK ideographs (extension A, unified, compatibility, extensions B-H), Hangul
-- Jamo, compatibility Jamo and syllables. A regular-expression bracket expression body.
CREATE FUNCTION wlscc_cjk_class() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
  SELECT '\u3005\u3006\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff'
         '\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\U00020000-\U0003134f'
$$;

-- The overlapping bigrams of every CJK run, space separated; everything else dropped.
-- Each character doubled, then the first and last of each run removed, leaves the pairs
-- side by side: 内毒素 -> 内内毒毒素素 -> 内毒毒素 -> "内毒 毒素". Five regular-expression
-- passes were measured ~3x faster than a character-by-character window function.
CREATE FUNCTION wlscc_cjk_bigrams(doc text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
  SELECT regexp_replace(
    regexp_replace(
      regexp_replace(
        regexp_replace(
          regexp_replace(doc, '[^' || c || ']+', ' ', 'g'),
        '([' || c || '])', '\1\1', 'g'),
      '(^| )[' || c || ']', '\1', 'g'),
    '[' || c || '](?= |$)', '', 'g'),
  '([' || c || ']{2})', '\1 ', 'g')
  FROM (SELECT wlscc_cjk_class() AS c) AS s
$$;

CREATE FUNCTION wlscc_search_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
  SELECT CASE language
    WHEN 'de' THEN 'german_unaccent'
    WHEN 'fr' THEN 'french_unaccent'
    ELSE 'english'
  END::regconfig
$$;

CREATE FUNCTION wlscc_search_document_cjk(doc text, language text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
  SELECT to_tsvector(
           wlscc_search_config(language),
           regexp_replace(d, '[' || wlscc_cjk_class() || ']+', ' ', 'g'))
         || to_tsvector('simple', wlscc_cjk_bigrams(d))
  FROM (SELECT normalize(doc, NFKC) AS d) AS s
$$;

-- The search document of one text in `language` (a ContentLanguage code, or '').
-- Text without CJK or full-width characters takes the plain path (one to_tsvector).
CREATE FUNCTION wlscc_search_document(doc text, language text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN doc ~ ('[' || wlscc_cjk_class() || '\uff00-\uffef]')
    THEN wlscc_search_document_cjk(doc, language)
    ELSE to_tsvector(wlscc_search_config(language), coalesce(doc, ''))
  END
$$;

-- A web-search query with each CJK run turned into a phrase of its bigrams ("内毒 毒素"),
-- or into bare bigrams inside a phrase the user quoted; a lone character stays as it is.
-- `-内毒素` keeps its minus next to the phrase.
CREATE FUNCTION wlscc_search_query_text(query text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
DECLARE
  q text := normalize(coalesce(query, ''), NFKC);
  c text := wlscc_cjk_class();
  part text;
  result text := '';
  in_phrase boolean := false;
BEGIN
  IF q !~ ('[' || c || ']') THEN
    RETURN q;
  END IF;
  FOR part IN
    SELECT m.match[1]
    FROM regexp_matches(q, '([' || c || ']+|[^' || c || ']+)', 'g')
         WITH ORDINALITY AS m(match, n)
    ORDER BY m.n
  LOOP
    IF part ~ ('^[' || c || ']') THEN
      IF length(part) = 1 THEN
        result := result || ' ' || part || ' ';
      ELSIF in_phrase THEN
        result := result || ' ' || wlscc_cjk_bigrams(part) || ' ';
      ELSIF result = '' OR result ~ '[\s-]$' THEN
        result := result || '"' || wlscc_cjk_bigrams(part) || '" ';
      ELSE
        result := result || ' "' || wlscc_cjk_bigrams(part) || '" ';
      END IF;
    ELSE
      result := result || part;
      IF (length(part) - length(replace(part, '"', ''))) % 2 = 1 THEN
        in_phrase := NOT in_phrase;
      END IF;
    END IF;
  END LOOP;
  RETURN result;
END
$$;

-- The tsquery of a web-search query (websearch_to_tsquery rules: words all required,
-- "phrases", OR, -word) against documents of any language: the query stemmed as English,
-- German and French, any of them matching. A lone CJK character (no bigram to look for)
-- matches the bigrams it starts.
CREATE FUNCTION wlscc_search_query(query text) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE
SET search_path FROM CURRENT AS $$
  SELECT CASE WHEN q ~ ('[' || wlscc_cjk_class() || ']')
    THEN regexp_replace(tsq::text, '''([' || wlscc_cjk_class() || '])''', '''\1'':*', 'g')::tsquery
    ELSE tsq
  END
  FROM (SELECT wlscc_search_query_text(query) AS q) AS s,
       LATERAL (
         SELECT websearch_to_tsquery('english', q)
                || websearch_to_tsquery('german_unaccent', q)
                || websearch_to_tsquery('french_unaccent', q) AS tsq
       ) AS t
$$;
"""

BACKWARDS = """
DROP FUNCTION IF EXISTS wlscc_search_query(text);
DROP FUNCTION IF EXISTS wlscc_search_query_text(text);
DROP FUNCTION IF EXISTS wlscc_search_document(text, text);
DROP FUNCTION IF EXISTS wlscc_search_document_cjk(text, text);
DROP FUNCTION IF EXISTS wlscc_search_config(text);
DROP FUNCTION IF EXISTS wlscc_cjk_bigrams(text);
DROP FUNCTION IF EXISTS wlscc_cjk_class();
DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;
DROP TEXT SEARCH CONFIGURATION IF EXISTS german_unaccent;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [PostgresOnlySQL(FORWARDS, BACKWARDS)]
