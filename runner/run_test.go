package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/labrun/labrun/cache"
	"github.com/labrun/labrun/engine"
	"github.com/labrun/labrun/extract"
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/runner"
	"github.com/labrun/labrun/runner/interp"
	"github.com/labrun/labrun/sandbox"
	"github.com/labrun/labrun/sandbox/sandboxtest"
	"github.com/labrun/labrun/verdict"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func loadNote(t *testing.T, path string) []labs.Lab {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return labs.Group(extract.Snippets(path, b))
}

// seen is the part of a result the test checks.
type seen struct {
	Line   int
	Status verdict.Status
	Reason verdict.Reason
}

// messages are a report's messages by the line of their step.
func messages(rep result.Report) map[int]string {
	msgs := map[int]string{}
	for _, r := range rep.Results {
		msgs[r.Step.Line] = r.Message
	}
	return msgs
}

// runNote runs labs on the default engine and checks that the host daemon
// comes out as it went in. It returns the report and what each step got.
func runNote(t *testing.T, all []labs.Lab) (result.Report, []seen) {
	t.Helper()
	cli, _ := sandboxtest.Client(t)
	host := runner.OnHost(sandboxtest.Host(t))
	before := sandboxtest.HostState(t, cli)
	rep, err := runner.Run(context.Background(), []runner.EngineHost{host}, all, runner.Config{})
	require.NoError(t, err)
	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
	var got []seen
	for _, r := range rep.Results {
		got = append(got, seen{r.Step.Line, r.Status, r.Reason})
	}
	return rep, got
}

// TestTutorialSectionsChain: a tutorial's sections go on from each other,
// so they run as one lab, and a step that fails only because an earlier
// step could not make what it uses is blocked, naming that step's line.
func TestTutorialSectionsChain(t *testing.T) {
	all := loadNote(t, "../testdata/notes/tutorial.md")
	var ids []string
	for _, l := range all {
		ids = append(ids, l.ID)
	}
	// each section uses what the one before made; the cache, the box and
	// the typo's section use nothing of the others'
	assert.Equal(t, []string{"write-the-dockerfile", "add-a-cache-next-to-it", "open-a-shell-in-a-fresh-box", "a-typo-stays-a-typo"}, ids)
	require.Len(t, all[0].Steps, 6, "the Dockerfile, its build, the server, its checks and the clean-up")

	rep, got := runNote(t, all)
	msgs := messages(rep)
	assert.Equal(t, []seen{
		{8, verdict.Skip, "prose"},
		{11, verdict.Pass, ""},
		{19, verdict.Pass, ""},
		{25, verdict.Pass, ""},
		{31, verdict.Pass, ""},
		{68, verdict.Pass, ""},
		{38, verdict.Blocked, verdict.ReasonImageUnavailable},
		{44, verdict.Blocked, verdict.ReasonDepends},
		{50, verdict.Skip, "interactive"},
		{56, verdict.Blocked, verdict.ReasonDepends},
		{62, verdict.Fail, verdict.ReasonExitCode}, // nothing made helo: the note's own mistake
	}, got)
	assert.Contains(t, msgs[44], "uses container cache, which line 38 was to make, but that step could not run here")
	assert.Contains(t, msgs[56], "uses container box, which line 50 was to make, but that step was not run (interactive")
}

// TestOutputInShellBlocks: what a command printed, shown without prompts
// in a shell block (a build's progress, a table, an elision, a program's
// words), is that command's output, never a command of its own; and a
// Dockerfile whose COPY source the build's own block makes first is built
// by that block.
func TestOutputInShellBlocks(t *testing.T) {
	_, got := runNote(t, loadNote(t, "../testdata/notes/output-in-shell.md"))
	assert.Equal(t, []seen{
		{9, verdict.Pass, ""}, {15, verdict.Pass, ""}, {27, verdict.Skip, "output"}, {43, verdict.Pass, ""},
		{48, verdict.Pass, ""}, {54, verdict.Pass, ""}, {59, verdict.Pass, ""},
	}, got)
}

// TestAuthorValuesAndFragments: an ID the note's own output shows is
// replaced by the lab's; one the note never shows makes its command a
// placeholder; Dockerfile lines with no FROM are a fragment, not a failure.
func TestAuthorValuesAndFragments(t *testing.T) {
	rep, got := runNote(t, append(loadNote(t, "../testdata/notes/author-values.md"), loadNote(t, "../testdata/notes/dockerfile-fragments.md")...))
	msgs := messages(rep)
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""}, {21, verdict.Skip, "placeholder"}, {27, verdict.Skip, "placeholder"},
		{9, verdict.Skip, "fragment"}, {16, verdict.Skip, "placeholder"}, {23, verdict.Skip, "placeholder"},
	}, got)
	assert.Contains(t, msgs[8], "for the note's 4f1c2b9e7d3a (printed at line 8)")
}

