package runner

import (
	"testing"
	"time"

	"github.com/labrun/labrun/labs"
	"github.com/stretchr/testify/assert"
)

// mapTimings is Timings in memory.
type mapTimings map[string]time.Duration

func (m mapTimings) Took(id string) (time.Duration, bool) { d, ok := m[id]; return d, ok }
func (m mapTimings) Record(id string, d time.Duration)    { m[id] = d }

func TestLongestFirst(t *testing.T) {
	all := []labs.Lab{{ID: "quick"}, {ID: "cached"}, {ID: "new"}, {ID: "slow"}, {ID: "medium"}, {ID: "also-new"}}
	todo := []int{0, 2, 3, 4, 5} // "cached" needs no run
	timings := mapTimings{"quick": time.Second, "slow": time.Minute, "medium": 10 * time.Second, "cached": time.Hour}
	longestFirst(todo, func(i int) time.Duration { return took(timings, all[i].ID) })
	var ids []string
	for _, i := range todo {
		ids = append(ids, all[i].ID)
	}
	assert.Equal(t, []string{"new", "also-new", "slow", "medium", "quick"}, ids,
		"labs never timed first, in their order, then the longest")

	todo = []int{0, 2, 3}
	longestFirst(todo, func(i int) time.Duration { return took(nil, all[i].ID) })
	assert.Equal(t, []int{0, 2, 3}, todo, "no timings, the labs' order")
}

func TestTimingKeyNamesTheEngineOfAMatrix(t *testing.T) {
	assert.Equal(t, "lab", timingKey("lab", "28", 1), "one engine: the timings of earlier runs still apply")
	assert.Equal(t, "lab@20.10", timingKey("lab", "20.10", 2), "a lab may take longer on one engine than another")
}
