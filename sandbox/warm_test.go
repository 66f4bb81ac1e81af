package sandbox_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/moby/moby/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// messScript leaves in a sandbox what labs leave: a running container, a
// volume, a network, a swarm, an image tagged and one built, files in the
// lab's directory and in the CLI's configuration, a process in the
// background.
const messScript = `set -e
docker run -d --name web busybox:1.36 sleep 600 >/dev/null
docker volume create data >/dev/null
docker network create backend >/dev/null
docker tag busybox:1.36 workshop/app:1
printf 'FROM busybox:1.36\nRUN echo built >/built\n' | docker build -q -t workshop/built - >/dev/null
docker swarm init --advertise-addr eth0 >/dev/null
mkdir -p /lab/app && echo x >/lab/app/file
mkdir -p /root/.docker && echo '{}' >/root/.docker/config.json
setsid sleep 900 </dev/null >/dev/null 2>&1 &`

// stateScript prints what a fresh sandbox holds, one count or list a
// line: containers, volumes, networks, swarm, images, files in the lab's
// directory and the CLI's configuration, sleeping processes.
const stateScript = `docker ps -aq | wc -l
docker volume ls -q | wc -l
docker network ls --format '{{.Name}}' | sort | tr '\n' ' '; echo
docker info --format '{{.Swarm.LocalNodeState}}'
docker image ls -a --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' '; echo
ls -A /lab | wc -l
ls -A /root/.docker 2>/dev/null | wc -l
for p in /proc/[0-9]*; do cat "$p/comm" 2>/dev/null; done | grep -cx sleep`

// What one lab leaves in a sandbox kept warm is gone before the next lab
// starts in it: the next lab finds what a fresh sandbox holds.
func TestWarmSandboxIsEmptyForTheNextLab(t *testing.T) {
	var said strings.Builder
	h := sandboxtest.ConfigHost(t, sandbox.Config{Idle: time.Minute, Pool: t.Name(), Say: func(msg string) { said.WriteString(msg + "\n") }})
	ctx := context.Background()
	first, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = first.Close(ctx) })
	missing, err := first.CopyImages(ctx, []string{"busybox:1.36"})
	require.NoError(t, err)
	require.Empty(t, missing)
	fresh := run(t, first, sandbox.Exec{Cmd: sh(stateScript)}).Output
	assert.Equal(t, "0\n0\nbridge host none \ninactive\nbusybox:1.36 \n0\n0\n0\n", fresh)
	r := run(t, first, sandbox.Exec{Cmd: sh(messScript), Timeout: 2 * time.Minute})
	require.Equal(t, 0, r.ExitCode, r.Output)

	kept, why, err := first.Release(ctx, true)
	require.NoError(t, err)
	require.True(t, kept, "not kept: %s", why)

	second, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = second.Close(ctx) })
	assert.Equal(t, first.ID(), second.ID(), "the next lab takes the sandbox kept warm; said:\n%s", said.String())
	_, err = second.CopyImages(ctx, []string{"busybox:1.36"})
	require.NoError(t, err)
	assert.Equal(t, fresh, run(t, second, sandbox.Exec{Cmd: sh(stateScript)}).Output, "the lab before left nothing")

	// A lab that removed an image labrun copied in: the next lab that
	// uses it has it copied in again.
	run(t, second, sandbox.Exec{Cmd: sh("docker system prune -af >/dev/null")})
	kept, why, err = second.Release(ctx, true)
	require.NoError(t, err)
	require.True(t, kept, "not kept: %s", why)
	again, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = again.Close(ctx) })
	assert.Equal(t, first.ID(), again.ID())
	_, err = again.CopyImages(ctx, []string{"busybox:1.36"})
	require.NoError(t, err)
	assert.Equal(t, fresh, run(t, again, sandbox.Exec{Cmd: sh(stateScript)}).Output, "the image the lab before removed is there again")

	// A lab that uses no image finds none: the images of the lab before
	// go too.
	kept, why, err = again.Release(ctx, true)
	require.NoError(t, err)
	require.True(t, kept, "not kept: %s", why)
	third, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = third.Close(ctx) })
	assert.Equal(t, first.ID(), third.ID())
	_, err = third.CopyImages(ctx, nil)
	require.NoError(t, err)
	assert.Equal(t, "0\n0\nbridge host none \ninactive\n\n0\n0\n0\n", run(t, third, sandbox.Exec{Cmd: sh(stateScript)}).Output)

	// What the reset cannot undo (a file changed outside the lab's
	// directory) makes the sandbox not taken: the next lab starts a fresh
	// one, and says why.
	run(t, third, sandbox.Exec{Cmd: sh("touch /etc/labrun-was-here")})
	kept, why, err = third.Release(ctx, true)
	require.NoError(t, err)
	require.True(t, kept, why)
	fourth, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = fourth.Close(ctx) })
	assert.NotEqual(t, first.ID(), fourth.ID())
	assert.Contains(t, said.String(), "/etc/labrun-was-here; starting a fresh one")

	// --fresh takes none kept warm.
	kept, _, err = fourth.Release(ctx, true)
	require.NoError(t, err)
	require.True(t, kept)
	freshHost := sandboxtest.ConfigHost(t, sandbox.Config{Fresh: true, Pool: t.Name()})
	fifth, err := freshHost.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = fifth.Close(ctx) })
	assert.NotEqual(t, fourth.ID(), fifth.ID())
}

// A sandbox kept warm stops itself once its idle time is up; the next
// lab then starts a fresh one, and the stopped one is removed.
func TestWarmSandboxStopsWhenIdle(t *testing.T) {
	h := sandboxtest.ConfigHost(t, sandbox.Config{Idle: 2 * time.Second, Pool: t.Name()})
	ctx := context.Background()
	sb, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close(ctx) })
	kept, why, err := sb.Release(ctx, true)
	require.NoError(t, err)
	require.True(t, kept, why)
	cli, _ := sandboxtest.Client(t)
	require.Eventually(t, func() bool {
		insp, err := cli.ContainerInspect(ctx, sb.ID(), client.ContainerInspectOptions{})
		return err == nil && insp.Container.State != nil && !insp.Container.State.Running
	}, 30*time.Second, 250*time.Millisecond, "the idle sandbox stopped")
	next, err := h.Start(ctx, sandbox.Online)
	require.NoError(t, err)
	t.Cleanup(func() { _ = next.Close(ctx) })
	assert.NotEqual(t, sb.ID(), next.ID())
	_, err = cli.ContainerInspect(ctx, sb.ID(), client.ContainerInspectOptions{})
	assert.Error(t, err, "the stopped sandbox was removed")
}
