package check

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGoProgram(t *testing.T) {
	tests := []struct {
		name, code, want string
		added            int
	}{
		{"no package clause, no imports", "func main() {\n\tfmt.Println(os.Args)\n}",
			"package main; import (\"fmt\"; \"os\")\nfunc main() {\n\tfmt.Println(os.Args)\n}", 1},
		{"the imports it lacks only", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tcmd := exec.Command(\"sh\")\n\tcmd.SysProcAttr = &syscall.SysProcAttr{}\n\tfmt.Println(cmd.Run())\n}",
			"package main; import (\"os/exec\"; \"syscall\")\n\nimport \"fmt\"\n\nfunc main() {\n\tcmd := exec.Command(\"sh\")\n\tcmd.SysProcAttr = &syscall.SysProcAttr{}\n\tfmt.Println(cmd.Run())\n}", 0},
		{"complete already", "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }",
			"package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println() }", 0},
		{"a name the program declares is not a package", "package main\n\nfunc main() {\n\tos := struct{ Args int }{}\n\t_ = os.Args\n}",
			"package main\n\nfunc main() {\n\tos := struct{ Args int }{}\n\t_ = os.Args\n}", 0},
		{"rand by what it uses: math/rand", "package main\nfunc main() { _ = rand.Intn(3) }",
			"package main; import (\"math/rand\")\nfunc main() { _ = rand.Intn(3) }", 0},
		{"rand by what it uses: crypto/rand", "package main\nfunc main() { _, _ = rand.Read(nil); _ = rand.Reader }",
			"package main; import (\"crypto/rand\")\nfunc main() { _, _ = rand.Read(nil); _ = rand.Reader }", 0},
		{"rand by what it uses: math/rand/v2", "package main\nfunc main() { _ = rand.IntN(3) }",
			"package main; import (\"math/rand/v2\")\nfunc main() { _ = rand.IntN(3) }", 0},
		{"a v2 import names its package", "package main\nimport \"math/rand/v2\"\nfunc main() { _ = rand.IntN(3) }",
			"package main\nimport \"math/rand/v2\"\nfunc main() { _ = rand.IntN(3) }", 0},
		{"not the standard library: left to the compiler", "package main\nfunc main() { client.NewClientWithOpts() }",
			"package main\nfunc main() { client.NewClientWithOpts() }", 0},
		{"does not parse: left to the compiler", "func main() {\n\tfmt.Println(\n}",
			"package main\nfunc main() {\n\tfmt.Println(\n}", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, added := GoProgram(tt.code)
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.added, added)
		})
	}
}
