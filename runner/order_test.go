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
	longestFirst(todo, all, mapTimings{"quick": time.Second, "slow": time.Minute, "medium": 10 * time.Second, "cached": time.Hour})
	var ids []string
	for _, i := range todo {
		ids = append(ids, all[i].ID)
	}
	assert.Equal(t, []string{"new", "also-new", "slow", "medium", "quick"}, ids,
		"labs never timed first, in their order, then the longest")

	todo = []int{0, 2, 3}
	longestFirst(todo, all, nil)
	assert.Equal(t, []int{0, 2, 3}, todo, "no timings, the labs' order")
}
