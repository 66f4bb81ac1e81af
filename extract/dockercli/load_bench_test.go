package dockercli

import (
	"sync"
	"testing"

	"github.com/labrun/labrun/engine"
)

// BenchmarkLoad is the cost of what the first Parse of a process reads:
// the newest engine's grammar and the two plugins'.
func BenchmarkLoad(b *testing.B) {
	for range b.N {
		listOnce, files = sync.Once{}, nil
		Parse([]string{"docker", "compose", "up"})
		Parse([]string{"docker", "buildx", "build", "."})
	}
}

// BenchmarkLoadAll reads every engine's grammar too, as a run that checks
// blocked commands on every engine does.
func BenchmarkLoadAll(b *testing.B) {
	for range b.N {
		listOnce, files = sync.Once{}, nil
		for _, e := range engine.Named {
			Docker(e)
		}
		Plugin("compose")
		Plugin("buildx")
	}
}
