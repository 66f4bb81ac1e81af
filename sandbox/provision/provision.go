// Package provision builds the images labrun's sandboxes run, through the
// user's Docker daemon, from recipes embedded in the binary: a Dockerfile
// and its files, from a Debian base image. An image is labelled with its
// recipe's hash: one built by the same recipe is reused, one built by
// another (or by none: an image labrun did not make) is rebuilt or kept as
// the caller says.
package provision

import (
	"archive/tar"
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/containerd/errdefs"
	"github.com/moby/moby/api/pkg/stdcopy"
	"github.com/moby/moby/api/types/build"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/client"
)

// RecipeLabel is the label that holds the hash of the recipe an image was
// built by.
const RecipeLabel = "org.labrun.recipe"

// Recipe is how to build one image.
type Recipe struct {
	Image string // the image it makes: labrun/sandbox:28
	Base  string // the image its Dockerfile starts FROM: debian:sid
	Files fs.FS  // the build context: a Dockerfile and the files it copies
	// Dockerfile is the Dockerfile's name in Files, when it is not
	// "Dockerfile".
	Dockerfile string
	Args       map[string]string // the Dockerfile's build arguments
	// Sources are build arguments that say where to fetch from (the Go
	// module proxy), not what is built: they are not part of the hash.
	Sources map[string]string
	// HostFiles are added to the build context from the host, not the
	// recipe (the host's CA certificates): not part of the hash.
	HostFiles map[string][]byte
	// Aliases are other names of the image (busybox:1.36 of
	// busybox:latest), given when it is built and when they are missing.
	Aliases []string
	// Labels are put on the image besides the recipe's hash.
	Labels map[string]string
	// Describe says, for people, what is built: "engine 28 from Debian
	// sid's Docker packages".
	Describe string
	// Inspect, when set, runs in a container of the image once it is
	// built, and its KEY=VALUE lines become labels of the image (what the
	// packages installed turned out to be).
	Inspect []string
}

// Hash is the recipe's digest: its files, its build arguments and its
// labels. A change to any of them makes another image.
func (r Recipe) Hash() (string, error) {
	files, err := filesOf(r.Files)
	if err != nil {
		return "", fmt.Errorf("recipe of %s: %w", r.Image, err)
	}
	h := sha256.New()
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	slices.Sort(names)
	for _, p := range names {
		fmt.Fprintf(h, "file %s %d\n", p, len(files[p]))
		h.Write(files[p])
	}
	for _, m := range []map[string]string{r.Args, r.Labels} {
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(h, "%s=%s\n", k, m[k])
		}
	}
	fmt.Fprintf(h, "inspect %q\ndockerfile %q\n", r.Inspect, r.Dockerfile)
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// State is what the daemon has of a recipe's image.
type State int

const (
	Missing  State = iota // no image of that name
	Current               // built by this recipe
	Outdated              // built by an earlier recipe of labrun's
	Foreign               // an image labrun did not build (pulled from a registry, say)
)

// Check says what the daemon has of r's image.
func Check(ctx context.Context, cli *client.Client, r Recipe) (State, error) {
	hash, err := r.Hash()
	if err != nil {
		return Missing, err
	}
	insp, err := cli.ImageInspect(ctx, r.Image)
	switch {
	case errdefs.IsNotFound(err):
		return Missing, nil
	case err != nil:
		return Missing, fmt.Errorf("inspect %s: %w", r.Image, err)
	}
	have := ""
	if insp.Config != nil {
		have = insp.Config.Labels[RecipeLabel]
	}
	switch have {
	case hash:
		return Current, nil
	case "":
		return Foreign, nil
	}
	return Outdated, nil
}

// stillEvery is how often a build says it is still at a step that prints
// nothing (a package download, a Go build).
const stillEvery = 30 * time.Second

// Progress hears how a build goes, one line at a time.
type Progress func(line string)

