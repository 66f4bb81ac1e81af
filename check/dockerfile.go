package check

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/linter"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Dockerfile is what the static check learns about a Dockerfile.
type Dockerfile struct {
	Bases    []string // the # syntax= frontend, and the images the stages start FROM (not scratch, not earlier stages)
	Sources  []Source // COPY/ADD sources taken from the build context
	Warnings []Source // BuildKit's lint warnings (in Path) with their Dockerfile lines
	Secrets  bool     // a RUN mounts a secret or an SSH agent: its build needs flags
	// Instructions are the Dockerfile lines where its instructions start,
	// in order: the classic builder's "Step N" is instruction N. Set
	// whenever the Dockerfile parses, even when its instructions do not.
	Instructions []int
	// Stages counts its FROM instructions: a Dockerfile with none is
	// lines to add to one, not one that builds.
	Stages int
}

// secretMountRE finds a RUN --mount of a secret or an SSH agent.
var secretMountRE = regexp.MustCompile(`--mount=\S*type=(?:secret|ssh)`)

// Source is one COPY or ADD source, or one lint warning, with its line in
// the Dockerfile.
type Source struct {
	Path string
	Line int
}

// lineRE finds the line number in a BuildKit parse error.
var lineRE = regexp.MustCompile(`line (\d+)`)

// ParseDockerfile parses a Dockerfile with BuildKit's parser and linter,
// as `docker build` would before running anything. On a parse error it
// returns the error's message and its line in the Dockerfile (0 when
// unknown). A Dockerfile is parsed once: later calls with the same code
// share the first one's result, which they must not change.
func ParseDockerfile(code string) (Dockerfile, string, int) {
	if p, ok := parsed.Load(code); ok {
		r := p.(parseResult)
		return r.df, r.msg, r.line
	}
	df, msg, line := parseDockerfile(code)
	parsed.Store(code, parseResult{df, msg, line})
	return df, msg, line
}

// parsed holds the result of ParseDockerfile by code.
var parsed sync.Map

type parseResult struct {
	df   Dockerfile
	msg  string
	line int
}

func parseDockerfile(code string) (Dockerfile, string, int) {
	res, err := parser.Parse(strings.NewReader(code))
	if err != nil {
		return Dockerfile{}, err.Error(), errLine(err.Error())
	}
	df := Dockerfile{Secrets: secretMountRE.MatchString(code)}
	for _, n := range res.AST.Children {
		df.Instructions = append(df.Instructions, n.StartLine)
		if strings.EqualFold(n.Value, "from") {
			df.Stages++
		}
	}
	if syntax, _, _, ok := parser.DetectSyntax([]byte(code)); ok {
		// The frontend image the build runs first (docker/dockerfile:1).
		df.Bases = append(df.Bases, syntax)
	}
	lint := linter.New(&linter.Config{Warn: func(rule, _, _, msg string, loc []parser.Range) {
		line := 0
		if len(loc) > 0 {
			line = loc[0].Start.Line
		}
		df.Warnings = append(df.Warnings, Source{Path: fmt.Sprintf("%s (%s)", msg, rule), Line: line})
	}})
	stages, metaArgs, err := instructions.Parse(res.AST, lint)
	if err != nil {
		line := errLine(err.Error())
		if line == 0 && len(res.AST.Children) > 0 {
			line = res.AST.Children[0].StartLine
		}
		return Dockerfile{Instructions: df.Instructions}, err.Error(), line
	}
	df.readStages(stages, metaArgs)
	return df, "", 0
}

// readStages records the images the stages build on (FROM, COPY --from an
// image) and the files their COPY and ADD take from the context.
func (df *Dockerfile) readStages(stages []instructions.Stage, metaArgs []instructions.ArgCommand) {
	args := map[string]string{}
	for _, a := range metaArgs {
		for _, kv := range a.Args {
			if kv.Value != nil {
				args[kv.Key] = *kv.Value
			}
		}
	}
	names := map[string]bool{} // the stages so far
	for _, st := range stages {
		base := os.Expand(st.BaseName, func(k string) string { return args[k] })
		if !names[strings.ToLower(base)] && base != "scratch" && base != "" && !strings.HasSuffix(base, ":") {
			df.Bases = append(df.Bases, base)
		}
		if st.Name != "" {
			names[strings.ToLower(st.Name)] = true
		}
		for _, cmd := range st.Commands {
			df.readCopy(cmd, names)
		}
	}
}

// readCopy records what a COPY or ADD takes: context files (globs, URLs
// and variables aside, which cannot be checked), or an image.
func (df *Dockerfile) readCopy(cmd instructions.Command, stages map[string]bool) {
	var paths []string
	switch c := cmd.(type) {
	case *instructions.CopyCommand:
		if c.From == "" {
			paths = c.SourcePaths
		} else if _, err := strconv.Atoi(c.From); err != nil && !stages[strings.ToLower(c.From)] {
			df.Bases = append(df.Bases, c.From) // not a stage: an image
		}
	case *instructions.AddCommand:
		paths = c.SourcePaths
	default:
		return
	}
	line := 0
	if loc := cmd.Location(); len(loc) > 0 {
		line = loc[0].Start.Line
	}
	for _, p := range paths {
		if !strings.Contains(p, "://") && !strings.ContainsAny(p, "*?[$") {
			df.Sources = append(df.Sources, Source{Path: p, Line: line})
		}
	}
}

func errLine(msg string) int {
	if m := lineRE.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}