// TestAnotherHostIsBlocked: what the note runs after `ssh HOST`, until its
// exit, runs on a host the lab does not have, and is blocked; what follows
// runs on the lab's own host again.
func TestSSHRunsOnTheHost(t *testing.T) {
	all := loadNote(t, "../testdata/notes/other-host.md")
	require.Len(t, all, 1, "every section uses the network the first makes")
	rep, got := runNote(t, all)
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""}, {14, verdict.Pass, ""}, {22, verdict.Pass, ""},
		{30, verdict.Pass, ""}, {34, verdict.Pass, ""},
		{38, verdict.Pass, ""}, {44, verdict.Pass, ""},
	}, got)
	assert.Equal(t, "worker1", rep.Results[1].Host, "ssh worker1 and what follows, to its exit")
	assert.Equal(t, "on node2: exit 0", rep.Results[4].Message, "the commands of an ssh session run on its host")
}

func TestRunVerdicts(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/verdicts.md"))
	assert.Equal(t, []seen{
		{9, verdict.Pass, ""},
		{12, verdict.Pass, ""},
		{14, verdict.Fail, verdict.ReasonUnknownFlag},
		{17, verdict.Pass, verdict.ReasonLongRunning},
		{21, verdict.Pass, verdict.ReasonExpectedFailure},
		{24, verdict.Pass, ""},
		{27, verdict.Pass, ""},
		{31, verdict.Pass, verdict.ReasonNoMatch},
		{36, verdict.Pass, ""},
		{42, verdict.Pass, ""},
		{47, verdict.Blocked, verdict.ReasonNeedsFile}, // COPY missing-dir/: the note never makes it
		{52, verdict.Blocked, verdict.ReasonDepends},   // its build, of that Dockerfile
		{57, verdict.Fail, verdict.ReasonBuildFailed},
		{62, verdict.Blocked, verdict.ReasonImageUnavailable},
		{70, verdict.Pass, verdict.ReasonExpectedFailure},
		{76, verdict.Pass, ""},
	}, got)

	byLine := map[int]result.Result{}
	for _, r := range rep.Results {
		byLine[r.Step.Line] = r
	}
	assert.Contains(t, byLine[14].Hint, "docker service create/update --detach=false")
	assert.Contains(t, byLine[42].Output, "built")
	assert.Contains(t, byLine[47].Message, "copies missing-dir/, which the note never makes")
	assert.Contains(t, byLine[52].Message, "which line 47 was to make")
	assert.Equal(t, 52, byLine[52].Line, "the failing command of a block is named")
	assert.Contains(t, byLine[57].Message, "verdicts.md:58: step 2 (RUN exit 3) failed")
	assert.Contains(t, byLine[62].Message, "labrun-test/never-built:1")
	require.Len(t, rep.Engines, 1)
	assert.NotEmpty(t, rep.Engines[0].Sandbox)
	assert.Equal(t, engine.Default, rep.Engines[0].Name)
}

func TestRunFiles(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/files.md"))
	byLine := map[int]result.Result{}
	for _, r := range rep.Results {
		byLine[r.Step.Line] = r
	}
	assert.Equal(t, []seen{
		{9, verdict.Pass, ""},                         // ARG before FROM, multi-stage to scratch
		{19, verdict.Pass, ""},                        // it runs, and is smaller than its build stage
		{25, verdict.Fail, verdict.ReasonMissingFile}, // COPY --from a stage that lacks the file
		{31, verdict.Fail, verdict.ReasonBuildFailed}, // ARG with no default, used in FROM
		{36, verdict.Pass, ""},                        // MAINTAINER builds, with a hint
		{44, verdict.Skip, "annotated"},               // .dockerignore, written to the lab
		{48, verdict.Skip, "annotated"},               // secret.txt, written to the lab
		{52, verdict.Pass, ""},                        // .dockerignore keeps secret.txt out
		{58, verdict.Fail, verdict.ReasonMissingFile}, // COPY of an ignored file
		{65, verdict.Pass, ""},                        // compose with long port syntax: up, running, down
		{76, verdict.Pass, ""},                        // an overlay: valid
		{83, verdict.Pass, ""},                        // two -f files
		{88, verdict.Fail, verdict.ReasonDeprecated},  // docker-compose v1, gone from today's engine
		{91, verdict.Fail, verdict.ReasonSyntax},      // compose-go rejects the port
		{101, verdict.Pass, ""},                       // CLONE_NEWUTS sets the hostname
		{127, verdict.Pass, ""},                       // imports completed as a reader would
		{133, verdict.Fail, verdict.ReasonCompileError},
	}, got)
	assert.Contains(t, byLine[25].Message, "files.md:27: step")
	assert.Contains(t, byLine[31].Message, `files.md:32: failed to parse stage name "busybox:"`, "BuildKit names the line")
	assert.Contains(t, byLine[36].Hint, "files.md:37: Maintainer instruction is deprecated")
	assert.Contains(t, byLine[65].Message, "up and running with `docker compose`", "Compose v2, the plugin")
	assert.Contains(t, byLine[88].Hint, "-f compose.yaml -f compose.debug.yaml")
	assert.Contains(t, byLine[91].Message, "files.md:91: ")
	assert.Contains(t, byLine[101].Output, "hostname: container")
	assert.Contains(t, byLine[133].Message, "files.md:134:2: ")
	assert.Contains(t, byLine[133].Message, "files.md:135:")
}

