package cache

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Timings is how long each lab took when it last ran, by lab ID, kept in one
// JSON file of milliseconds. A run reads it to start its longest labs first
// and records what it ran; a file that is missing or unreadable only means
// no timings.
type Timings struct {
	path string
	mu   sync.Mutex
	took map[string]time.Duration
	ran  map[string]time.Duration // recorded by this run
}

// LoadTimings reads the timings kept at path.
func LoadTimings(path string) *Timings {
	return &Timings{path: path, took: read(path), ran: map[string]time.Duration{}}
}

// DefaultTimings reads the timings in labrun's cache directory:
// $XDG_CACHE_HOME/labrun/timings.json or its equivalent.
func DefaultTimings() (*Timings, error) {
	root, err := labrunDir()
	if err != nil {
		return nil, err
	}
	return LoadTimings(filepath.Join(root, "timings.json")), nil
}

func read(path string) map[string]time.Duration {
	took := map[string]time.Duration{}
	b, err := os.ReadFile(path)
	if err != nil {
		return took
	}
	var ms map[string]int64
	if json.Unmarshal(b, &ms) != nil {
		return took
	}
	for id, v := range ms {
		if v >= 0 {
			took[id] = time.Duration(v) * time.Millisecond
		}
	}
	return took
}

// Took returns how long a lab took when it last ran before this run.
func (t *Timings) Took(labID string) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	d, ok := t.took[labID]
	return d, ok
}

// Record notes how long a lab took in this run.
func (t *Timings) Record(labID string, d time.Duration) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ran[labID] = d
}

// Save writes this run's timings over those in the file, which it reads
// again first so that a run at the same time keeps its own, atomically.
func (t *Timings) Save() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.ran) == 0 {
		return nil
	}
	ms := map[string]int64{}
	for id, d := range read(t.path) {
		ms[id] = d.Milliseconds()
	}
	for id, d := range t.ran {
		ms[id] = d.Milliseconds()
	}
	b, err := json.MarshalIndent(ms, "", "  ")
	if err != nil {
		return err
	}
	return writeAtomic(t.path, b)
}