// Build builds r's image through the daemon, saying each step to
// progress; fresh builds every step anew (for newer packages) instead of
// reusing the daemon's cache of a step built before. A build that fails
// says which step, and leaves whatever image had the name before.
func Build(ctx context.Context, cli *client.Client, r Recipe, fresh bool, progress Progress) error {
	if progress == nil {
		progress = func(string) {}
	}
	hash, err := r.Hash()
	if err != nil {
		return err
	}
	files, err := filesOf(r.Files)
	if err != nil {
		return fmt.Errorf("recipe of %s: %w", r.Image, err)
	}
	for p, data := range r.HostFiles {
		files[p] = data
	}
	buildContext, err := tarOf(files)
	if err != nil {
		return fmt.Errorf("recipe of %s: %w", r.Image, err)
	}
	args := map[string]*string{}
	for _, m := range []map[string]string{r.Sources, r.Args} {
		for k, v := range m {
			args[k] = &v
		}
	}
	labels := map[string]string{RecipeLabel: hash}
	for k, v := range r.Labels {
		labels[k] = v
	}
	// Built under a name of its own, then labelled in one step: the
	// daemon would give each label of the options a step of its own, and
	// each step commits the whole image.
	tag := r.Image + "-unlabelled"
	old := ""
	if insp, err := cli.ImageInspect(ctx, r.Image); err == nil && insp.Config != nil && insp.Config.Labels[RecipeLabel] != "" {
		old = insp.ID // labrun's, by an earlier recipe: replaced below
	}
	start := time.Now()
	progress(fmt.Sprintf("building %s: %s (once per machine; a few minutes)", r.Image, r.Describe))
	if _, err := cli.ImageInspect(ctx, r.Base); err != nil {
		progress(fmt.Sprintf("%s: pulling %s, which is not on this host", r.Image, r.Base))
	}
	res, err := cli.ImageBuild(ctx, buildContext, client.ImageBuildOptions{
		Tags: []string{tag}, BuildArgs: args, Remove: true, ForceRemove: true, NoCache: fresh, Dockerfile: r.Dockerfile, Version: build.BuilderV1,
	})
	if err != nil {
		return fmt.Errorf("build %s: %w", r.Image, err)
	}
	steps, done := make(chan string), make(chan struct{})
	go func() { // says each step, and every stillEvery that it goes on
		defer close(done)
		tick := time.NewTicker(stillEvery)
		defer tick.Stop()
		current := ""
		for {
			select {
			case s, ok := <-steps:
				if !ok {
					return
				}
				current = s
				tick.Reset(stillEvery)
				progress(fmt.Sprintf("%s: %s (%s)", r.Image, s, time.Since(start).Round(time.Second)))
			case <-tick.C:
				progress(fmt.Sprintf("%s: still at %s (%s)", r.Image, current, time.Since(start).Round(time.Second)))
			}
		}
	}()
	stages, err := follow(res.Body, func(step string) { steps <- step })
	close(steps)
	<-done
	res.Body.Close()
	defer dropStages(context.WithoutCancel(ctx), cli, stages)
	if err != nil {
		if _, ierr := cli.ImageInspect(ctx, r.Base); ierr != nil {
			return fmt.Errorf("build %s: %s is not on this host and could not be pulled (where no registry answers, labrun's source tree makes it offline with `make images`): %w", r.Image, r.Base, err)
		}
		return fmt.Errorf("build %s: %w", r.Image, err)
	}
	if err := relabel(ctx, cli, tag, r.Image, r.Inspect, labels); err != nil {
		_, _ = cli.ImageRemove(context.WithoutCancel(ctx), tag, client.ImageRemoveOptions{})
		return fmt.Errorf("build %s: %w", r.Image, err)
	}
	if err := Alias(ctx, cli, r); err != nil {
		return fmt.Errorf("build %s: %w", r.Image, err)
	}
	if old != "" {
		// the image it replaced, now without a name; kept while a
		// container still uses it
		_, _ = cli.ImageRemove(ctx, old, client.ImageRemoveOptions{PruneChildren: true})
	}
	progress(fmt.Sprintf("built %s in %s", r.Image, time.Since(start).Round(time.Second)))
	return nil
}

