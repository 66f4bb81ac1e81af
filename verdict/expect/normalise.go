package expect

import (
	"regexp"
	"strings"
)

// A replacement turns what changes from run to run (or from machine to
// machine: the engine's release) into a token that
// stands for any value of its kind. The order matters: digests before
// IDs, ages before durations.
type replacement struct {
	re   *regexp.Regexp
	with string
	// only, when set, says which matches are replaced
	only func(string) bool
}

var replacements = []replacement{
	// a moment: when a volume, a container or an image was made
	// (2019-09-26T02:18:36Z, 2026-01-15 10:00:00 +0000 UTC)
	{regexp.MustCompile(`\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4} [A-Z]{3,4})?`), "<time>", nil},
	// an empty map or list in JSON, which Docker writes as null today
	// where it wrote {} or [] (or the reverse): "Labels": {}
	{regexp.MustCompile(`:\s*(?:\{\}|\[\]|null)(,?)\s*$`), ": <empty>$1", nil},
	{regexp.MustCompile(`sha256:[0-9a-f]{64}`), "sha256:<digest>", nil},
	// a swarm's join token: its CA's digest and a secret, both its own
	{regexp.MustCompile(`\bSWMTKN-1-[0-9a-z]+-[0-9a-z]+\b`), "<join-token>", nil},
	{regexp.MustCompile(`\b[0-9a-f]{64}\b`), "<id>", nil},
	{regexp.MustCompile(`\b[0-9a-f]{12}\b`), "<id>", nil},
	// swarm's node, service and task IDs: 25 letters and digits, with
	// at least one of each
	{regexp.MustCompile(`\b[0-9a-z]{25}\b`), "<id>", lettersAndDigits},
	{regexp.MustCompile(`\b(?:About an?|Less than a|\d+) (?:second|minute|hour|day|week|month|year)s?\b`), "<age>", nil},
	{regexp.MustCompile(`\b\d+(?:\.\d+)?\s?(?:B|kB|KB|MB|GB|TB|KiB|MiB|GiB)\b`), "<size>", nil},
	{regexp.MustCompile(`\b\d+(?:\.\d+)?(?:ms|s)\b`), "<duration>", nil},
	// a published port's IPv6 side is there only where the daemon has
	// IPv6 (`[::]:8080->80/tcp`, or `:::8080->80/tcp` as CLI 20.10 wrote it)
	{regexp.MustCompile(`,\s*(?:\[::\]:|:::)[^,\s]+`), "", nil},
	// the host ports Docker picks (-P, -p 80) are in the ephemeral range
	{regexp.MustCompile(`((?:\d{1,3}\.){3}\d{1,3}|\[::\]|::):(?:3[2-9]\d{3}|[4-6]\d{4})\b`), "$1:<port>", nil},
	{regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3}){3}\b`), "<ip>", nil},
	// a release of the engine, a plugin or a package: 28.2.2, v2.40.3,
	// 28.5.2+dfsg4 (two parts, as in 1.36, stay: too many values look so)
	{regexp.MustCompile(`\bv?\d+\.\d+\.\d+(?:[-+~][0-9A-Za-z.+~-]*[0-9A-Za-z])?\b`), "<version>", nil},
}

// ansiRE matches terminal escape sequences.
var ansiRE = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`)

// normalise is a line with what changes from run to run replaced.
func normalise(line string) string {
	line = strings.TrimRight(ansiRE.ReplaceAllString(line, ""), " \t\r")
	for _, r := range replacements {
		if r.only == nil {
			line = r.re.ReplaceAllString(line, r.with)
			continue
		}
		line = r.re.ReplaceAllStringFunc(line, func(m string) string {
			if r.only(m) {
				return r.with
			}
			return m
		})
	}
	return line
}

// noiseRE matches the lines that appear only where an image is pulled or
// built, with either builder: a note that shows them and a run that does
// not (the image was there) did the same.
var noiseRE = regexp.MustCompile(`^(?:Unable to find image|[\w./:-]+: Pulling from|[0-9a-f]{12}: (?:Pull complete|Already exists|Pulling fs layer|Waiting|Downloading|Extracting|Verifying Checksum|Download complete)|Digest: sha256:|Status: (?:Downloaded newer image|Image is up to date)|Sending build context to Docker daemon|Step \d+/\d+ :|\s*---> |Removing intermediate container|Successfully (?:built|tagged)|\[\+\] Building|\s*=> |#\d+ |\d+/(?:tcp|udp) -> (?:\[::\]|::):\d+$|DEPRECATED: The legacy builder|\s+(?:BuildKit is currently disabled|Install the buildx component|environment-variable\.|Learn more at|https://docs\.docker\.com/go/buildx))`)

// elisionRE matches a line that stands for any number of lines
// (any case): ..., …, [...], (...), <snip>, [output omitted], (output
// trimmed), # ..., # … output trimmed …, and the like.
var elisionRE = regexp.MustCompile(`(?i)^\s*(?:#\s*)?(?:\.{3,}|…|\[(?:\.{3}|…)\]|\((?:\.{3}|…).*\)|<\s*snip(?:ped)?\s*>|\[\s*snip(?:ped)?\s*\]|[\[(<]?\s*(?:\.{3}\s*|…\s*)?(?:output|lines?|rest)\s+(?:omitted|trimmed|truncated|cut|elided|removed|shortened)(?:\s+for brevity)?\s*(?:\.{3}|…)?\s*[\])>]?)\s*$`)

// fenceRE matches a line that is only a Markdown code fence.
var fenceRE = regexp.MustCompile("^\\s*(?:`{3,}|~{3,})\\s*$")

// lettersAndDigits reports whether s holds both a letter and a digit.
func lettersAndDigits(s string) bool {
	return strings.ContainsAny(s, "0123456789") && strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz")
}
