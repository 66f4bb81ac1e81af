// Package sandboxtest gives tests a host daemon and a sandbox host, or skips
// them where there is none, except under LABRUN_REQUIRE_DOCKER=1 (CI), where
// a missing daemon or sandbox image fails the test instead: a skipped suite
// must never look green in CI.
package sandboxtest