// countingHost counts the sandboxes it starts.
type countingHost struct {
	runner.EngineHost
	mu     sync.Mutex
	starts int
}

func (c *countingHost) Start(ctx context.Context, reach sandbox.Network) (runner.Started, error) {
	c.mu.Lock()
	c.starts++
	c.mu.Unlock()
	return c.EngineHost.Start(ctx, reach)
}

// mapCache is a Cache in memory.
type mapCache map[string][]result.Result

func (m mapCache) Get(key string) ([]result.Result, bool) { rs, ok := m[key]; return rs, ok }
func (m mapCache) Put(key string, rs []result.Result) error {
	m[key] = append([]result.Result(nil), rs...)
	return nil
}

func TestRunJobsAndCache(t *testing.T) {
	host := &countingHost{EngineHost: runner.OnHost(sandboxtest.Host(t))}
	all := append(loadNote(t, "../testdata/notes/deck.md"), loadNote(t, "../testdata/notes/session.md")...)
	statuses := func(rep result.Report) []string {
		var out []string
		for _, r := range rep.Results {
			out = append(out, fmt.Sprintf("%s %d %s %s", r.LabID, r.Step.Line, r.Status, r.Reason))
		}
		return out
	}
	ctx := context.Background()
	serial, err := runner.Run(ctx, []runner.EngineHost{host}, all, runner.Config{Jobs: 1})
	require.NoError(t, err)
	c := mapCache{}
	timingsFile := filepath.Join(t.TempDir(), "timings.json")
	timings := cache.LoadTimings(timingsFile)
	parallel, err := runner.Run(ctx, []runner.EngineHost{host}, all, runner.Config{Jobs: 3, Cache: c, CacheSalt: "test", Timings: timings})
	require.NoError(t, err)
	assert.Equal(t, statuses(serial), statuses(parallel), "labs in parallel give the same results, in the same order")
	started := host.starts
	require.NoError(t, timings.Save())
	timings = cache.LoadTimings(timingsFile)
	for _, lab := range all {
		d, ok := timings.Took(lab.ID)
		assert.Equal(t, labHasRunnable(all, lab.ID), ok, "%s: timed when it ran", lab.ID)
		if ok {
			assert.Positive(t, d, "%s: a lab that ran took some time", lab.ID)
		}
	}

	cached, err := runner.Run(ctx, []runner.EngineHost{host}, all, runner.Config{Jobs: 3, Cache: c, CacheSalt: "test"})
	require.NoError(t, err)
	assert.Equal(t, statuses(serial), statuses(cached))
	assert.Equal(t, started, host.starts, "an unchanged lab starts no sandbox")
	for _, r := range cached.Results {
		// A lab with nothing to run is judged afresh, without a sandbox.
		assert.Equal(t, labHasRunnable(all, r.LabID), r.Cached, "%s:%d: from the cache exactly when its lab runs", r.Step.File, r.Step.Line)
	}

	_, err = runner.Run(ctx, []runner.EngineHost{host}, all, runner.Config{Jobs: 3, Cache: c, CacheSalt: "another engine"})
	require.NoError(t, err)
	assert.Greater(t, host.starts, started, "a different engine or sandbox image runs the labs again")
}

func labHasRunnable(all []labs.Lab, id string) bool {
	for _, l := range all {
		if l.ID == id {
			for _, st := range l.Steps {
				if st.Runnable {
					return true
				}
			}
		}
	}
	return false
}

// TestModernCheatSheet runs a note of everyday modern Docker on the
// default engine: BuildKit heredocs, cache and secret mounts, COPY --link,
// docker build --secret, docker buildx, a compose file with a top-level
// name and a healthy depends_on, docker compose up --wait. Every snippet
// that runs passes.
func TestModernCheatSheet(t *testing.T) {
	rep, _ := runNote(t, loadNote(t, "../testdata/notes/modern.md"))
	var ran []int
	for _, r := range rep.Results {
		if r.Status != verdict.Skip {
			assert.Equal(t, verdict.Pass, r.Status, "%s:%d %s %s: %s\n%s", r.Step.File, r.Step.Line, r.Status, r.Reason, r.Message, r.Output)
			ran = append(ran, r.Step.Line)
		}
	}
	assert.Equal(t, []int{29, 46, 53, 65, 85}, ran, "the Dockerfile, the build, buildx, the compose file, compose up --wait")
	assert.Equal(t, engine.Default, rep.Results[0].Engine, "the default engine")
}

