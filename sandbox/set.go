package sandbox

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/moby/moby/api/types/container"
	"github.com/testcontainers/testcontainers-go"
	tclog "github.com/testcontainers/testcontainers-go/log"
	tcnetwork "github.com/testcontainers/testcontainers-go/network"
	"github.com/testcontainers/testcontainers-go/wait"
)

// Set is the sandboxes of a lab whose note names several hosts ("on
// node1 … on node2"): one sandbox per host, with that host's name as its
// hostname and as its name on one network of their own, so that the
// hosts reach each other by name and a swarm forms between them. The set
// is made with testcontainers-go, whose network and container lifecycle
// and wait strategies are what a set of containers needs; its reaper
// stays off (labrun's labels and `labrun gc` reap).
type Set struct {
	net     *testcontainers.DockerNetwork
	names   []string // the hosts, the lab's first host first
	members map[string]*Sandbox
	addrs   map[string]string // each host's address on the set's network
	mode    string
}

// errReaper says why a set is not started while testcontainers-go's
// reaper is on: it would pull the reaper's image, which a machine with no
// registry cannot, and labrun reaps its own sandboxes. Main turns it off
// (TESTCONTAINERS_RYUK_DISABLED=true) before the first set.
var errReaper = errors.New("testcontainers-go's reaper is on: set TESTCONTAINERS_RYUK_DISABLED=true (labrun reaps its own sandboxes)")

// StartSet starts one sandbox per host, in parallel, on a network of
// their own, and waits until every daemon answers and its guard rails
// are up. On error, whatever was created is removed.
func (h *Host) StartSet(ctx context.Context, reach Network, hosts []string) (set *Set, err error) {
	if len(hosts) == 0 || slices.Contains(hosts, "") {
		return nil, fmt.Errorf("start sandbox set: no host names in %q", hosts)
	}
	if !testcontainers.ReadConfig().Config.RyukDisabled {
		return nil, errReaper
	}
	labels := map[string]string{SessionLabel: h.session, OwnerLabel: owner()}
	net, err := newSetNetwork(ctx, reach, labels)
	if err != nil {
		return nil, err
	}
	made := &Set{net: net, names: hosts, members: map[string]*Sandbox{}, addrs: map[string]string{}}
	defer func() {
		if err != nil {
			_ = made.Close(ctx)
		}
	}()
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.createSet(ctx, made, reach, labels); err != nil {
		return nil, err
	}
	if err := h.prepareSet(ctx, made); err != nil {
		return nil, err
	}
	return made, nil
}

// newSetNetwork creates a set's network, internal when the set is
// offline. The create is not cancelled: one cut short by Ctrl-C may still
// complete in the daemon, and its ID is needed to remove it.
func newSetNetwork(ctx context.Context, reach Network, labels map[string]string) (*testcontainers.DockerNetwork, error) {
	opts := []tcnetwork.NetworkCustomizer{tcnetwork.WithLabels(labels)}
	if reach == Offline {
		opts = append(opts, tcnetwork.WithInternal())
	}
	cctx, cancel := uncancelled(ctx)
	defer cancel()
	net, err := tcnetwork.New(cctx, opts...)
	if err != nil {
		return nil, fmt.Errorf("create sandbox set network: %w", err)
	}
	return net, nil
}

