package check

import (
	"context"
	"sort"
	"strings"
	"sync"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"
)

// Compose validates a compose file with compose-go, the loader of Compose
// v2, as `docker compose config` would in workdir, and returns what is
// wrong, or "". Consistency across files is not checked: an overlay meant
// for a second -f is incomplete on its own.
func Compose(ctx context.Context, workdir, name string, code []byte) string {
	_, err := loader.LoadWithContext(ctx, types.ConfigDetails{
		WorkingDir:  workdir,
		ConfigFiles: []types.ConfigFile{{Filename: name, Content: code}},
		Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("lab", true)
		o.SkipConsistencyCheck = true
		// The files an include names are in the sandbox, not here: the
		// compose of the sandbox's engine reads them when the lab runs it.
		o.SkipInclude = true
		o.SkipResolveEnvironment = true
		o.SkipNormalization = true
	})
	if err != nil {
		return err.Error()
	}
	return ""
}

// ComposeImages returns the images a compose file's services name, in
// order. Each file is read once: the cache key and the lab's plan both ask,
// and share the first answer, which they must not change.
func ComposeImages(code string) []string {
	if imgs, ok := composeImages.Load(code); ok {
		return imgs.([]string)
	}
	imgs := composeImagesOf(code)
	composeImages.Store(code, imgs)
	return imgs
}

// composeImages holds the result of ComposeImages by code.
var composeImages sync.Map

func composeImagesOf(code string) []string {
	var f struct {
		Services map[string]struct {
			Image string `yaml:"image"`
		} `yaml:"services"`
	}
	if yaml.Unmarshal([]byte(code), &f) != nil {
		return nil
	}
	var out []string
	for _, s := range f.Services {
		if s.Image != "" && !strings.Contains(s.Image, "$") {
			out = append(out, s.Image)
		}
	}
	sort.Strings(out)
	return out
}
