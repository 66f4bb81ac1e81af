// Command labrun finds the Docker snippets in talk notes, workshops and
// tutorials, runs them against a throwaway Docker daemon and reports which
// still work.
package main
