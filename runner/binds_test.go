package runner

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCounterpartFindsTheLabsOwnValue(t *testing.T) {
	full := "4f1c2b9e7d3a8c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b"
	mine := "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	tests := []struct {
		name, shown, printed, v, want string
		ok                            bool
	}{
		{"the ID docker run -d printed", full, mine + "\n", full, mine, true},
		{"its short form", full, mine + "\n", full[:12], mine[:12], true},
		{"the same field of the same line", "CONTAINER ID   IMAGE\n3f9c2b1a7e4d   nginx",
			"CONTAINER ID   IMAGE\nabcdef012345   nginx", "3f9c2b1a7e4d", "abcdef012345", true},
		{"an address", "172.18.0.3", "172.19.0.2\n", "172.18.0.3", "172.19.0.2", true},
		{"nothing printed", full, "", full, "", false},
		{"two candidates, none in its place", "x " + full, "a b\n" + mine[:12] + " " + mine[12:24], full, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := counterpart(tt.shown, tt.printed, tt.v)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, got)
		})
	}
}
