package interp

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
		{"a node's ID, its row printed in another place",
			"ID                            HOSTNAME   STATUS\nk2v8ds1q7nq0yxt5cw3mfa9rz *   node1      Ready\nr4t1w9e3q8u2y7i6o5p0a1s2d     node2      Ready",
			"ID                            HOSTNAME   STATUS\nhblihg7sl93na2ys3a307uqc8     node2      Ready\nxl11ijk3jep1ejmb007xka4ra *   node1      Ready",
			"r4t1w9e3q8u2y7i6o5p0a1s2d", "hblihg7sl93na2ys3a307uqc8", true},
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
