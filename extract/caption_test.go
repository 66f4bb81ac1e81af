package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCaptionFile(t *testing.T) {
	tests := []struct{ paragraph, want string }{
		{"Create a file named `server.js` with this content:", "server.js"},
		{"Save the following as `compose.yaml`:", "compose.yaml"},
		{"Next to your `Dockerfile`, create `app/main.py`:", "app/main.py"},
		{"Then create a `.dockerignore`:", ".dockerignore"},
		{"The app is small. Put this in `index.html`:", "index.html"},
		{"Create a file named `server.js` with this content.", ""},  // no colon: not introducing the block
		{"Add these lines to `nginx.conf`:", ""},                    // added to a file, not a whole one
		{"Update `app.py` so that the handler reads the file:", ""}, // an edit
		{"Create a directory and run the following:", ""},           // no file named
		{"Run `docker compose up` in the same terminal:", ""},       // a command, not a file
		{"The file `app.py` is long. Run it with Python:", ""},      // the naming sentence is not the last
		{"Create `requirements.txt`, then the `Dockerfile` as:", "requirements.txt"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, captionFile(tt.paragraph), tt.paragraph)
	}
	assert.Equal(t, "compose.yaml", headingFile("`compose.yaml`"))
	assert.Equal(t, "src/app.js", headingFile("src/app.js"))
	assert.Equal(t, "", headingFile("Dockerfile"), "a section named for the Dockerfile names no file")
	assert.Equal(t, "", headingFile("Getting started"))
}

// TestCaptionedBlocks: a block the text names as a file is that file of
// the lab; a shell block under such a caption is how the reader makes it,
// unless the name is a script's.
func TestCaptionedBlocks(t *testing.T) {
	note := "# T\n\nCreate `greet.sh`:\n\n```sh\necho hi\n```\n\nCreate `notes.txt`:\n\n```sh\necho hi > notes.txt\n```\n\n" +
		"Save this as `settings.json`:\n\n```json\n{\"a\": 1}\n```\n\nAdd to `settings.json`:\n\n```json\n{\"b\": 2}\n```\n\n" +
		"Save this as `docker-compose.yml`:\n\n```yaml\nservices:\n  web:\n    image: nginx\n```\n\n" +
		"Save `main.go`:\n\n```go\npackage main\n\nfunc main() {}\n```\n"
	got := Snippets("n.md", []byte(note))
	var files []string
	for _, s := range got {
		if s.Form == Fenced {
			files = append(files, s.Annotations.File)
		}
	}
	assert.Equal(t, []string{"greet.sh", "", "settings.json", "", "docker-compose.yml", "main.go"}, files)
	for _, s := range got {
		if s.Annotations.File == "greet.sh" || s.Annotations.File == "main.go" {
			assert.Equal(t, SkipAnnotated, s.Reason, "a script or a program saved for the lab is not run on its own")
		}
		if s.Annotations.File == "docker-compose.yml" {
			assert.True(t, s.Runnable, "a compose file is checked under the name the text gives it")
		}
	}
}
