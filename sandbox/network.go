package sandbox

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/moby/moby/client"
)

// Network says what a sandbox can reach outside itself.
type Network int

const (
	// Online puts the sandbox on an ordinary bridge network of its own,
	// with the host's route outside, as a reader's machine has: builds
	// install packages, clones clone, pulls pull. Guard rails keep it
	// from the host daemon, from cloud metadata and from other sandboxes.
	Online Network = iota
	// Offline puts the sandbox on an internal network: no route outside,
	// and name lookups are refused at once. Images still come from the
	// host daemon.
	Offline
)

func (n Network) String() string {
	if n == Offline {
		return "offline"
	}
	return "online"
}

// metadataNets hold the cloud instance metadata services, whose answers
// include the host's cloud credentials: link-local 169.254.0.0/16 (AWS,
// GCP, Azure, OpenStack, the ECS task endpoint 169.254.170.2) and
// Alibaba's 100.100.100.200.
var metadataNets = []string{"169.254.0.0/16", "100.100.100.200/32"}

// daemonPorts are the Docker daemon's TCP ports (plain and TLS). A
// connection to them that leaves the sandbox is refused, whatever its
// address: the host daemon may listen on every address of the host.
const daemonPorts = "2375:2376"

// guardChain is the iptables chain of the guard rails inside a sandbox.
const guardChain = "LABRUN-GUARD"

// guardRules are the guard rails of a sandbox, for iptables-restore
// --noflush inside it. They hold on both ways out of the sandbox's network
// namespace: OUTPUT for its own processes (and containers run with
// --network host), DOCKER-USER, first in FORWARD and never flushed by the
// daemon, for its containers and build steps. blocked are the host's
// addresses that nothing may reach (see hostAddrs). DNS is let through: the
// host's resolver may sit on a link-local address (GCP's does).
func guardRules(blocked []string) string {
	var b strings.Builder
	b.WriteString("*filter\n:" + guardChain + " - [0:0]\n")
	fmt.Fprintf(&b, "-A %s -p udp --dport 53 -j RETURN\n-A %s -p tcp --dport 53 -j RETURN\n", guardChain, guardChain)
	for _, a := range append(append([]string(nil), blocked...), metadataNets...) {
		fmt.Fprintf(&b, "-A %s -d %s -p tcp -j REJECT --reject-with tcp-reset\n", guardChain, a)
		fmt.Fprintf(&b, "-A %s -d %s -p udp -j REJECT\n", guardChain, a)
	}
	fmt.Fprintf(&b, "-A %s -o eth0 -p tcp --dport %s -j REJECT --reject-with tcp-reset\n", guardChain, daemonPorts)
	fmt.Fprintf(&b, "-I OUTPUT 1 -j %s\n-I DOCKER-USER 1 -j %s\nCOMMIT\n", guardChain, guardChain)
	return b.String()
}

// guard puts the guard rails in place. The daemon inside is up, so the
// DOCKER-USER chain it makes is there; one made here does no harm where
// the daemon runs without iptables.
func (s *Sandbox) guard(ctx context.Context, blocked []string) error {
	return s.must(ctx, "set the sandbox's guard rails", Exec{
		Cmd:     []string{"sh", "-c", `iptables -w -N DOCKER-USER 2>/dev/null; iptables-restore -w --noflush`},
		Stdin:   strings.NewReader(guardRules(blocked)),
		Timeout: 30 * time.Second,
	})
}

// hostAddrs returns the host addresses a sandbox must not reach: the
// gateways of the host daemon's networks (each is an address of the host)
// and the address of DOCKER_HOST when it is on TCP.
func hostAddrs(ctx context.Context, cli *client.Client) ([]string, error) {
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{})
	if err != nil {
		return nil, fmt.Errorf("list the host's networks: %w", err)
	}
	set := map[string]bool{}
	for _, n := range ns.Items {
		for _, c := range n.IPAM.Config {
			if c.Gateway.Is4() {
				set[c.Gateway.String()+"/32"] = true
			}
		}
	}
	if a, ok := tcpDaemonAddr(os.Getenv("DOCKER_HOST")); ok {
		set[a.String()+"/32"] = true
	}
	out := make([]string, 0, len(set))
	for a := range set {
		out = append(out, a)
	}
	sort.Strings(out)
	return out, nil
}

// tcpDaemonAddr is the IPv4 address of a tcp:// DOCKER_HOST, when it
// names one (a name is looked up).
func tcpDaemonAddr(dockerHost string) (netip.Addr, bool) {
	u, err := url.Parse(dockerHost)
	if err != nil || u.Scheme != "tcp" || u.Hostname() == "" {
		return netip.Addr{}, false
	}
	if a, err := netip.ParseAddr(u.Hostname()); err == nil {
		return a, a.Is4()
	}
	ips, err := net.LookupIP(u.Hostname())
	if err != nil {
		return netip.Addr{}, false
	}
	for _, ip := range ips {
		if a, ok := netip.AddrFromSlice(ip.To4()); ok { // To4 is nil for IPv6
			return a, true
		}
	}
	return netip.Addr{}, false
}