// createSet creates and starts the set's sandboxes: privileged where the
// host allows it, which the first start finds out, and unprivileged
// otherwise, the sandboxes of a mode that failed removed before the next
// is tried. The caller holds h.mu.
func (h *Host) createSet(ctx context.Context, set *Set, reach Network, labels map[string]string) error {
	quiet := testcontainers.WithLogger(tclog.NewNoopLogger())
	modes := []bool{true, false}
	if h.privileged != nil {
		modes = []bool{*h.privileged}
	}
	var errs []error
	for _, privileged := range modes {
		err := set.start(ctx, h, reach, labels, privileged, quiet)
		if err == nil {
			h.privileged = &privileged
			return nil
		}
		errs = append(errs, err)
		set.closeMembers(ctx)
		if ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("start sandbox set: %w", errors.Join(errs...))
}

// prepareSet prepares every host's sandbox once its daemon answers (see
// prepare), the first host's before the others: its preparation may learn
// what the others then reuse. The caller holds h.mu.
func (h *Host) prepareSet(ctx context.Context, set *Set) error {
	first := set.members[set.names[0]]
	if err := h.prepare(ctx, first); err != nil {
		return err
	}
	return set.each(func(s *Sandbox) error {
		if s == first {
			return nil
		}
		return h.prepare(ctx, s)
	})
}

// start creates and starts every host's sandbox in one mode, in
// parallel.
func (set *Set) start(ctx context.Context, h *Host, reach Network, labels map[string]string, privileged bool, quiet testcontainers.ContainerCustomizer) error {
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make([]error, len(set.names))
	for i, name := range set.names {
		wg.Go(func() {
			sb := &Sandbox{cli: h.cli, name: "labrun-" + h.session + "-" + NewSession()[:6] + "-" + name,
				reach: reach, loaded: map[string]bool{}, images: &h.images}
			cfg, hc, mode := sb.spec(h.image, set.net.Name, name, labels, privileged)
			sb.mode = mode
			mu.Lock()
			set.members[name], set.mode = sb, mode
			mu.Unlock()
			// Creates are not cancelled: one cut short by Ctrl-C may still
			// complete in the daemon, and is removed by its name.
			cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), readyWait)
			defer cancel()
			c, err := testcontainers.Run(cctx, h.image, quiet,
				testcontainers.WithName(sb.name),
				testcontainers.WithConfigModifier(func(c *container.Config) {
					c.Hostname, c.Env, c.StopTimeout, c.Volumes = cfg.Hostname, cfg.Env, cfg.StopTimeout, cfg.Volumes
					for k, v := range cfg.Labels {
						c.Labels[k] = v
					}
				}),
				testcontainers.WithHostConfigModifier(func(c *container.HostConfig) {
					c.Init, c.Tmpfs, c.Resources = hc.Init, hc.Tmpfs, hc.Resources
					c.Privileged, c.CapAdd, c.SecurityOpt = hc.Privileged, hc.CapAdd, hc.SecurityOpt
				}),
				tcnetwork.WithNetwork([]string{name}, set.net),
				testcontainers.WithWaitStrategy(wait.ForExec([]string{"sh", "-c", waitUntilAnswers}).
					WithStartupTimeout(readyWait).WithPollInterval(100*time.Millisecond)),
			)
			if c != nil {
				sb.id = c.GetContainerID()
			}
			if err != nil {
				errs[i] = fmt.Errorf("start sandbox %s (%s): %w", name, mode, err)
				if sb.id != "" {
					errs[i] = fmt.Errorf("%w: %s", errs[i], sb.daemonLog(ctx))
				}
				return
			}
			ip, err := c.ContainerIP(ctx)
			if err != nil {
				errs[i] = fmt.Errorf("address of sandbox %s: %w", name, err)
				return
			}
			mu.Lock()
			set.addrs[name] = ip
			mu.Unlock()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// each calls f on every host's sandbox at once, and joins their errors.
func (set *Set) each(f func(*Sandbox) error) error {
	var wg sync.WaitGroup
	errs := make([]error, len(set.names))
	for i, name := range set.names {
		if sb := set.members[name]; sb != nil {
			wg.Go(func() { errs[i] = f(sb) })
		}
	}
	wg.Wait()
	return errors.Join(errs...)
}

// Hosts are the set's hosts, the lab's first host first.
func (set *Set) Hosts() []string { return set.names }

// Address is a host's address on the set's network, "" for a host the
// set does not have.
func (set *Set) Address(host string) string { return set.addrs[host] }

// member is the sandbox of a host; "" is the first host.
func (set *Set) member(host string) (*Sandbox, error) {
	if host == "" {
		host = set.names[0]
	}
	sb, ok := set.members[host]
	if !ok {
		return nil, fmt.Errorf("no host %q in this lab (it has %v)", host, set.names)
	}
	return sb, nil
}

// Run runs a process on the host e names.
func (set *Set) Run(ctx context.Context, e Exec) (Ran, error) {
	sb, err := set.member(e.Host)
	if err != nil {
		return Ran{}, err
	}
	return sb.Run(ctx, e)
}

// WriteFiles writes the files into dir on every host: the lab's files
// are where the reader is, on whichever host that is.
func (set *Set) WriteFiles(ctx context.Context, dir string, files map[string][]byte) error {
	return set.each(func(sb *Sandbox) error { return sb.WriteFiles(ctx, dir, files) })
}

// Compose is the command that runs compose on the hosts.
func (set *Set) Compose() string { return set.members[set.names[0]].Compose() }

// Mode says how the hosts' sandboxes run.
func (set *Set) Mode() string { return set.mode }

// CopyImages copies the images into every host, as a swarm's tasks may
// run on any of them.
func (set *Set) CopyImages(ctx context.Context, refs []string) (map[string]string, error) {
	var mu sync.Mutex
	missing := map[string]string{}
	err := set.each(func(sb *Sandbox) error {
		m, err := sb.CopyImages(ctx, refs)
		mu.Lock()
		defer mu.Unlock()
		for k, v := range m {
			missing[k] = v
		}
		return err
	})
	return missing, err
}

// InitSwarm makes the first host a swarm manager; the note's own
// commands join the others.
func (set *Set) InitSwarm(ctx context.Context) error {
	return set.members[set.names[0]].InitSwarm(ctx)
}

// Close removes every host's sandbox with its volumes, then the network.
// It works after Ctrl-C and may be called more than once.
func (set *Set) Close(ctx context.Context) error {
	err := set.closeMembers(ctx)
	if set.net != nil {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		if rerr := set.net.Remove(ctx); rerr != nil && !isNotFound(rerr) {
			err = errors.Join(err, fmt.Errorf("remove sandbox set network: %w", rerr))
		}
		set.net = nil
	}
	return err
}

// closeMembers removes the hosts' sandboxes, by ID or by name.
func (set *Set) closeMembers(ctx context.Context) error {
	err := set.each(func(sb *Sandbox) error { return sb.Close(ctx) })
	set.members = map[string]*Sandbox{}
	return err
}
