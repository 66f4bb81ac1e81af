package secret

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMaskHidesEveryValueWhole(t *testing.T) {
	var s Set
	short := s.Add("tok3n-abc", "tok3n-abc-longer", "", "no")
	assert.Equal(t, []string{"no"}, short, "a value too short to mask is said")
	s.AddLogin("ada", "hunter22")
	assert.Equal(t, "*** and *** but not no; auth ***",
		s.Mask("tok3n-abc-longer and tok3n-abc but not no; auth YWRhOmh1bnRlcjIy"))
	assert.Equal(t, "hunter22? ***", (&Set{}).Mask("hunter22? ***"), "an empty set masks nothing")
}

func TestWriterMasksEachWrite(t *testing.T) {
	var s Set
	s.Add("hunter22")
	var buf bytes.Buffer
	w := s.Writer(&buf)
	n, err := fmt.Fprintf(w, "labrun: login with hunter22\n")
	require.NoError(t, err)
	assert.Equal(t, len("labrun: login with hunter22\n"), n, "the caller's count, not the masked one")
	assert.Equal(t, "labrun: login with ***\n", buf.String())
}

func TestEnvReadsWhatTheLabsGet(t *testing.T) {
	lookup := func(name string) (string, bool) {
		v, ok := map[string]string{"TOKEN": "abc123", "EMPTY": ""}[name]
		return v, ok
	}
	env, err := Env([]string{"TOKEN", "EMPTY", "GIVEN=x=y"}, lookup)
	require.NoError(t, err)
	assert.Equal(t, []string{"TOKEN=abc123", "EMPTY=", "GIVEN=x=y"}, env)
	for spec, want := range map[string]string{
		"UNSET":       "not set in labrun's environment",
		"DOCKER_HOST": "away from its sandbox's daemon",
		"9LIVES":      "want NAME or NAME=VALUE",
		"A-B=c":       "want NAME or NAME=VALUE",
	} {
		_, err := Env([]string{spec}, lookup)
		assert.ErrorContains(t, err, want, spec)
	}
}
