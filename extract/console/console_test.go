package console

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestComment(t *testing.T) {
	for _, l := range []string{"# now list them", "#", "  # indented", "## a heading-like remark", "#\tx"} {
		assert.True(t, Comment(l), l)
	}
	for _, l := range []string{"#5 [2/3] RUN make", "#!/bin/sh", "# ...", "#…", "echo # not a comment line", "data", ""} {
		assert.False(t, Comment(l), l)
	}
}

func TestQuestion(t *testing.T) {
	tests := []struct {
		line, question, rest string
		ok                   bool
	}{
		{"Are you sure you want to continue? [y/N] y", "Are you sure you want to continue? [y/N] ", "y", true},
		{"Are you sure you want to continue? [y/N] Total reclaimed space: 0B", "Are you sure you want to continue? [y/N] ", "Total reclaimed space: 0B", true},
		{"Are you sure you want to continue? [y/N] ", "Are you sure you want to continue? [y/N] ", "", true},
		{"Are you sure? [yN] y", "Are you sure? [yN] ", "y", true},
		{"? Going to remove web-1 (y/N) yes", "? Going to remove web-1 (y/N) ", "yes", true},
		{"Total reclaimed space: 0B", "", "", false},
	}
	for _, tt := range tests {
		q, rest, ok := Question(tt.line)
		assert.Equal(t, tt.ok, ok, tt.line)
		assert.Equal(t, tt.question, q, tt.line)
		assert.Equal(t, tt.rest, rest, tt.line)
	}
}

func TestAnswer(t *testing.T) {
	for _, a := range []string{"y", "Y", "yes", " n", "No"} {
		assert.True(t, Answer(a), a)
	}
	for _, a := range []string{"", "Total reclaimed space: 0B", "maybe"} {
		assert.False(t, Answer(a), a)
	}
	assert.True(t, Yes("Y"))
	assert.True(t, Yes("yes"))
	assert.False(t, Yes("n"))
	assert.False(t, Yes(""))
}
