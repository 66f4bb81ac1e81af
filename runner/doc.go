// Package runner is the scheduler: it runs every lab on every engine, each
// in a throwaway Docker daemon of its own (package sandbox), as many at
// once as the run allows, and gives back a result for every step in the
// labs' order. Run is its entry point. It starts each lab's sandbox ahead
// of the lab, the longest labs first, takes unchanged labs' results from a
// cache, and cleans up whatever it started, also when the run is
// interrupted.
//
// What happens inside one lab, step by step, is package runner/interp's.
// A failing snippet is a result, not an error: Run returns an error only
// when it cannot go on (a sandbox did not start, the daemon went away, the
// user interrupted it).
package runner
