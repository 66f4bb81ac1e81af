// Package secret keeps the credentials a run is given out of everything
// labrun shows: the values passed into labs with --env and the passwords
// a note gives docker login. A Set masks them as *** in text, in a
// stream of progress and in a report.
package secret