// TestTypedIntoContainerShell: what a note types into a container's
// shell runs in that container, with the shell's directory and
// variables, until its exit; a program the image lacks fails there, and
// what is typed into a shell that could not open is blocked.
func TestTypedIntoContainerShell(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/container-shell.md"))
	assert.Equal(t, []seen{
		{11, verdict.Pass, ""}, {18, verdict.Skip, "prose"},
		{23, verdict.Skip, "fragment"}, {26, verdict.Fail, verdict.ReasonExitCode},
		{37, verdict.Pass, ""}, {40, verdict.Skip, "prose"}, {44, verdict.Pass, ""}, {51, verdict.Pass, ""},
		{58, verdict.Pass, ""}, {64, verdict.Pass, ""},
		{73, verdict.Pass, ""},
		{85, verdict.Pass, ""}, {93, verdict.Skip, "prose"},
		{100, verdict.Blocked, verdict.ReasonImageUnavailable}, {106, verdict.Blocked, verdict.ReasonDepends},
	}, got)
	byLine := map[int]result.Result{}
	for _, r := range rep.Results {
		byLine[r.Step.Line] = r
	}
	assert.Contains(t, byLine[26].Message, "apk: not found (the image busybox has no such program)")
	assert.Equal(t, 27, byLine[26].Line, "the line typed into the shell is named")
	assert.Contains(t, byLine[44].Output, `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"`, "grep ran in /etc, where cd went")
	assert.Contains(t, byLine[51].Output, "hello from ", "the exported variable is set for the next line")
	assert.Contains(t, byLine[85].Output, "ID=debian", "grep ran in the Debian container")
	assert.Contains(t, byLine[106].Message, "typed into the container shell that line 100 opens, which did not open")
}

// TestDockerfileBuiltAtEnd: a Dockerfile whose COPY sources come later
// and that the note never builds is built at the end of its lab, with the
// files made by then; one whose source nothing makes still fails.
func TestDockerfileBuiltAtEnd(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/late-files.md"))
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""}, {17, verdict.Pass, ""},
		{25, verdict.Fail, verdict.ReasonMissingFile}, {33, verdict.Pass, ""},
	}, got)
	assert.Contains(t, rep.Results[0].Message, "built at the end of the lab")
	assert.Contains(t, rep.Results[2].Message, "worker.conf is not in the lab's directory, even at the end of the lab")
}

// TestCaptionedFiles: blocks that the text names as files are written
// under those names, and the lab that uses them is the one that wrote
// them; a compose service that runs to completion is not broken.
func TestCaptionedFiles(t *testing.T) {
	all := loadNote(t, "../testdata/notes/captions.md")
	require.Len(t, all, 2, "the build uses the files the first section writes")
	rep, got := runNote(t, all)
	assert.Equal(t, []seen{
		{5, verdict.Skip, "prose"}, {8, verdict.Skip, "annotated"}, {12, verdict.Skip, "prose"}, {15, verdict.Skip, "annotated"},
		{18, verdict.Skip, "prose"}, {21, verdict.Skip, "output"}, {24, verdict.Skip, "prose"}, {27, verdict.Pass, ""},
		{32, verdict.Skip, "prose"}, {35, verdict.Pass, ""}, {44, verdict.Pass, ""}, {52, verdict.Pass, ""}, {59, verdict.Pass, ""},
		{64, verdict.Skip, "prose"}, {67, verdict.Skip, "annotated"}, {73, verdict.Fail, verdict.ReasonMissingFile},
	}, got)
	for _, r := range rep.Results {
		if r.Step.Line == 44 {
			assert.Contains(t, r.Output, "Hello from the image, world", "greet.sh and message.txt were written as the text names them")
		}
	}
}

// TestProseNamesTheHost: what the prose puts on another machine ("On
// node2, paste the join command:") is blocked until it brings the reader
// back ("Back on node1"), and what runs on the lab's own host is judged.
func TestProseNamesTheHost(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/named-hosts.md"))
	assert.Equal(t, []seen{
		{11, verdict.Pass, ""},
		{21, verdict.Pass, ""}, {27, verdict.Pass, ""},
		{35, verdict.Pass, ""}, {41, verdict.Pass, ""},
		{50, verdict.Fail, verdict.ReasonUnknownFlag}, // the note's own typo, on the manager
		{58, verdict.Pass, ""},
	}, got)
	assert.Contains(t, rep.Results[1].Message, "on node2: exit 0 (ran with the lab's own worker join token and the manager's address ")
	assert.Equal(t, "node2", rep.Results[1].Host)
	assert.Equal(t, "on node1: exit 125: unknown flag --fromat", rep.Results[5].Message)
}

