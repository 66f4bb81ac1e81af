package cache

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/labrun/labrun/result"
)

// Dir is a cache in a directory: one JSON file per lab.
type Dir string

// Default is labrun's cache directory: $XDG_CACHE_HOME/labrun/results or
// its equivalent.
func Default() (Dir, error) {
	root, err := labrunDir()
	if err != nil {
		return "", err
	}
	return Dir(filepath.Join(root, "results")), nil
}

// labrunDir is where labrun keeps what it caches: $XDG_CACHE_HOME/labrun or
// its equivalent.
func labrunDir() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory: %w", err)
	}
	return filepath.Join(base, "labrun"), nil
}

func (d Dir) path(key string) string {
	return filepath.Join(string(d), key[:2], key+".json")
}

// Get returns the results stored under key.
func (d Dir) Get(key string) ([]result.Result, bool) {
	b, err := os.ReadFile(d.path(key))
	if err != nil {
		return nil, false
	}
	var rs []result.Result
	if json.Unmarshal(b, &rs) != nil {
		return nil, false
	}
	return rs, true
}

// Put stores results under key, atomically.
func (d Dir) Put(key string, results []result.Result) error {
	b, err := json.Marshal(results)
	if err != nil {
		return err
	}
	return writeAtomic(d.path(key), b)
}

// writeAtomic writes a file whole or not at all, making its directory.
func writeAtomic(p string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".put-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}
