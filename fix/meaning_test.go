package fix

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/labrun/labrun/result"
)

func TestCompareStates(t *testing.T) {
	listing := func(lab, engine string, lines ...string) result.Result {
		out := "Successfully built\n" + stateMark + "\n"
		for _, l := range lines {
			out += l + "\n"
		}
		return result.Result{LabID: lab, Engine: engine, Output: out}
	}
	anon := "volume 3f1c0d0e9b6b4c7d8e9f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f"
	other := "volume 0000000000000000000000000000000000000000000000000000000000000001"
	tests := []struct {
		name string
		res  []result.Result
		why  string
	}{
		{"the same, in another order, anonymous volumes named otherwise", []result.Result{
			listing("original", "29", "container up running", anon, "image labrun/tagged:latest"),
			listing("rewrite", "29", "image labrun/tagged:latest", other, "container up running"),
		}, ""},
		{"the rewrite removed more", []result.Result{
			listing("original", "29", "container up running", "image labrun/tagged:latest"),
			listing("rewrite", "29", "container up running"),
		}, "it does something else: the original leaves image labrun/tagged:latest and the rewrite does not"},
		{"the rewrite left an anonymous volume", []result.Result{
			listing("original", "29", "container up running"),
			listing("rewrite", "29", "container up running", anon),
		}, "it does something else: the rewrite leaves volume (anonymous) and the original does not"},
		{"the same on one engine, not on the other", []result.Result{
			listing("original", "28", "container up running"), listing("rewrite", "28", "container up running"),
			listing("original", "29", "container up running"), listing("rewrite", "29"),
		}, "it does something else: the original leaves container up running and the rewrite does not"},
		{"no listing", []result.Result{{LabID: "original", Engine: "29", Output: "boom"}},
			"the state could not be listed after them"},
		{"one listing", []result.Result{listing("original", "29", "container up running")},
			"the state could not be listed after one of them"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.why, compareStates(tt.res, "original", "rewrite"))
		})
	}
}