// TestSeveralHosts: notes of three hosts, told by prompts, over ssh and in
// prose, form a swarm across three sandboxes: the author's join token
// and addresses are replaced by the lab's own, a service spreads over the
// nodes, a node is drained and checked from that node, and one leaves; an
// overlay network joins containers on two hosts.
func TestSeveralHosts(t *testing.T) {
	var all []labs.Lab
	for name, hosts := range map[string][]string{
		"hosts-prompts": {"node1", "node2", "node3"}, "hosts-ssh": {"node1", "node2", "node3"},
		"hosts-prose": {"node1", "node2", "node3"}, "hosts-overlay": {"manager1", "worker1"},
	} {
		lab := loadNote(t, "../testdata/notes/"+name+".md")
		require.Len(t, lab, 1, name)
		require.Equal(t, hosts, lab[0].Hosts, name)
		all = append(all, lab...)
	}
	rep, _ := runNote(t, all)
	hosts, msgs := map[string]string{}, map[string]string{}
	for _, r := range rep.Results {
		if r.Status != verdict.Skip {
			assert.Equal(t, verdict.Pass, r.Status, "%s:%d %s", r.Step.File, r.Step.Line, r.Message)
		}
		at := fmt.Sprintf("%s:%d", filepath.Base(r.Step.File), r.Step.Line)
		hosts[at], msgs[at] = r.Host, r.Message
	}
	assert.Contains(t, msgs["hosts-prompts.md:76"], "for the note's r4t1w9e3q8u2y7i6o5p0a1s2d (printed at line 38)", "the author's node ID, bound to the lab's")
	assert.Contains(t, msgs["hosts-ssh.md:33"], "ran with the lab's own worker join token and the manager's address ")
	assert.Equal(t, "node3", hosts["hosts-prompts.md:31"], "ada@node3:~$")
	assert.Equal(t, "node2", hosts["hosts-prompts.md:24"], "[node2] $")
	assert.Equal(t, "node3", hosts["hosts-ssh.md:33"], "docker-machine ssh node3")
	assert.Equal(t, "node2,node3", hosts["hosts-prose.md:18"], "On node2 and node3")
	assert.Equal(t, "node1,node2,node3", hosts["hosts-prose.md:38"], "On every node")
	assert.Equal(t, "node2,node3", hosts["hosts-prose.md:44"], "On each worker")
	assert.Equal(t, "node2", hosts["hosts-prose.md:58"], "host=node2")
	assert.Equal(t, "worker1", hosts["hosts-overlay.md:29"], "[worker1] $ on the overlay network")
}

// TestSeveralHostsInterrupted: Ctrl-C in the middle of a lab of three
// hosts leaves nothing behind.
func TestSeveralHostsInterrupted(t *testing.T) {
	cli, _ := sandboxtest.Client(t)
	host := runner.OnHost(sandboxtest.Host(t))
	before := sandboxtest.HostState(t, cli)
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	cfg := runner.Config{Config: interp.Config{Progress: func(e interp.Event) {
		if e.Result != nil && e.Step.Line >= 18 {
			once.Do(cancel) // the workers have joined
		}
	}}}
	_, err := runner.Run(ctx, []runner.EngineHost{host}, loadNote(t, "../testdata/notes/hosts-prose.md"), cfg)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, before, sandboxtest.HostState(t, cli), "the host daemon is exactly as it was")
}

// TestProseMakesAndDefines: a directory the prose tells the reader to
// create is there for the `cd` that follows (a typo in its name is still
// the note's); words of capitals the prose gives the reader to fill in
// are placeholders, and the ones it only explains run.
func TestProseMakesAndDefines(t *testing.T) {
	all := append(loadNote(t, "../testdata/notes/project-dir.md"), loadNote(t, "../testdata/notes/defined-words.md")...)
	_, got := runNote(t, all)
	assert.Equal(t, []seen{
		{5, verdict.Skip, "prose"}, {8, verdict.Pass, ""},
		{16, verdict.Fail, verdict.ReasonMissingFile},
		{8, verdict.Skip, "placeholder"}, {11, verdict.Skip, "prose"},
		{18, verdict.Skip, "placeholder"},
		{26, verdict.Pass, ""},
		{35, verdict.Pass, ""},
		{43, verdict.Pass, ""},
	}, got)
}

// TestExpectedOutput: a command passes when it printed what the note
// shows, IDs, ages, sizes, widths, pulls and elisions aside; a renamed
// column is drift, reported with the pass; a value the command computes
// and a line it never echoes contradict the note: reason output, naming
// the note's line.
func TestExpectedOutput(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/expected-output.md"))
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""}, {51, verdict.Pass, ""}, {68, verdict.Pass, ""}, // a shorter list of the container the first section started
		{23, verdict.Pass, ""},
		{35, verdict.Pass, ""},
		{44, verdict.Fail, verdict.ReasonOutput},
		{59, verdict.Fail, verdict.ReasonOutput},
	}, got)
	msgs := messages(rep)
	assert.Contains(t, msgs[44], "the note's output line 1 shows `41`, the run printed `42`")
	assert.Contains(t, msgs[51], "its output drifted from the note's (columns): line 1 `NAME STATE`")
	assert.Contains(t, msgs[59], "the note's output line 3 `three` is not printed")
}

