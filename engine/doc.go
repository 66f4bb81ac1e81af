// Package engine names the Docker engines labs run on and orders their
// versions: the one place that says which engines labrun builds, which is
// the default, and how one release compares with another. The engines are
// listed in engines.txt, which the package embeds and which the image
// build script and the CLI grammar's generator read as well. It imports
// nothing of labrun's, so the sandbox, the CLI grammar and the reports
// agree on these facts.
package engine
