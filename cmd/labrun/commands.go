package main

import (
	"io"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/spf13/cobra"
)

// This file holds labrun's usage text, all of it.

const rootLong = `labrun finds the Docker snippets in talk notes, workshops and tutorials
(Dockerfiles, compose files, shell commands, Go programs), runs them against a
throwaway Docker-in-Docker daemon so that nothing touches your own images,
containers or swarm, and reports per snippet: pass, fail, blocked or skip, with
a reason and, where labrun knows it, the modern form.

PATH is a note (Markdown or plain text) or a directory searched for .md,
.markdown and .txt files. With no PATH, labrun uses its embedded labs, one per
talk, so "labrun try multi-stage-builds" works with no files at all.

Exit codes: 0 nothing failed, 1 a snippet failed, 2 usage error,
3 environment error (no daemon, the sandbox cannot start), 130 interrupted.`

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:           "labrun",
		Short:         "Keep the Docker snippets of talks and tutorials alive",
		Long:          rootLong,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(newListCommand(stdout, stderr), newExtractCommand(stdout, stderr),
		newVerifyCommand(stdout, stderr), newTryCommand(stdout, stderr), newFixCommand(stdout, stderr), newSetupCommand(stdout, stderr), newGCCommand(stdout))
	return root
}

func newListCommand(stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "list [PATH…]",
		Short: "List the talks found in notes, with their snippets per kind",
		Long: `List the talks (labs) found in the notes, one line each: its ID (what
"labrun try" takes), its title, how many snippets it has, how many of them are
runnable, its snippets per kind, and where it starts.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runList(cmd.Context(), listOptions{paths: args, stdout: stdout, stderr: stderr})
		},
	}
}

func newExtractCommand(stdout, stderr io.Writer) *cobra.Command {
	opts := extractOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "extract [PATH…]",
		Short: "Show every snippet found in notes and how it was classified",
		Long: `Show every snippet found in the notes, grouped by talk, without running
anything: where it is (file:line), its kind (dockerfile, compose, shell, go,
config, output, text), and whether labrun would run it or skip it and why
(fragment, placeholder, output, prose, unsafe, interactive, annotated).

--format json prints one document: {"labrun": VERSION, "snippets": [RECORD…]},
each record as in "labrun verify --format json" without status and duration,
with "runnable" and, for a snippet that is not run, "reason" and "message".`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runExtract(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.format, "format", "text", "output format: text or json")
	return cmd
}

// addRunFlags adds the flags of verify and try: how labs run, and the
// reports.
func addRunFlags(cmd *cobra.Command, opts *verifyOptions) {
	cmd.Flags().StringVar(&opts.format, "format", "text", "report format on stdout: "+formatNames())
	cmd.Flags().StringArrayVar(&opts.reports, "report", nil, "also write a report to a file, as FORMAT=FILE (repeatable), e.g. junit=labrun.xml")
	cmd.Flags().StringVar(&opts.baseline, "baseline", "", "compare with this baseline: fail only on regressions and new failing snippets")
	cmd.Flags().BoolVar(&opts.updateBaseline, "update-baseline", false, "write this run's verdicts to the --baseline file")
	cmd.Flags().StringVar(&opts.changed, "changed", "", "run only the labs of notes changed since this Git ref (a branch, a commit: the pull request's base), and of notes that read a changed file beside them (a compose file, a Dockerfile, a script); the rest are reported as skip unchanged")
	cmd.Flags().StringVar(&opts.annotations, "annotations", "", "also write each finding as a GitHub workflow command on stderr (::error for a fail, ::warning for drift, ::notice for blocked): github, or none; by default on under GitHub Actions ($GITHUB_ACTIONS)")
	cmd.Flags().BoolVar(&opts.noFix, "no-fix", false, "try no rewrites of the failing snippets (by default each one labrun knows is run in the lab, and the report shows those that pass)")
	addLabFlags(cmd, opts)
}

// addLabFlags adds the flags that say how labs run.
func addLabFlags(cmd *cobra.Command, opts *verifyOptions) {
	cmd.Flags().DurationVar(&opts.timeout, "timeout", 2*time.Minute, "time limit of one snippet, unless the note sets one")
	cmd.Flags().DurationVar(&opts.settle, "settle", 5*time.Second, "how long a stream (docker stats, logs -f) must stay up to pass, and when a foreground server is first looked at for a listening port; a probe (curl, docker ps, service ls) after a background start is tried again for up to three times as long")
	cmd.Flags().StringVar(&opts.engines, "engine", engine.Default, "the engines to run every lab on, comma-separated: "+strings.Join(engine.Named, ", ")+" or a Docker-in-Docker image (docker:29-dind); two or more print a matrix")
	cmd.Flags().StringVar(&opts.engines, "sandbox-image", engine.Default, "the sandbox image (now --engine IMAGE)")
	_ = cmd.Flags().MarkDeprecated("sandbox-image", "use --engine IMAGE")
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "no progress on stderr")
	cmd.Flags().BoolVarP(&opts.verbose, "verbose", "v", false, "show each snippet's output on stderr as it finishes")
	cmd.Flags().IntVarP(&opts.jobs, "jobs", "j", runtime.NumCPU(), "labs run at once, each in its own sandbox")
	cmd.Flags().StringVar(&opts.shard, "shard", "", "run only shard i of n of the labs (i/n, e.g. 2/4), for a CI matrix")
	cmd.Flags().BoolVar(&opts.allowUnsafe, "allow-unsafe", false, "run the snippets classified unsafe (a fork bomb, rm -rf /) in the sandbox as nobody, held to 512 processes, its memory limit and --timeout; what they leave running is killed after them")
	cmd.Flags().BoolVar(&opts.offline, "offline", false, "give the sandboxes no route outside (as `offline: true` in a note's front matter does for its labs): what needs the network is blocked, images still come from your daemon")
	cmd.Flags().StringVar(&opts.output, "output", "reader", "how the output a note shows under a command is compared with what it printed: reader (as a reader judges it: a line that carries what the note set up, a state, a count or an error and is not printed fails; versions, dates, sizes, columns, layout and extra lines are drift, reported with the pass), strict (every line, in order, once IDs, ages, sizes, table widths, pulls and build progress are set aside: drift fails too), lax (each shown line appears) or ignore; a block's output= annotation overrides it")
	cmd.Flags().BoolVar(&opts.noBuild, "no-build", false, "build no missing engine image: stop (exit 3) with the command that builds it instead of building it through your daemon (a few minutes, once per machine)")
	cmd.Flags().StringArrayVar(&opts.env, "env", nil, "pass this variable of labrun's environment into the labs' shells, Go programs and compose files, as NAME (or NAME=VALUE); repeatable. Its value, and every password a note gives docker login, is shown as *** in every report, the cache and the progress")
	cmd.Flags().IntVar(&opts.maxTries, "max-tries", 12, "the most rewrites of one failing snippet run in its lab (0: every one labrun has)")
	cmd.Flags().BoolVar(&opts.fresh, "fresh", false, "start every lab in a fresh sandbox: take none that an earlier try kept warm")
	cmd.Flags().BoolVar(&opts.noCache, "no-cache", false, "run every lab, even one whose results are cached from an identical earlier run")
}

const sandboxHelp = `Every lab runs in its own throwaway Docker daemon, inside a container on
your daemon (Docker-in-Docker), so that "docker system prune -a" or
"docker swarm leave --force" in a note never touches your own images,
containers, volumes, networks or swarm. The sandbox has no access to your
daemon's socket and none of your credentials. Images the snippets use are
taken from your daemon (pulled by it if need be) and copied in.

Network: like a reader's machine, each sandbox reaches what your machine
reaches (package archives, Git hosts, registries), through a bridge network
of its own: RUN apt-get install, git clone and docker pull work. It never
reaches your daemon (its TCP ports on the gateway, and ports 2375-2376
anywhere, are refused), cloud metadata (169.254.0.0/16, 100.100.100.200) or
another lab's sandbox. --offline, or "offline: true" in a note's front matter,
gives the sandbox no route outside: what needs the network is blocked
(needs-network), never failed. The report's header says which ran.

Engines: the sandbox runs engine 29 by default, today's Docker (Engine 29,
built from its Go sources, the Compose v5 and Buildx plugins, BuildKit).
--engine 20.10,26,28,29 runs every lab on each engine, in parallel as --jobs
allows, and reports per snippet the engines it works on ("works since 26",
"broken since 29"). 20.10 is the last engine with docker-compose v1 and the
classic builder. An engine's sandbox image is built through your daemon on
first use, once: from Debian packages in a few minutes, 29 from the Go module
proxy in about 20 (--no-build stops instead), or ahead with "labrun setup".
Any Docker-in-Docker image is an engine too, e.g. --engine docker:29-dind
where a registry is reachable.