// TestProbesWaitForServers: a probe that follows a background start is
// tried again, with backoff, for up to three settle windows: a server that
// takes two seconds to answer passes, and a page it never serves fails,
// saying how long it was tried.
func TestProbesWaitForServers(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/server-starts.md"))
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""},
		{14, verdict.Pass, ""},
		{21, verdict.Fail, verdict.ReasonExitCode},
		{27, verdict.Pass, ""},
		{35, verdict.Pass, ""},
	}, got)
	msgs := messages(rep)
	assert.Regexp(t, `^exit 0 and printed what the note shows \(on try \d+, [\d.]+s after the first: the background start at line 8 was still starting\)$`, msgs[14])
	assert.Contains(t, msgs[21], "(tried ")
	assert.Contains(t, msgs[21], "over 15s after the background start at line 8)")
	assert.Contains(t, msgs[27], "printed what the note shows")
}

// TestRoutingMeshNeedsIPVS: a request to a swarm service's published port
// passes where the kernel has IPVS, and is blocked, not failed, where it
// has none (this machine's kernel, measured: no ip_vs module).
func TestRoutingMeshNeedsIPVS(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/swarm-mesh.md"))
	if _, err := os.Stat("/sys/module/ip_vs"); err == nil {
		assert.Equal(t, []seen{{7, verdict.Pass, ""}}, got)
		return
	}
	assert.Equal(t, []seen{{7, verdict.Blocked, verdict.ReasonNeedsHost}}, got)
	assert.Contains(t, rep.Results[0].Message, "IPVS")
}

// TestOutsideHostIsBlocked: in a lab of two nodes, a host reached by ssh
// that is a service on the internet, not a machine of the note, is none
// of the lab's: what runs there is blocked, and nothing is sent to it.
func TestOutsideHostIsBlocked(t *testing.T) {
	all := loadNote(t, "../testdata/notes/hosts-outside.md")
	require.Len(t, all, 1)
	require.Equal(t, []string{"node1", "node2"}, all[0].Hosts)
	rep, got := runNote(t, all)
	assert.Equal(t, []seen{{6, verdict.Pass, ""}, {12, verdict.Pass, ""}, {18, verdict.Blocked, verdict.ReasonNeedsHost}, {24, verdict.Blocked, verdict.ReasonNeedsHost}}, got)
	assert.Equal(t, "on node2: exit 0", rep.Results[1].Message)
	assert.Equal(t, "runs on cmd.io, a host this lab does not have", rep.Results[2].Message)
	assert.Equal(t, "runs on github.com, a host this lab does not have", rep.Results[3].Message)
}

// TestPassesAreEarned: a command still running after its settle window
// passes only as a server that listens, a stream, or what the note says
// runs until stopped; a batch job runs to its end and is judged by it. A
// `docker rm -f` that found nothing passes as a clean-up, but not when
// the note made what it removes and its maker could not run.
func TestPassesAreEarned(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/earned.md"))
	assert.Equal(t, []seen{
		{10, verdict.Fail, verdict.ReasonExitCode},
		{17, verdict.Pass, ""},
		{25, verdict.Pass, verdict.ReasonLongRunning},
		{31, verdict.Pass, verdict.ReasonLongRunning},
		{37, verdict.Pass, verdict.ReasonLongRunning},
		{43, verdict.Pass, verdict.ReasonLongRunning},
		{49, verdict.Pass, verdict.ReasonLongRunning},
		{54, verdict.Pass, verdict.ReasonLongRunning},
		{58, verdict.Pass, verdict.ReasonLongRunning},
		{64, verdict.Pass, ""},
		{71, verdict.Pass, verdict.ReasonLongRunning},
		{77, verdict.Blocked, verdict.ReasonImageUnavailable},
		{81, verdict.Blocked, verdict.ReasonDepends},
		{89, verdict.Pass, verdict.ReasonLongRunning},
		{93, verdict.Fail, verdict.ReasonExitCode},
	}, got)
	msgs := messages(rep)
	assert.Equal(t, "exit 1: giving up", msgs[10], "run to its end, not judged alive after 5s")
	assert.Regexp(t, `^listening on 80 after \d+\.\ds, then stopped$`, msgs[25])
	assert.Regexp(t, `^listening on 8081 after \d+\.\ds, then stopped$`, msgs[31])
	assert.Regexp(t, `^listening on 9000 after \d+\.\ds, then stopped$`, msgs[37])
	assert.Contains(t, msgs[43], "as the note says it runs until stopped")
	assert.Contains(t, msgs[49], "streaming without errors for 5s")
	assert.Contains(t, msgs[54], "streaming")
	assert.Contains(t, msgs[71], "streaming")
	assert.Contains(t, msgs[81], "acted on nothing: container cache, which line 77 was to make")
	assert.Regexp(t, `^listening on 8082 after \d+\.\ds, then stopped$`, msgs[89], "its own port, not the sandbox's")
	assert.Equal(t, "exit 3: no output", msgs[93], "the sandbox's listeners are not the job's")
}

// TestOfflineJobIsBlocked: a job that waits on a package archive an
// offline sandbox cannot reach is blocked, never passed.
func TestOfflineJobIsBlocked(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/earned-offline.md"))
	assert.Equal(t, []seen{{11, verdict.Blocked, verdict.ReasonNeedsNetwork}}, got, messages(rep)[11])
}

