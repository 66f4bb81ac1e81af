package expect

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func marks(rows []Row) string {
	var b strings.Builder
	for _, r := range rows {
		b.WriteByte(byte(r.Mark))
	}
	return b.String()
}

// TestSideBySide: lines that only differ in IDs, ages and widths line up
// as the same; a changed line pairs with what came out instead; what only
// one side has is marked as such; a "..." takes the lines it stands for.
func TestSideBySide(t *testing.T) {
	tests := []struct {
		name, want, got string
		marks           string
	}{
		{"same across engines", captured(t, "20.10", "ps.txt"), captured(t, "28", "ps.txt"), "   "},
		{"pull noise left out", "hello\n", "Unable to find image 'hello:latest' locally\nlatest: Pulling from library/hello\nhello\n", " "},
		{"changed", "one\ntwo\nthree\n", "one\nTWO\nthree\n", " | "},
		{"missing", "one\ntwo\nthree\n", "one\nthree\n", " < "},
		{"extra", "one\nthree\n", "one\ntwo\nthree\n", " > "},
		{"elided", "start\n...\nend\n", "start\na\nb\nend\n", " ... "},
		{"elision and a change", "start\n...\nend\n", "start\na\nfinish\n", " ||"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.marks, marks(Compared(tt.want, tt.got, Strict).SideBySide()))
		})
	}
}

func TestSideBySideText(t *testing.T) {
	c := Compared("Hello from Docker!\nThis message shows that your installation works.\n", "Hello from Docker!\n", Strict)
	require.NotNil(t, c.Difference)
	assert.Equal(t, strings.Join([]string{
		"the note shows                                     the run printed",
		"Hello from Docker!                                 Hello from Docker!",
		"This message shows that your installation works. <",
	}, "\n"), Text(c.SideBySide()))
}

func TestSideBySideBounded(t *testing.T) {
	long := strings.Repeat("line\n", 10*maxRows)
	rows := Compared(long, long, Strict).SideBySide()
	assert.Len(t, rows, maxRows+1)
}

// TestSideBySideQuestion: the note's question, answered, lines up with
// the run's, which the next output follows on the same line.
func TestSideBySideQuestion(t *testing.T) {
	c := Compared("WARNING! This will remove anonymous local volumes not used by at least one container.\n"+
		"Are you sure you want to continue? [y/N] y\nTotal reclaimed space: 0B\n", pruned, Strict)
	assert.Equal(t, "   ", marks(c.SideBySide()))
}
