# Sourced by tests: store_rows_sqlite FILE / store_rows_pg URI print every
# table of a herald store (docs/FORMAT.md) in one text form for both
# backends, so a SQLite and a PostgreSQL store compare with cmp: the same
# columns, blobs in upper-case hex, similarities as integers (x 10^6), rows
# sorted; meta keys that only one backend has (generation in PostgreSQL,
# lineage_articles and names_articles in SQLite) left out.
STORE_ROWS_TABLES="articles entities aliases titles mentions article_entities quotes quote_links stories story_outlets cluster_terms cluster_chunks meta"
store_rows_sql() { # TABLE HEXFN
  local h=$2
  case $1 in
    articles) echo "SELECT id, hash, ext_id, url, title, outlet, date, day, kind, section, byline, text, input_path, input_line, story_id, dup_of, CAST(round(dup_sim * 1000000) AS BIGINT), $h(minhash) FROM articles";;
    entities) echo "SELECT id, key, type, name, mentions, articles FROM entities";;
    aliases) echo "SELECT entity_id, alias, count FROM aliases";;
    titles) echo "SELECT entity_id, title, count FROM titles";;
    mentions) echo "SELECT article_id, entity_id, type, start, \"end\", text, title FROM mentions";;
    article_entities) echo "SELECT article_id, entity_id, mentions FROM article_entities";;
    quotes) echo "SELECT id, article_id, type, speaker_kind, speaker_id, speaker, content, content_start, content_end, cue, source FROM quotes";;
    quote_links) echo "SELECT quote_id, group_id, CAST(round(sim * 1000000) AS BIGINT) FROM quote_links";;
    stories) echo "SELECT id, label, first, last, articles, outlets, merged_into, thread_id, $h(state), headline FROM stories";;
    story_outlets) echo "SELECT story_id, outlet FROM story_outlets";;
    cluster_terms) echo "SELECT id, term, surface FROM cluster_terms";;
    cluster_chunks) echo "SELECT id, $h(state) FROM cluster_chunks";;
    meta) echo "SELECT key, value FROM meta WHERE key NOT IN ('generation', 'lineage_articles', 'names_articles')";;
  esac
}
store_rows_sqlite() {
  for t in $STORE_ROWS_TABLES; do echo "== $t"; sqlite3 -separator '|' "$1" "$(store_rows_sql "$t" hex)" | sort; done
}
store_rows_pg() {
  for t in $STORE_ROWS_TABLES; do
    echo "== $t"
    psql -X -q -At -F '|' -d "$1" -c "$(store_rows_sql "$t" "upper(encode(x, 'hex'))" | sed "s/upper(encode(x, 'hex'))(\([a-z]*\))/upper(encode(\1, 'hex'))/g")" | sort
  done
}
