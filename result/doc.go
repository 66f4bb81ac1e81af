// Package result holds what a run found: for every step of every lab on
// every engine, its verdict and what labrun saw (Result), and the run's
// header: the host daemon, the engines and what the sandboxes could reach
// (Report). The runner makes them; the reports, the cache, the baseline
// and the fix search read them. It imports no Docker.
package result
