package provision

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/moby/moby/client"

	"github.com/labrun/labrun/sandbox/sandboxtest"
)

func recipe(image, dockerfile string) Recipe {
	return Recipe{
		Image: image, Base: "busybox:1.36",
		Files:    fstest.MapFS{"Dockerfile": {Data: []byte(dockerfile)}, "greet.sh": {Data: []byte("#!/bin/sh\necho hi\n")}},
		Args:     map[string]string{"WHO": "labrun"},
		Labels:   map[string]string{"org.labrun.image": "provision-test"},
		Describe: "a test recipe",
		Inspect:  []string{"sh", "-c", "echo org.labrun.test.greeting=$(cat /greeting)"},
	}
}

const testDockerfile = "FROM busybox:1.36\nARG WHO\nCOPY greet.sh /greet.sh\nRUN echo \"hello $WHO\" | tr ' ' '-' >/greeting\n"

// The hash changes with every part of the recipe, and only with it.
func TestHash(t *testing.T) {
	base := recipe("x", testDockerfile)
	h, err := base.Hash()
	require.NoError(t, err)
	again, _ := recipe("x", testDockerfile).Hash()
	assert.Equal(t, h, again)
	for name, r := range map[string]Recipe{
		"a file": recipe("x", testDockerfile+"RUN true\n"),
		"a label": func() Recipe {
			r := recipe("x", testDockerfile)
			r.Labels = map[string]string{"org.labrun.image": "other"}
			return r
		}(),
		"an arg":     func() Recipe { r := recipe("x", testDockerfile); r.Args = map[string]string{"WHO": "you"}; return r }(),
		"an inspect": func() Recipe { r := recipe("x", testDockerfile); r.Inspect = nil; return r }(),
	} {
		other, err := r.Hash()
		require.NoError(t, err)
		assert.NotEqual(t, h, other, name)
	}
}

// A build that fails says at which step, with the last lines it printed.
func TestFollowNamesTheFailingStep(t *testing.T) {
	stream := `{"stream":"Step 1/3 : FROM debian:sid\n"}` + `{"stream":" ---\u003e 1a2b\n"}` +
		`{"stream":"Step 2/3 : RUN apt-get install -y docker.io\n"}` + `{"stream":"E: Unable to locate package docker.io\n"}` +
		`{"errorDetail":{"message":"returned a non-zero code: 100"},"error":"The command '/bin/sh -c apt-get install -y docker.io' returned a non-zero code: 100"}`
	var steps []string
	_, err := follow(strings.NewReader(stream), func(s string) { steps = append(steps, s) })
	require.Error(t, err)
	assert.Equal(t, []string{"step 1/3: FROM debian:sid", "step 2/3: RUN apt-get install -y docker.io"}, steps)
	assert.Contains(t, err.Error(), "step 2/3 (RUN apt-get install -y docker.io) failed: The command")
	assert.Contains(t, err.Error(), "E: Unable to locate package docker.io")
}

// A recipe builds through the daemon into an image labelled with its
// hash and with what its inspect found; the same recipe then finds it
// current, another one outdated, and an image of that name labrun did not
// build is foreign. The host's daemon comes out as it went in.
func TestBuildThroughTheDaemon(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	ctx := context.Background()
	before := sandboxtest.HostState(t, cli)
	image := "labrun-provision-test:" + strings.ToLower(t.Name())
	t.Cleanup(func() {
		_, _ = cli.ImageRemove(context.Background(), image, client.ImageRemoveOptions{Force: true, PruneChildren: true})
		assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
	})
	r := recipe(image, testDockerfile)

	state, err := Check(ctx, cli, r)
	require.NoError(t, err)
	assert.Equal(t, Missing, state)

	var said []string
	require.NoError(t, Build(ctx, cli, r, false, func(l string) { said = append(said, l) }))
	assert.Contains(t, strings.Join(said, "\n"), "step 4/4: RUN echo")
	insp, err := cli.ImageInspect(ctx, image)
	require.NoError(t, err)
	hash, _ := r.Hash()
	assert.Equal(t, hash, insp.Config.Labels[RecipeLabel])
	assert.Equal(t, "hello-labrun", insp.Config.Labels["org.labrun.test.greeting"], "what the inspect found")
	assert.Equal(t, "provision-test", insp.Config.Labels["org.labrun.image"])
	_, err = cli.ImageInspect(ctx, image+"-unlabelled")
	assert.Error(t, err, "the unlabelled step's name is gone")

	state, err = Check(ctx, cli, r)
	require.NoError(t, err)
	assert.Equal(t, Current, state, "the same recipe reuses it")
	r.Args = map[string]string{"WHO": "you"}
	state, err = Check(ctx, cli, r)
	require.NoError(t, err)
	assert.Equal(t, Outdated, state, "another recipe rebuilds it")

	// a failed build leaves the image that was there
	broken := recipe(image, "FROM busybox:1.36\nRUN exit 3\n")
	err = Build(ctx, cli, broken, false, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "step 2/2 (RUN exit 3) failed")
	insp, err = cli.ImageInspect(ctx, image)
	require.NoError(t, err)
	assert.Equal(t, hash, insp.Config.Labels[RecipeLabel])

	_, err = cli.ImageRemove(ctx, image, client.ImageRemoveOptions{Force: true, PruneChildren: true})
	require.NoError(t, err)
	_, err = cli.ImageTag(ctx, client.ImageTagOptions{Source: "debian:12", Target: image})
	require.NoError(t, err)
	state, err = Check(ctx, cli, r)
	require.NoError(t, err)
	assert.Equal(t, Foreign, state, "an image labrun did not build is the user's")
}