// A workshop chapter builds on what the reader has from earlier parts: the
// app's folder, an image built before. What fails only for want of those
// is blocked; a name the note itself got wrong is its fail. A compose
// file built up over several blocks is judged whole, and the blocks on
// the way are fragments.
func TestBlameBeforeFail(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/workshop-chapter.md"))
	assert.Equal(t, []seen{
		{7, verdict.Blocked, verdict.ReasonNeedsFile},         // the Dockerfile of the reader's app folder
		{13, verdict.Blocked, verdict.ReasonDepends},          // the image that build was to make
		{19, verdict.Blocked, verdict.ReasonImageUnavailable}, // an image from part 2, never built here
		{25, verdict.Skip, "annotated"},                       // PowerShell's twin of a command
		{34, verdict.Skip, "output"},                          // an error the reader saw
		{40, verdict.Skip, "prose"},
		{44, verdict.Skip, "fragment"}, // services: alone
		{50, verdict.Skip, "fragment"}, // a service still to fill in
		{58, verdict.Pass, ""},
		{64, verdict.Skip, "prose"}, // "the `docker compose up` command"
		{67, verdict.Pass, ""},
		{74, verdict.Skip, "output"},
		{77, verdict.Skip, "prose"}, // an example in parentheses
		{80, verdict.Pass, ""},
		{86, verdict.Fail, verdict.ReasonMissingFile}, // cd app-dri: the note's typo of app-dir
	}, got)
	msgs := messages(rep)
	assert.Contains(t, msgs[7], "needs Dockerfile, which the note never makes")
	assert.Contains(t, msgs[13], "line 7")
	assert.Contains(t, msgs[50], "the note writes it again at line 58")
}

// A cheat sheet mentions commands in its sentences and writes stand-ins
// for the reader's names: neither is run; what it runs as a whole is
// judged, and a flag after the image is the note's own mistake.
func TestCheatSheetOfMentions(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/cheat-sheet.md"))
	assert.Equal(t, []seen{
		{8, verdict.Skip, "fragment"},     // `docker run --rm` says what the flag does
		{9, verdict.Skip, "fragment"},     // `docker run --read-only`
		{10, verdict.Skip, "fragment"},    // `docker start -a`
		{12, verdict.Skip, "placeholder"}, // IMAGE
		{13, verdict.Skip, "placeholder"}, // container_id
		{14, verdict.Skip, "placeholder"}, // my_container
		{15, verdict.Skip, "prose"},       // a flag on its own
		{20, verdict.Pass, ""},
		{27, verdict.Fail, verdict.ReasonUsage}, // --name after the image: the note's
		{59, verdict.Pass, ""},
		{32, verdict.Skip, "fragment"},    // `docker load`, nothing to load
		{32, verdict.Skip, "fragment"},    // `docker save`
		{35, verdict.Skip, "placeholder"}, // my_image:my_tag, behind a pipe
		{39, verdict.Skip, "placeholder"}, // my_container, behind a pipe
		{45, verdict.Pass, ""},
		{53, verdict.Skip, "prose"}, // $SOME_VARIABLE
	}, got)
	assert.Contains(t, messages(rep)[27], "--name after the image busybox:1.36")
}

// A registry tutorial whose pulls from Docker Hub cannot run here: what
// those pulls were to fetch is missing for the lab's fault, so the tag,
// the removal and the catalog that shows it are blocked, never failed;
// the registry of its own still runs and answers.
func TestRegistryTutorialWithBlockedPulls(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/registry-tutorial.md"))
	var blockedNeeds []seen
	for _, s := range got {
		if s.Status == verdict.Blocked && s.Reason != verdict.ReasonDepends {
			// a pull from Docker Hub: image-unavailable or needs-network, as the host answers
			blockedNeeds = append(blockedNeeds, s)
			continue
		}
		switch s.Line {
		case 17, 50, 58:
			assert.Equal(t, seen{s.Line, verdict.Blocked, verdict.ReasonDepends}, s)
		case 23, 29, 65:
			assert.Equal(t, seen{s.Line, verdict.Pass, ""}, s)
		default:
			t.Errorf("line %d: %s %s", s.Line, s.Status, s.Reason)
		}
	}
	assert.Len(t, blockedNeeds, 3, "the pulls of lines 11 and 42, and the push of what line 17 was to tag")
	msgs := messages(rep)
	assert.Contains(t, msgs[17], "line 11 was to make")
	assert.Contains(t, msgs[58], "line 42 was to make")
}

// A volumes tutorial comments its commands in their blocks, shows a
// volume's inspect output with the author's date, and answers a prune's
// question: none of that is output a reader would call different.
func TestVolumesTutorialWithComments(t *testing.T) {
	_, got := runNote(t, loadNote(t, "../testdata/notes/volumes-tutorial.md"))
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""},
		{17, verdict.Skip, "output"},
		{24, verdict.Pass, ""},
		{41, verdict.Pass, ""}, // the volume the first section made
		{48, verdict.Pass, ""},
		{63, verdict.Pass, ""}, // [y/N] y: the reader's answer
		{55, verdict.Pass, ""},
	}, got)
}