// Alias gives r's image its other names, each unless an image labrun did
// not build has it.
func Alias(ctx context.Context, cli *client.Client, r Recipe) error {
	for _, alias := range r.Aliases {
		insp, err := cli.ImageInspect(ctx, alias)
		if err == nil && (insp.Config == nil || insp.Config.Labels[RecipeLabel] == "") {
			continue // the user's
		}
		if _, err := cli.ImageTag(ctx, client.ImageTagOptions{Source: r.Image, Target: alias}); err != nil {
			return err
		}
	}
	return nil
}

// dropStages removes the images a build left without a name (a
// multi-stage build's earlier stages, a failed build's last step): each
// only while it has none, so that a base image a stage is no more than
// stays, and only with what no other image is made from.
func dropStages(ctx context.Context, cli *client.Client, ids []string) {
	for _, id := range ids {
		insp, err := cli.ImageInspect(ctx, id)
		if err != nil || len(insp.RepoTags) > 0 {
			continue
		}
		_, _ = cli.ImageRemove(ctx, id, client.ImageRemoveOptions{PruneChildren: true})
	}
}

// buildMessage is one message of the daemon's build stream.
type buildMessage struct {
	Stream      string `json:"stream"`
	Error       string `json:"error"`
	ErrorDetail *struct {
		Message string `json:"message"`
	} `json:"errorDetail"`
}

// stepRE finds the classic builder saying which step it starts.
var stepRE = regexp.MustCompile(`^Step (\d+/\d+) : (.*)$`)

// colourRE finds the colour codes the classic builder wraps a step's
// stderr in.
var colourRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// imageRE finds the classic builder saying which image a step made.
var imageRE = regexp.MustCompile(`^---> ([0-9a-f]{12,64})$`)

// follow reads a build's stream, calling step as each step starts. It
// returns the images the build leaves without a name (the last image
// before each later FROM, and where it fails the last it made), and the
// build's error, naming the step it failed at and the last lines it
// printed.
func follow(r io.Reader, step func(string)) (stages []string, err error) {
	dec := json.NewDecoder(bufio.NewReader(r))
	current, last := "", ""
	var tail []string
	for {
		var m buildMessage
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return stages, nil
			}
			return stages, fmt.Errorf("read the build's output: %w", err)
		}
		if m.Error != "" {
			msg := m.Error
			if current != "" {
				msg = fmt.Sprintf("step %s failed: %s", current, m.Error)
			}
			if len(tail) > 0 {
				msg += "\n" + strings.Join(tail, "\n")
			}
			if last != "" {
				stages = append(stages, last) // the steps that were made
			}
			return stages, errors.New(msg)
		}
		for _, line := range strings.Split(strings.TrimRight(m.Stream, "\n"), "\n") {
			if id := imageRE.FindStringSubmatch(strings.TrimSpace(line)); id != nil {
				last = id[1]
				continue
			}
			if s := stepRE.FindStringSubmatch(strings.TrimSpace(line)); s != nil {
				if last != "" && strings.HasPrefix(strings.ToUpper(s[2]), "FROM ") {
					stages = append(stages, last)
				}
				current = s[1] + " (" + clip(s[2], 60) + ")"
				step("step " + s[1] + ": " + clip(s[2], 60))
				continue
			}
			if line = colourRE.ReplaceAllString(line, ""); strings.TrimSpace(line) != "" {
				tail = append(tail, line)
				if len(tail) > 10 {
					tail = tail[1:]
				}
			}
		}
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// filesOf reads every file of fsys, by its path.
func filesOf(fsys fs.FS) (map[string][]byte, error) {
	out := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		out[p], err = fs.ReadFile(fsys, p)
		return err
	})
	return out, err
}

