package extract

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parsed is sh with its fast path turned off: words and commands come
// from mvdan.cc/sh's parse.
func parsed(code string) *shellCode {
	return &shellCode{code: code, plainKnown: true}
}

// TestSimpleMatchesParse holds the plain-command fast path to the parser:
// wherever simple says code is plain, its words and commands are the ones
// the parse gives.
func TestSimpleMatchesParse(t *testing.T) {
	codes := []string{
		"", " ", "docker ps", "  docker ps -a  ", "docker run --rm -p 8080:80 nginx:1.27",
		"docker-compose.yml", "--rm", "a\tb", "cmd a=b", "user@host:/x", "100%", "a+b,c",
		"FOO=bar cmd", "export FOO=bar", "time docker ps", "for", "in x", "let a=1",
		"docker ps | wc -l", "echo $HOME", "ls *.go", "echo 'x'", "a; b", "a\nb", "! true",
		"{ a; }", "# comment", "~/bin", "x ...", "docker rm $(docker ps -aq)",
	}
	vocab := strings.Fields("docker ps run -it --rm -a a=b FOO=1 for in time export let do done { } x.y /tmp : @ % + , --name=web -p 80:80")
	alphabet := " \t-_./:=,@%+abcXYZ019$'\"|;&()<>*?[]{}#!~\\\n"
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(6) {
			if r.IntN(3) == 0 {
				b.WriteByte(alphabet[r.IntN(len(alphabet))])
				continue
			}
			if b.Len() > 0 || r.IntN(2) == 0 {
				b.WriteString(" ")
			}
			b.WriteString(vocab[r.IntN(len(vocab))])
		}
		codes = append(codes, b.String())
	}
	plain := 0
	for _, code := range codes {
		sh := &shellCode{code: code}
		if _, ok := sh.simple(); !ok {
			continue
		}
		plain++
		p := parsed(code)
		_, err := p.parse()
		require.NoError(t, err, "%q is plain, yet does not parse", code)
		pw, pp := words(p)
		sw, sp := words(sh)
		assert.Equal(t, pw, sw, "words of %q", code)
		assert.Equal(t, pp, sp, "pipes of %q", code)
		assert.Equal(t, splitCommands(p, 3), splitCommands(sh, 3), "commands of %q", code)
	}
	assert.Greater(t, plain, 2000, "too few plain commands generated to tell")
	for _, code := range []string{"FOO=bar cmd", "export FOO=bar", "time docker ps", "echo $HOME", "a\nb", "! true"} {
		_, ok := (&shellCode{code: code}).simple()
		assert.False(t, ok, "%q is not plain", code)
	}
}
