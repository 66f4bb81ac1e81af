// Package fix rewrites the snippets that fail into forms that work today,
// and keeps only the rewrites their lab proves. Candidates come from what
// labrun knows of how Docker changed (docker-compose → docker compose,
// flags removed or moved, the v1 compose file format) and of the slips
// notes make (a flag's letters swapped, a stray backtick, COPY without a
// destination, an empty $(…) list). Search runs each candidate in its
// lab's sandbox in place of the snippet, with the lab's state at that
// point, and keeps it only when the snippet passes and every other one
// keeps its verdict. Edits change the code of a note and nothing else.
package fix