// tarOf packs files, by path, as a build context.
func tarOf(files map[string][]byte) (io.Reader, error) {
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	slices.Sort(names)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, p := range names {
		mode := int64(0o644)
		if path.Ext(p) == ".sh" {
			mode = 0o755
		}
		if err := tw.WriteHeader(&tar.Header{Name: p, Mode: mode, Size: int64(len(files[p])), ModTime: time.Unix(0, 0)}); err != nil {
			return nil, err
		}
		if _, err := tw.Write(files[p]); err != nil {
			return nil, err
		}
	}
	return &buf, tw.Close()
}

// labelLineRE matches one KEY=VALUE line an inspect command prints.
var labelLineRE = regexp.MustCompile(`^(org\.labrun\.[\w.-]+)=(\S+)$`)

// relabel makes the image named to from the one built as from, with
// labels and, when inspect is set, the KEY=VALUE lines it prints in a
// container of from; from's name is then removed.
func relabel(ctx context.Context, cli *client.Client, from, to string, inspect []string, labels map[string]string) error {
	out := ""
	if len(inspect) > 0 {
		var err error
		if out, err = runOnce(ctx, cli, from, inspect); err != nil {
			return err
		}
	}
	all := map[string]string{}
	for k, v := range labels {
		all[k] = v
	}
	for _, line := range strings.Split(out, "\n") {
		if m := labelLineRE.FindStringSubmatch(strings.TrimSpace(line)); m != nil {
			all[m[1]] = m[2]
		}
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var df strings.Builder
	fmt.Fprintf(&df, "FROM %s\nLABEL", from)
	for _, k := range keys {
		fmt.Fprintf(&df, " %s=%q", k, all[k])
	}
	df.WriteString("\n")
	ctxTar, err := tarOf(map[string][]byte{"Dockerfile": []byte(df.String())})
	if err != nil {
		return err
	}
	res, err := cli.ImageBuild(ctx, ctxTar, client.ImageBuildOptions{Tags: []string{to}, Remove: true, ForceRemove: true, Version: build.BuilderV1})
	if err != nil {
		return err
	}
	_, err = follow(res.Body, func(string) {})
	res.Body.Close()
	if err != nil {
		return err
	}
	// the unlabelled name only: its layers are the labelled image's
	_, err = cli.ImageRemove(ctx, from, client.ImageRemoveOptions{})
	return err
}

// runOnce runs cmd in a container of image, with no network, and returns
// what it printed; the container is removed however it ends.
func runOnce(ctx context.Context, cli *client.Client, image string, cmd []string) (string, error) {
	created, err := cli.ContainerCreate(ctx, client.ContainerCreateOptions{
		Config:     &container.Config{Image: image, Entrypoint: cmd, Labels: map[string]string{"org.labrun.provision": image}},
		HostConfig: &container.HostConfig{NetworkMode: "none"},
	})
	if err != nil {
		return "", fmt.Errorf("inspect what %s holds: %w", image, err)
	}
	defer func() {
		_, _ = cli.ContainerRemove(context.WithoutCancel(ctx), created.ID, client.ContainerRemoveOptions{Force: true})
	}()
	if _, err := cli.ContainerStart(ctx, created.ID, client.ContainerStartOptions{}); err != nil {
		return "", fmt.Errorf("inspect what %s holds: %w", image, err)
	}
	wait := cli.ContainerWait(ctx, created.ID, client.ContainerWaitOptions{})
	select {
	case err := <-wait.Error:
		return "", fmt.Errorf("inspect what %s holds: %w", image, err)
	case res := <-wait.Result:
		logs, err := cli.ContainerLogs(ctx, created.ID, client.ContainerLogsOptions{ShowStdout: true, ShowStderr: true})
		if err != nil {
			return "", fmt.Errorf("inspect what %s holds: %w", image, err)
		}
		defer logs.Close()
		var out bytes.Buffer
		if _, err := stdcopy.StdCopy(&out, &out, logs); err != nil {
			return "", fmt.Errorf("inspect what %s holds: %w", image, err)
		}
		if res.StatusCode != 0 {
			return "", fmt.Errorf("inspect what %s holds: exit %d: %s", image, res.StatusCode, strings.TrimSpace(out.String()))
		}
		return out.String(), nil
	}
}
