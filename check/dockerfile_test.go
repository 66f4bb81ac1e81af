package check

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestParseDockerfile(t *testing.T) {
	tests := []struct {
		name, code string
		bases      []string
		sources    []Source
		secrets    bool
	}{
		{"one stage", "FROM busybox:1.36\nCOPY app.txt /app.txt\n", []string{"busybox:1.36"}, []Source{{"app.txt", 2}}, false},
		{"scratch is no image", "FROM scratch\nCOPY prog /\n", nil, []Source{{"prog", 2}}, false},
		{"stages, ARGs and COPY --from", "ARG V=3.19\nFROM alpine:${V} AS build\nFROM build\nCOPY --from=nginx:1.27 /etc/nginx /n\nCOPY --from=build /a /b\nCOPY --from=0 /a /c\n",
			[]string{"alpine:3.19", "nginx:1.27"}, nil, false},
		{"the syntax frontend is an image too", "# syntax=docker/dockerfile:1\nFROM busybox:1.36\n", []string{"docker/dockerfile:1", "busybox:1.36"}, nil, false},
		{"URLs, globs and variables are not checked", "FROM busybox:1.36\nADD https://example.com/a /a\nCOPY *.go /src/\nCOPY $DIR /d\nADD dir/ /d\n",
			[]string{"busybox:1.36"}, []Source{{"dir/", 5}}, false},
		{"a secret mount", "FROM busybox:1.36\nRUN --mount=type=secret,id=token cat /run/secrets/token\n", []string{"busybox:1.36"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			df, msg, _ := ParseDockerfile(tt.code)
			assert.Empty(t, msg)
			assert.Equal(t, tt.bases, df.Bases)
			assert.Equal(t, tt.sources, df.Sources)
			assert.Equal(t, tt.secrets, df.Secrets)
		})
	}
}

func TestParseDockerfileErrors(t *testing.T) {
	_, msg, line := ParseDockerfile("FROM busybox:1.36\nRUNN echo hi\n")
	assert.Contains(t, msg, "unknown instruction: RUNN")
	assert.Equal(t, 2, line)
	_, msg, line = ParseDockerfile("FROM busybox:1.36\nCOPY\n")
	assert.Contains(t, msg, "COPY requires at least two arguments")
	assert.Equal(t, 2, line)
}

func TestParseDockerfileWarnings(t *testing.T) {
	df, msg, _ := ParseDockerfile("FROM busybox:1.36 as build\nMAINTAINER me\n")
	assert.Empty(t, msg)
	var rules []string
	for _, w := range df.Warnings {
		rules = append(rules, w.Path)
	}
	assert.Len(t, df.Warnings, 2, "%q", rules)
	assert.Contains(t, rules[0]+rules[1], "FromAsCasing")
	assert.Contains(t, rules[0]+rules[1], "MaintainerDeprecated")
}

func TestParseDockerfileInstructions(t *testing.T) {
	code := "# a comment\nFROM busybox:1.36\n\nRUN echo one \\\n  two\nCMD [\"sh\"]\n"
	df, msg, _ := ParseDockerfile(code)
	assert.Empty(t, msg)
	assert.Equal(t, []int{2, 4, 6}, df.Instructions, "where each instruction starts")
	again, _, _ := ParseDockerfile(code)
	assert.Equal(t, df, again, "the same result the second time")
	df, msg, _ = ParseDockerfile("FROM busybox:1.36\nCOPY\n")
	assert.NotEmpty(t, msg)
	assert.Equal(t, []int{1, 2}, df.Instructions, "kept when the instructions do not parse")
}
