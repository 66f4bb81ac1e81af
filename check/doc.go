// Package check holds labrun's static checks, which need no daemon: a
// Dockerfile through BuildKit's parser and linter (its base images, the
// context files it copies, its warnings), a compose file through
// compose-go (the loader of Compose v2) and the images it names, and a Go
// snippet completed into a program as a reader would complete it.
package check