Verdicts: pass (it ran and did what it says), fail (broken as written),
blocked (could not be judged here: a server out of reach, a missing image or tool),
skip (not run: a fragment, a placeholder, output, prose, unsafe, interactive,
or annotated). A [y/N] prompt is answered y. A stream (docker stats, logs -f,
events, compose up without -d) passes when it is still up and error-free
after --settle; a server in the foreground (docker run without -d, socat
…-LISTEN) once it listens on a port after that; anything else runs to its end
within --timeout and is judged by its exit code.`

func newVerifyCommand(stdout, stderr io.Writer) *cobra.Command {
	opts := verifyOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "verify [PATH…]",
		Short: "Run every lab and report per snippet (for CI)",
		Long: `Run every lab found in the notes (or the embedded labs) and report each
snippet's verdict: the report on stdout, progress on stderr. Exits 1 when a
snippet failed; with --baseline, only when a snippet that passed now fails or
a new snippet fails. When $GITHUB_STEP_SUMMARY is set, a Markdown summary is
appended to it.

In pull requests: under GitHub Actions each finding is also an annotation on
its note's line (--annotations); --changed REF runs only the labs of notes
changed since REF, or that read a file changed beside them, and reports the
rest as skip unchanged; --env NAME passes a credential into the labs, and its
value, with every password a note gives docker login, is shown as *** in
every report, in the progress and in the cache. --format sarif is for
code-scanning views.

` + sandboxHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runVerify(cmd.Context(), opts)
		},
	}
	addRunFlags(cmd, &opts)
	return cmd
}

func newTryCommand(stdout, stderr io.Writer) *cobra.Command {
	opts := verifyOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "try TALK [PATH…]",
		Short: "Run one talk's snippets with live progress",
		Long: `Run the snippets of one talk. TALK is a talk's ID as "labrun list" shows it,
or a unique prefix or part of it or of its title: "labrun try multi-stage"
runs the embedded multi-stage builds lab.

` + sandboxHelp,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.talk, opts.paths = args[0], args[1:]
			if opts.watch {
				return runWatch(cmd.Context(), opts)
			}
			return runVerify(cmd.Context(), opts)
		},
	}
	addRunFlags(cmd, &opts)
	cmd.Flags().BoolVarP(&opts.watch, "watch", "w", false, "run the talk again whenever its note, or a file beside it that it uses, changes, from the first changed snippet when the snippets before it are unchanged and what they did can be kept (see the README); the report is redrawn in place (Ctrl-C stops)")
	cmd.Flags().DurationVar(&opts.warm, "warm", warmDefault(), "keep the lab's sandbox warm after it, reset to what a fresh one holds and checked, for the next try to take at once; it stops itself after this long unused (0: remove it; labrun gc removes it too)")
	return cmd
}

func newFixCommand(stdout, stderr io.Writer) *cobra.Command {
	opts := verifyOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "fix [PATH…]",
		Short: "Rewrite the failing snippets into forms that work today, each proven first",
		Long: `Run every lab found in the notes, then, for each snippet that fails, try the
rewrites labrun knows, in order, each in the lab's sandbox in place of the
snippet (the whole lab runs again, so the rewrite meets the lab's state at that
point). A rewrite is kept only when the snippet then passes on every engine and
every other snippet keeps its verdict; snippets are taken in order, so a later
one is judged with the earlier ones rewritten.

The rewrites: docker-compose (v1, retired) as docker compose, an overlay's
compose files each with its own -f; flags docker removed (dropped, or their
successor) and flags written on the wrong command (docker swarm
--placement-pref-add → docker service update … SERVICE); a flag's letters
swapped (--fromat → --format); a command given an empty $(…) list (docker rm
$(docker ps -aq) → docker container prune -f, or xargs -r); a stray backtick;
Dockerfile slips (COPY with no destination, an exec form in single quotes or
without commas, apt-get install without -y); the v1 compose file format
(services at the top, net:).

Rewrites read from today's grammar, for rot no table lists: a command name
mistyped (docker contianer ls → docker container ls); a repository name with
capitals lowercased (docker build -t Workshop/App); a flag the command no
longer has dropped, with the value it took (swarm init --auto-accept worker);
operands joined into the NAME=VALUE form of the usage line (service scale web
3 → web=3); a COPY of a file the note wrote under another name. Each is run
only when the grammar accepts the rewritten line, most likely first, at most
--max-tries per snippet.

