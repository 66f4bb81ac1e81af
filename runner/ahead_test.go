package runner

import (
	"context"
	"testing"
	"time"

	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A sandbox started ahead and never taken is removed when the run stops.
func TestAheadRemovesUntakenSandboxes(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	host := sandboxtest.Host(t)
	ctx := context.Background()

	a := startAhead(ctx, OnHost(host), sandbox.Online, 3)
	sb, err := a.Start(ctx)
	require.NoError(t, err)
	require.NoError(t, sb.Close(ctx))
	// The second sandbox starts while nobody asks for it.
	f := client.Filters{}.Add("label", sandbox.SessionLabel+"="+host.Session())
	require.Eventually(t, func() bool {
		cs, err := cli.ContainerList(ctx, client.ContainerListOptions{Filters: f})
		return err == nil && len(cs.Items) == 1
	}, time.Minute, 50*time.Millisecond, "the next sandbox was not started ahead")
	a.stop(ctx)

	left, err := sandbox.GC(ctx, cli, host.Session())
	require.NoError(t, err)
	assert.Empty(t, left, "stop left sandboxes behind")
	_, err = a.Start(ctx)
	assert.Error(t, err, "a stopped ahead still handed out a sandbox")
}
