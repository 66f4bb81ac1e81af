package dockercli

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestLoginsAreThePasswordsWrittenInTheNote(t *testing.T) {
	tests := []struct {
		name  string
		lines []string // a pipeline's simple commands
		want  []Login
	}{
		{"flag", []string{"docker login -u ada -p hunter22 localhost:5000"}, []Login{{User: "ada", Password: "hunter22"}}},
		{"long flag", []string{"docker login --username=ada --password=hunter22"}, []Login{{User: "ada", Password: "hunter22"}}},
		{"piped echo", []string{"echo -n s3cr3tpw", "docker login -u ada --password-stdin"}, []Login{{User: "ada", Password: "s3cr3tpw"}}},
		{"piped printf", []string{"printf %s s3cr3tpw", "docker login --password-stdin"}, []Login{{Password: "s3cr3tpw"}}},
		{"a variable piped", []string{"echo $TOKEN", "docker login -u ada --password-stdin"}, []Login{{User: "ada", Var: "TOKEN"}}},
		{"a flag's variable", []string{"docker login -u ada -p ${TOKEN}"}, []Login{{User: "ada", Var: "TOKEN"}}},
		{"part of a word is neither", []string{"docker login -u ada -p pre$TOKEN"}, nil},
		{"a file piped is not written", []string{"cat pw.txt", "docker login --password-stdin"}, nil},
		{"not a login", []string{"docker run -p 8080:80 nginx"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var lines []Line
			for _, l := range tt.lines {
				lines = append(lines, Parse(strings.Fields(l)))
			}
			assert.Equal(t, tt.want, Logins(lines))
		})
	}
}