// A multi-stage recipe leaves no image of its earlier stages, and its
// image gets its other names; an alias labrun did not make stays the
// user's.
func TestMultiStageRecipe(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	ctx := context.Background()
	before := sandboxtest.HostState(t, cli)
	image := "labrun-provision-test:stages"
	alias, users := "labrun-provision-test:stages-alias", "labrun-provision-test:stages-users"
	t.Cleanup(func() {
		for _, name := range []string{alias, users, image} {
			_, _ = cli.ImageRemove(context.Background(), name, client.ImageRemoveOptions{Force: true, PruneChildren: true})
		}
		assert.Equal(t, before, sandboxtest.HostState(t, cli), "no stage's image is left behind")
	})
	_, err := cli.ImageTag(ctx, client.ImageTagOptions{Source: "debian:12", Target: users}) // no recipe label
	require.NoError(t, err)
	r := recipe(image, "FROM busybox:1.36 AS build\nRUN mkdir /out && echo built >/out/greeting\n"+
		"FROM busybox:1.36\nCOPY --from=build /out/greeting /greeting\n")
	r.Aliases = []string{alias, users}
	r.Inspect = nil
	require.NoError(t, Build(ctx, cli, r, true, nil))

	insp, err := cli.ImageInspect(ctx, alias)
	require.NoError(t, err)
	built, err := cli.ImageInspect(ctx, image)
	require.NoError(t, err)
	assert.Equal(t, built.ID, insp.ID, "the alias names the image built")
	insp, err = cli.ImageInspect(ctx, users)
	require.NoError(t, err)
	assert.NotEqual(t, built.ID, insp.ID, "an alias labrun did not make is kept")
}

// The stream of a multi-stage build gives the image each earlier stage
// ended with, and a failed one the last image it made.
func TestFollowFindsStageImages(t *testing.T) {
	stream := `{"stream":"Step 1/4 : FROM busybox AS build\n"}{"stream":" ---\u003e 1a2b3c4d5e6f\n"}` +
		`{"stream":"Step 2/4 : RUN make\n"}{"stream":" ---\u003e Running in 99aa\n"}{"stream":" ---\u003e 2b3c4d5e6f70\n"}` +
		`{"stream":"Step 3/4 : FROM scratch\n"}{"stream":" ---\u003e \n"}` +
		`{"stream":"Step 4/4 : COPY --from=build /out /\n"}{"stream":" ---\u003e 3c4d5e6f7081\n"}`
	stages, err := follow(strings.NewReader(stream), func(string) {})
	require.NoError(t, err)
	assert.Equal(t, []string{"2b3c4d5e6f70"}, stages)

	failed := `{"stream":"Step 1/2 : FROM busybox\n"}{"stream":" ---\u003e 1a2b3c4d5e6f\n"}` +
		`{"stream":"Step 2/2 : COPY x /x\n"}{"stream":" ---\u003e 2b3c4d5e6f70\n"}{"error":"boom"}`
	stages, err = follow(strings.NewReader(failed), func(string) {})
	require.Error(t, err)
	assert.Equal(t, []string{"2b3c4d5e6f70"}, stages)
}