A rewrite must do what the original did, not only pass: one that does its
work otherwise (a prune for a removal over a list) is first run, with the
original, from a state made for the purpose in a scratch sandbox (running and
exited containers, tagged, unused and dangling images, volumes in use and
not), and tried only when both leave the daemon the same. A snippet that was
blocked behind the one rewritten may come to fail on its own commands: that
fault was hidden, and is searched in turn.

An output block that drifted (the step passed, but the note shows what an
older Docker printed: a renamed column, a new layout, fields added) is
refreshed with what the command printed in the lab; a drift does not change
the exit code.

Prints a unified diff of the notes on stdout (apply it with "patch -p1"), or
with --write rewrites them in place: only the rewritten snippets' code
changes, every other byte of the file stays as it was, and prose is never
touched. Says on stderr, per failing snippet, the rewrite kept and the engines
it passed on, or the rewrites tried. Exits 1 when a failing snippet is left
with no rewrite that passed.

` + sandboxHelp,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.paths = args
			return runFix(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVarP(&opts.write, "write", "w", false, "rewrite the notes in place instead of printing the diff")
	addLabFlags(cmd, &opts)
	return cmd
}

func newSetupCommand(stdout, stderr io.Writer) *cobra.Command {
	opts := setupOptions{stdout: stdout, stderr: stderr}
	cmd := &cobra.Command{
		Use:   "setup",
		Short: "Build the engines' sandbox images ahead of time",
		Long: `Build, through your Docker daemon, the sandbox image of each engine (labrun's
Docker-in-Docker image of that engine, labrun/sandbox:NAME), unless it is
there already, built by this labrun's recipe. verify, try and fix build a
missing engine on first use; setup does it ahead, for a CI cache or a machine
that will be offline.

Each engine is a Debian suite's Docker packages on debian:SUITE (20.10 on
bookworm, 26 on trixie, 28 on sid; 29 from its Go sources on sid's containerd
and runc): the base image is pulled where a registry
answers; where none does, make it first (labrun's source tree makes them
offline with "make images"). The recipe is embedded in labrun: an image built
by another recipe is rebuilt, one labrun did not build (pulled) is kept. A
build that fails says at which step, and leaves the image that was there.

--stand-ins also builds the images labs use that a registry would give
(busybox, registry:3, docker/dockerfile:1), under their official names, for a
machine where no registry answers: BusyBox from Debian's package, the registry
and the Dockerfile frontend from their Go sources on the module proxy
($GOPROXY). Where a registry answers, the labs pull the real ones.`,
		Example: `  labrun setup                      # the default engine
  labrun setup --engine 20.10,26,28,29  # the whole matrix
  labrun setup --force               # rebuild, e.g. for newer packages
  labrun setup --stand-ins           # and busybox, registry:3, docker/dockerfile:1`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runSetup(cmd.Context(), opts)
		},
	}
	cmd.Flags().StringVar(&opts.engines, "engine", engine.Default, "the engines to build, comma-separated: "+strings.Join(engine.Named, ", ")+` ("" for none)`)
	cmd.Flags().BoolVar(&opts.standIns, "stand-ins", false, "also build the images labs pull (busybox, registry:3, docker/dockerfile:1), for a machine no registry answers")
	cmd.Flags().BoolVar(&opts.force, "force", false, "build even an image that is there and current")
	cmd.Flags().BoolVarP(&opts.quiet, "quiet", "q", false, "no progress on stderr")
	return cmd
}

func newGCCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "gc",
		Short: "Remove sandboxes a killed labrun left behind",
		Long: `Remove every container (with its volumes), network and volume that labrun
created on your daemon, found by the label org.labrun.session, and the images
it saved for its sandboxes in the temporary directory (labrun-images-<pid>-*).
A run that ends normally or by Ctrl-C removes its own; gc is for a run that
was killed, and for the sandbox a try kept warm. What belongs to a labrun
still running on this host is spared.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runGC(cmd.Context(), gcOptions{stdout: stdout})
		},
	}
}

// warmDefault is how long try keeps a sandbox warm by default:
// $LABRUN_WARM_IDLE (a duration), else ten minutes, the time an author
// takes between two tries of a talk being written.
func warmDefault() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("LABRUN_WARM_IDLE")); err == nil {
		return d
	}
	return 10 * time.Minute
}
