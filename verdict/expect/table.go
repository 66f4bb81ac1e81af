package expect

import (
	"regexp"
	"slices"
	"strings"
)

// headerRE matches the header of one of docker's tables: two or more
// words or phrases in capitals, two or more spaces apart (CONTAINER ID,
// IMAGE, COMMAND, …; REPOSITORY, TAG, IMAGE ID, …).
var headerRE = regexp.MustCompile(`^[A-Z][A-Z0-9_/.()%-]*(?: [A-Z][A-Z0-9_/.()%-]*)*(?:\s{2,}[A-Z][A-Z0-9_/.()%-]*(?: [A-Z][A-Z0-9_/.()%-]*)*)+\s*$`)

// columnRE finds the columns of a header.
var columnRE = regexp.MustCompile(`\S+(?: \S+)*`)

// table is one of docker's tables read by its header: compared by
// column, not by spaces, so that widths do not matter.
type table struct {
	columns []string
	rows    [][]string // each row's cells, normalised, in columns order
	raws    []string   // each row as printed
}

// readTable reads the table whose header is lines[0], up to the first
// blank line or the end, and returns it with the number of lines read.
func readTable(lines []string) (table, int) {
	header := lines[0]
	locs := columnRE.FindAllStringIndex(header, -1)
	t := table{}
	for _, l := range locs {
		t.columns = append(t.columns, header[l[0]:l[1]])
	}
	n := 1
	for ; n < len(lines) && strings.TrimSpace(lines[n]) != ""; n++ {
		t.rows = append(t.rows, cells(lines[n], locs))
		t.raws = append(t.raws, lines[n])
	}
	return t, n
}

// cells cuts a row at the header's column starts: a cell runs from its
// column's start to the next one's, as docker's tabwriter lays them out.
func cells(row string, locs [][]int) []string {
	out := make([]string, len(locs))
	for i, l := range locs {
		start, end := l[0], len(row)
		if i+1 < len(locs) {
			end = locs[i+1][0]
		}
		if start >= len(row) {
			continue
		}
		out[i] = normalise(strings.TrimSpace(row[start:min(end, len(row))]))
	}
	return out
}

// differs says how table got differs from want, or "" when every row the
// note shows is in what ran (in any order: Docker sorts few of its
// lists) and the columns are the same.
func (want table) differs(got table, lax bool) string {
	for _, c := range want.columns {
		if !slices.Contains(got.columns, c) {
			return "column " + c + " is not in the table (it has " + strings.Join(got.columns, ", ") + ")"
		}
	}
	if !lax && len(got.columns) != len(want.columns) {
		for _, c := range got.columns {
			if !slices.Contains(want.columns, c) {
				return "the table has a column the note does not show: " + c
			}
		}
	}
	used := make([]bool, len(got.rows))
	for _, row := range want.rows {
		found := false
		for j, g := range got.rows {
			if !used[j] && sameRow(want.columns, row, got.columns, g) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return "no row like `" + strings.Join(nonEmpty(row), "  ") + "`"
		}
	}
	if !lax && len(got.rows) > len(want.rows) {
		for j, g := range got.rows {
			if !used[j] {
				return "a row the note does not show: `" + strings.Join(nonEmpty(g), "  ") + "`"
			}
		}
	}
	return ""
}

// sameRow compares two rows column by column, by the columns' names.
func sameRow(wantCols, want, gotCols, got []string) bool {
	for i, c := range wantCols {
		j := slices.Index(gotCols, c)
		if j < 0 || want[i] != got[j] {
			return false
		}
	}
	return true
}

func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c != "" {
			out = append(out, c)
		}
	}
	return out
}
