package extract

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestStandIn(t *testing.T) {
	for name, want := range map[string]bool{
		"my_image": true, "my-image": true, "your_app": true, "some-directory": true, "some-directory/": true,
		"container_id": true, "image-name": true, "yourname": true, "the_container": true,
		"my_tag": true,
		// real names
		"web": false, "my-vol-1": false, "mysql": false, "getting-started": false, "image": false,
		"container": false, "app-image": false, "node-app": false, "myapp2": false,
	} {
		assert.Equal(t, want, standIn(name), name)
	}
}

func TestStandIns(t *testing.T) {
	note := "# Cheat sheet\n\n" +
		"```\ndocker save my_image:my_tag | gzip > my_image.tar.gz\n```\n\n" +
		"```\ndocker stop container_id\n```\n\n" +
		"```\ndocker push yourname/app:1.0\n```\n\n" +
		"```\ndocker $VERB my_image\n```\n\n" +
		// made by the note: real names of the lab
		"```\ndocker build -t my-image .\ndocker run --name my_container -d my-image\n```\n\n" +
		"```\ndocker logs my_container\ndocker rmi my-image\n```\n"
	var got []string
	for _, s := range Snippets("cheat.md", []byte(note)) {
		got = append(got, string(s.Reason))
	}
	assert.Equal(t, []string{"placeholder", "placeholder", "placeholder", "", "", ""}, got)
}
