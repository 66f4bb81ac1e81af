package dockercli

import (
	"sync"
	"testing"
)

// BenchmarkLoad is the cost of reading every embedded grammar, paid once
// per process by its first Parse.
func BenchmarkLoad(b *testing.B) {
	for range b.N {
		loadOnce, engines = sync.Once{}, nil
		loadOnce.Do(load)
	}
}
