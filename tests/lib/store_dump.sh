# Sourced by tests: store_dump DB prints every table's rows of a herald
# SQLite store in a stable order (FTS5 shadow tables left out: the FTS
# content is compared through search), so two stores compare with cmp.
store_dump() {
  sqlite3 "$1" ".tables" | tr -s ' ' '\n' | grep -v '^$' | grep -v '_\(data\|idx\|docsize\|config\|content\)$' | sort |
  while read -r t; do echo "== $t"; sqlite3 "$1" "SELECT * FROM \"$t\" ORDER BY 1" | sort; done
}
