package fix

import (
	"os"
	"testing"

	"github.com/labrun/labrun/labs"
)

// BenchmarkTryOverhead is what a search spends on one candidate besides
// running its lab: the candidates of every step of the broken test note,
// each placed in the note, the note extracted and grouped again, and the
// lab found by ID.
func BenchmarkTryOverhead(b *testing.B) {
	data, err := os.ReadFile("../testdata/notes/fix-broken.md")
	if err != nil {
		b.Fatal(err)
	}
	notes := []labs.Note{{Path: "fix-broken.md", Data: data}}
	all := group(notes)
	tries := 0
	b.ResetTimer()
	for b.Loop() {
		for _, lab := range all {
			for i, st := range lab.Steps {
				line := st.Line
				if len(st.Commands) > 0 {
					line = st.Commands[len(st.Commands)-1].Line
				}
				for _, c := range Candidates(lab, i, line) {
					next, err := apply(notes, st, c.Edits)
					if err != nil {
						b.Fatal(err)
					}
					if _, ok := findLab(next, lab.ID); !ok {
						b.Fatal("lost the lab")
					}
					tries++
				}
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(max(tries, 1)), "µs/try")
}
