package dockercli

import (
	"sync"
	"testing"
)

// BenchmarkLoad is the cost of what the first Parse of a process reads:
// the newest engine's grammar and the two plugins'.
func BenchmarkLoad(b *testing.B) {
	for range b.N {
		listOnce, files, engines = sync.Once{}, nil, nil
		Parse([]string{"docker", "compose", "up"})
		Parse([]string{"docker", "buildx", "build", "."})
	}
}

// BenchmarkLoadAll reads every engine's grammar too, as a run that checks
// blocked commands on every engine does.
func BenchmarkLoadAll(b *testing.B) {
	for range b.N {
		listOnce, files, engines = sync.Once{}, nil, nil
		for _, e := range []string{"20.10", "26", "28"} {
			Docker(e)
		}
		Plugin("compose")
		Plugin("buildx")
	}
}