// TestPipelinesJudgedStageByStage: a pipeline's exit status is its last
// command's, but the reader sees the error of a Docker command before it:
// a save of a mistyped tag, gzipped, fails; a save of an image the note
// never makes is blocked; a save cut off by head (SIGPIPE) and a grep that
// finds nothing still pass, and what the commands print is as it was.
func TestPipelinesJudgedStageByStage(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/pipelines.md"))
	assert.Equal(t, []seen{
		{11, verdict.Pass, ""},
		{17, verdict.Pass, ""},
		{23, verdict.Fail, verdict.ReasonExitCode}, // busybox:1.63, the note's typo of busybox:1.36
		{29, verdict.Blocked, verdict.ReasonImageUnavailable},
		{35, verdict.Pass, ""},
		{41, verdict.Pass, ""},
		{47, verdict.Pass, verdict.ReasonNoMatch},
	}, got)
	msgs := messages(rep)
	assert.Contains(t, msgs[23], "docker save, piped into the next command: exit 1: Error response from daemon:")
	assert.Contains(t, msgs[29], "needs the image legacy-api:2.1, which the note never builds or pulls")
	// 28 and earlier say "reference does not exist", 29 names the image
	assert.Regexp(t, `^Error response from daemon: (reference does not exist|No such image: busybox:1\.63)\n$`, rep.Results[2].Output, "the output as the reader sees it")
}

// TestWorkshopOnNamedVMs: a workshop whose machines are reached by their
// addresses (`ssh docker@manager1.swarmlab.example.net`) and named
// manager1, worker1 and worker2 in its prose runs on those three hosts:
// the workers join the manager's swarm, the nodes are listed under the
// note's names, and a node drained by its name is drained. A section
// that only names a node continues the lab whose host joined as it.
func TestWorkshopOnNamedVMs(t *testing.T) {
	all := loadNote(t, "../testdata/notes/workshop-vms.md")
	require.Len(t, all, 2) // the introduction's `docker`, then the workshop
	require.Equal(t, []string{"manager1", "worker1", "worker2"}, all[1].Hosts)
	rep, got := runNote(t, all)
	assert.Equal(t, []seen{
		{5, verdict.Skip, "fragment"}, // the user's name
		{12, verdict.Pass, ""},
		{18, verdict.Pass, ""},
		{24, verdict.Skip, "output"},
		{36, verdict.Pass, ""}, {44, verdict.Pass, ""},
		{54, verdict.Pass, ""},
		{65, verdict.Pass, ""},
		{74, verdict.Pass, ""},
		{81, verdict.Pass, ""},
	}, got)
	msgs := messages(rep)
	assert.Equal(t, "now on manager1: the commands after it run there", msgs[12])
	assert.Contains(t, msgs[36], "on worker1: exit 0 (ran with the lab's own worker join token")
	assert.Equal(t, "on manager1: exit 0 and printed what the note shows", msgs[54], "the nodes are the note's machines, by name")
	for _, r := range rep.Results {
		if r.Step.Line == 74 {
			assert.Equal(t, "manager1", r.Host)
			assert.Contains(t, r.Output, "drain", "worker2 is drained")
		}
	}
}

// TestOutputThenAndNow: output copied from an author's machine years ago
// drifts (a trimmed header, an old column name, a listing the author cut
// short) and passes, with its drift in the report; a state the note shows
// that the container is not in, and a greeting it never echoes,
// contradict the note and fail.
func TestOutputThenAndNow(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/output-drift.md"))
	assert.Equal(t, []seen{
		{8, verdict.Pass, ""},
		{26, verdict.Pass, ""},
		{67, verdict.Fail, verdict.ReasonOutput},
		{72, verdict.Fail, verdict.ReasonOutput},
		{79, verdict.Pass, ""},
		{17, verdict.Pass, ""},
		{49, verdict.Pass, ""},
		{56, verdict.Pass, ""},
	}, got)
	msgs := messages(rep)
	assert.Contains(t, msgs[8], "drifted from the note's (columns)")
	assert.Contains(t, msgs[17], "drifted from the note's (columns)")
	assert.Contains(t, msgs[67], `the run never printed "exited"`)
	assert.Contains(t, msgs[72], "the run printed `Hello from the drift lab`")
	for _, r := range rep.Results {
		if r.Step.Line == 8 {
			require.NotNil(t, r.Compared)
			assert.NotEmpty(t, r.Compared.Drift, "the report carries the drift")
		}
	}
}

// TestASwarmOfOneNamedHost: a lab on one host the note names runs in a
// sandbox of that name, so that its swarm's node lists as the note shows
// it and is drained by that name.
func TestASwarmOfOneNamedHost(t *testing.T) {
	rep, got := runNote(t, loadNote(t, "../testdata/notes/swarm-of-one.md"))
	assert.Equal(t, []seen{{6, verdict.Pass, ""}, {14, verdict.Pass, ""}}, got)
	assert.Contains(t, messages(rep)[6], "printed what the note shows")
}
