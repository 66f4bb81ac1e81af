package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestListeningPorts(t *testing.T) {
	start := time.Date(2026, 12, 1, 14, 0, 0, 0, time.UTC)
	out := `inode 4242
tcp   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
tcp    0: 0100007F:15CE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
tcp    1: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 999 1 0000000000000000 100 0 0 10 0
tcp    2: 0100007F:15CE 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 4242 1 0000000000000000 100 0 0 10 0
ctr aaa 2026-12-01T14:00:01.5Z 321
ctcp aaa   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 777 1 0000000000000000 100 0 0 10 0
ctcp aaa   0: 00000000000000000000000000000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 778 1 0000000000000000 100 0 0 10 0
ctr bbb 2026-12-01T13:00:00Z 322
ctcp bbb   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 779 1 0000000000000000 100 0 0 10 0
`
	assert.Equal(t, []int{80, 5582, 8080}, ListeningPorts(out, start),
		"the group's own socket and the new container's, not sshd's nor an older container's")
	assert.Empty(t, ListeningPorts("", start))

	// On the sandbox's own network (--network host) a container's table
	// is the sandbox's: only the sockets its processes hold are its.
	host := `ctr ccc 2026-12-01T14:00:02Z 400 1
ctcp ccc   0: 02A0A8C0:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 501 1 0000000000000000 100 0 0 10 0
ctcp ccc   1: 00000000:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 502 1 0000000000000000 100 0 0 10 0
`
	assert.Empty(t, ListeningPorts(host, start), "the sandbox's DNS proxy on 53 is not the container's")
	assert.Equal(t, []int{8081}, ListeningPorts(host+"cinode ccc 502\n", start))
}
