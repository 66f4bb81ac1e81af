package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// benchNote is about 1 MB of the project's own test notes, repeated.
func benchNote(b *testing.B) []byte {
	b.Helper()
	files, _ := filepath.Glob("../testdata/notes/*.md")
	return repeated(b, files)
}

// repeated concatenates files and repeats them to about 1 MB.
func repeated(b *testing.B, files []string) []byte {
	b.Helper()
	var one bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		one.Write(data)
		one.WriteString("\n\n")
	}
	return bytes.Repeat(one.Bytes(), 1<<20/one.Len()+1)
}

// BenchmarkNote measures extraction, classification included.
func BenchmarkNote(b *testing.B) {
	note := benchNote(b)
	b.SetBytes(int64(len(note)))
	for b.Loop() {
		Snippets("bench.md", note)
	}
}

// BenchmarkGoldmarkWalk is the yardstick: goldmark's bare parse of the same
// input and a walk over every node.
func BenchmarkGoldmarkWalk(b *testing.B) {
	note := benchNote(b)
	b.SetBytes(int64(len(note)))
	for b.Loop() {
		doc := goldmarkParser.Parse(text.NewReader(note))
		n := 0
		_ = ast.Walk(doc, func(ast.Node, bool) (ast.WalkStatus, error) { n++; return ast.WalkContinue, nil })
	}
}

// seedsNote is the seed notes beside the repository (others' writing, read
// where they are), repeated to about 1 MB: prose with snippets, as real
// notes are. Benchmarks that use it skip when they are not there.
func seedsNote(b *testing.B) []byte {
	b.Helper()
	files, _ := filepath.Glob(filepath.Join(seedsDir, "*.txt"))
	if len(files) == 0 {
		b.Skip("no seed notes beside the repository")
	}
	return repeated(b, files)
}

func BenchmarkNoteSeeds(b *testing.B) {
	note := seedsNote(b)
	b.SetBytes(int64(len(note)))
	for b.Loop() {
		Snippets("seeds.md", note)
	}
}

func BenchmarkGoldmarkWalkSeeds(b *testing.B) {
	note := seedsNote(b)
	b.SetBytes(int64(len(note)))
	for b.Loop() {
		doc := goldmarkParser.Parse(text.NewReader(note))
		_ = ast.Walk(doc, func(ast.Node, bool) (ast.WalkStatus, error) { return ast.WalkContinue, nil })
	}
}

// BenchmarkRatioSeeds times Note and goldmark's bare parse-and-walk in
// turns on the seed notes and reports their throughputs and ratio. Taken in
// turns, the two see the same machine: run one after the other, as the
// benchmarks above are, they see its load change in between, which here
// moves their ratio by a third.
func BenchmarkRatioSeeds(b *testing.B) {
	note := seedsNote(b)
	var inNote, inWalk time.Duration
	for b.Loop() {
		start := time.Now()
		Snippets("seeds.md", note)
		mid := time.Now()
		doc := goldmarkParser.Parse(text.NewReader(note))
		_ = ast.Walk(doc, func(ast.Node, bool) (ast.WalkStatus, error) { return ast.WalkContinue, nil })
		inNote, inWalk = inNote+mid.Sub(start), inWalk+time.Since(mid)
	}
	mb := float64(len(note)) * float64(b.N) / 1e6
	b.ReportMetric(mb/inNote.Seconds(), "note-MB/s")
	b.ReportMetric(mb/inWalk.Seconds(), "walk-MB/s")
	b.ReportMetric(inWalk.Seconds()/inNote.Seconds(), "ratio")
}
