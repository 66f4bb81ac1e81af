package dockercli

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDistanceCountsASwapAsOne(t *testing.T) {
	assert.Equal(t, 1, Distance("fromat", "format"))
	assert.Equal(t, 1, Distance("detatch", "detach"))
	assert.Equal(t, 0, Distance("name", "name"))
	assert.Equal(t, 3, Distance("abc", ""))
}
