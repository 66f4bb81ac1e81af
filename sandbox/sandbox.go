package sandbox

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/labrun/labrun/engine"
	"github.com/moby/moby/api/types/container"
	"github.com/moby/moby/api/types/network"
	"github.com/moby/moby/client"
)

// Labels put on everything labrun creates on the host.
const (
	SessionLabel = "org.labrun.session"
	SandboxLabel = "org.labrun.sandbox"
	OwnerLabel   = "org.labrun.owner" // host name and process ID of the labrun that made it
)

// ErrNoSandboxImage means the sandbox image is not on the host.
var ErrNoSandboxImage = errors.New("the sandbox image is missing")

// Engine describes the host's Docker engine.
type Engine struct {
	Server string // engine version
	API    string // negotiated API version
}

// Connect makes a client for the host daemon named by the environment
// (DOCKER_HOST and friends), negotiates the API version and checks that the
// daemon answers within 2 s.
func Connect(ctx context.Context) (*client.Client, Engine, error) {
	cli, err := client.New(client.FromEnv)
	if err != nil {
		return nil, Engine{}, fmt.Errorf("docker client: %w", err)
	}
	host := os.Getenv("DOCKER_HOST")
	if host == "" {
		host = cli.DaemonHost()
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if _, err := cli.Ping(pctx, client.PingOptions{NegotiateAPIVersion: true}); err != nil {
		cli.Close()
		return nil, Engine{}, fmt.Errorf("no Docker daemon answers at %s (set DOCKER_HOST to point at one): %w", host, err)
	}
	v, err := cli.ServerVersion(pctx, client.ServerVersionOptions{})
	if err != nil {
		cli.Close()
		return nil, Engine{}, fmt.Errorf("docker version at %s: %w", host, err)
	}
	return cli, Engine{Server: v.Version, API: cli.ClientVersion()}, nil
}

// NewSession returns a fresh session ID for the labels of one labrun run.
func NewSession() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Host starts sandboxes on one host daemon and remembers whether the host
// allows --privileged, so that only the first sandbox tries.
type Host struct {
	cli     *client.Client
	image   string
	session string

	engine string // the engine's name: "28", or an image for any other

	// compose is the sandbox image's org.labrun.compose label: "v2" when
	// the Compose v2 plugin is there, "v1" when only docker-compose v1 is.
	// An image with the label is labrun's own, whose entrypoint also
	// points the resolver offline; without it, prepare does both itself,
	// for Start and StartSet alike.
	compose string

	mu         sync.Mutex // held for a whole start
	privileged *bool      // nil until known
	probed     string     // the compose of an image without the label, once its first sandbox was asked

	vmu      sync.Mutex
	versions engine.Versions // from the image's labels, or asked of the first sandbox

	images imageFiles // the images copied into sandboxes, saved once

	imageID string        // the sandbox image's ID: a parked sandbox of another is not taken
	idle    time.Duration // how long a sandbox parked after its lab waits; 0: none is parked
	fresh   bool          // take no parked sandbox
	pool    string
	say     func(string)
}

// Config shapes the sandboxes of a Host.
type Config struct {
	Engine  string // a named engine or a Docker-in-Docker image; default engine.Default
	Session string // value of the session label; default a new session
	// Privileged: "auto" (default) tries --privileged and falls back,
	// "on" requires it, "off" never tries it.
	Privileged string
	// Idle: a sandbox is kept warm after its lab, reset and parked for
	// the next lab (of this run or a later one), for this long at most;
	// 0 removes it. See Park.
	Idle time.Duration
	// Fresh: every sandbox starts fresh; none parked before is taken.
	Fresh bool
	// Pool names the place sandboxes are parked in, besides their engine
	// and network: hosts of different pools take none of each other's
	// (tests use their own). "" is the user's.
	Pool string
	// Say, if set, tells people when a sandbox is taken warm or kept
	// warm, and why one was not kept.
	Say func(string)
}

// NewHost prepares to start sandboxes of one engine on the daemon cli
// talks to. It fails with ErrNoSandboxImage when the engine's sandbox image
// is not there.
func NewHost(ctx context.Context, cli *client.Client, cfg Config) (*Host, error) {
	h := &Host{cli: cli, engine: cfg.Engine, session: cfg.Session, images: imageFiles{cli: cli}, idle: cfg.Idle, fresh: cfg.Fresh, pool: cfg.Pool, say: cfg.Say}
	if h.engine == "" {
		h.engine = engine.Default
	}
	h.image = EngineImage(h.engine)
	if h.session == "" {
		h.session = NewSession()
	}
	switch cfg.Privileged {
	case "on":
		t := true
		h.privileged = &t
	case "off":
		f := false
		h.privileged = &f
	}
	insp, err := cli.ImageInspect(ctx, h.image)
	if err != nil {
		if isNotFound(err) {
			return nil, fmt.Errorf("%w: %s", ErrNoSandboxImage, missingImageAdvice(h.engine, h.image))
		}
		return nil, fmt.Errorf("inspect sandbox image %s: %w", h.image, err)
	}
	h.imageID = insp.ID
	if insp.Config != nil {
		h.compose = insp.Config.Labels["org.labrun.compose"]
		h.versions = versionsFrom(insp.Config.Labels)
	}
	return h, nil
}

// missingImageAdvice says how to get the sandbox image of an engine.
func missingImageAdvice(name, image string) string {
	if image != name {
		return fmt.Sprintf("engine %s: %s is not on this host; `labrun setup --engine %s` builds it from Debian packages through your daemon (a few minutes, once)", name, image, name)
	}
	return fmt.Sprintf("engine %s is not on this host; `docker pull %s` where a registry is reachable", image, image)
}

// Engine is the name of the engine the host starts sandboxes of.
func (h *Host) Engine() string { return h.engine }

// Versions are the versions of the engine's Docker parts: from its image's
// labels, or, for an image with none, from the first sandbox started.
func (h *Host) Versions() engine.Versions {
	h.vmu.Lock()
	defer h.vmu.Unlock()
	return h.versions
}

// ImageIDs returns the IDs of the images on the host, by reference; an
// image that is not there has no entry. Cache keys use them.
func (h *Host) ImageIDs(ctx context.Context, refs []string) map[string]string {
	ids := map[string]string{}
	for _, ref := range append([]string{h.image}, refs...) {
		if insp, err := h.cli.ImageInspect(ctx, ref); err == nil {
			ids[ref] = insp.ID
		}
	}
	return ids
}

// Close removes the images the host saved for its sandboxes. The
// sandboxes themselves are closed one by one.
func (h *Host) Close() error {
	return h.images.remove()
}

// Session is the label value of everything this Host creates.
func (h *Host) Session() string { return h.session }

// Client is the host daemon's client.
func (h *Host) Client() *client.Client { return h.cli }

// Sandbox is one throwaway daemon in a container on the host.
type Sandbox struct {
	cli     *client.Client
	id      string // container ID
	name    string // container name: removes a container whose create was interrupted before its ID came back
	network string // network ID
	reach   Network
	mode    string
	loaded  map[string]bool
	images  *imageFiles
	compose string // "v2": the Compose v2 plugin; "v1": docker-compose v1 only
	host    *Host
	// Keeping it warm (see Park): ready is set once its state at start
	// is recorded; ids are the images copied in, as the sandbox's
	// daemon and the host name them; warm are those a sandbox taken
	// warm holds from the lab before.
	ready     bool
	ids       map[string]imageIDs
	warm      map[string]imageIDs
	closeOnce sync.Once
	closeErr  error
}

// Network says what the sandbox can reach.
func (s *Sandbox) Network() Network { return s.reach }

// Mode says how the sandbox runs: privileged or not.
func (s *Sandbox) Mode() string { return s.mode }

// ID is the sandbox container's ID.
func (s *Sandbox) ID() string { return s.id }

const (
	memoryLimit = 6 << 30
	pidsLimit   = 4096
	readyWait   = 60 * time.Second
)

// Start creates a sandbox on a network of its own and waits until its
// daemon answers and its guard rails are up. On error, whatever was
// created is removed.
func (h *Host) Start(ctx context.Context, reach Network) (sb *Sandbox, err error) {
	if !h.fresh {
		if sb := h.claim(ctx, reach); sb != nil {
			return sb, nil
		}
	}
	name := "labrun-" + h.session + "-" + NewSession()[:6]
	labels := map[string]string{SessionLabel: h.session, OwnerLabel: owner()}
	// Creates are not cancelled: a create cut short by Ctrl-C may still
	// complete in the daemon, and its ID is needed to remove it.
	cctx, cancel := uncancelled(ctx)
	net, err := h.cli.NetworkCreate(cctx, name, client.NetworkCreateOptions{Driver: "bridge", Internal: reach == Offline, Labels: labels})
	cancel()
	if err != nil {
		return nil, fmt.Errorf("create sandbox network: %w", err)
	}
	made := &Sandbox{cli: h.cli, name: name, network: net.ID, reach: reach, loaded: map[string]bool{}, images: &h.images, host: h, ids: map[string]imageIDs{}}
	sb = made
	defer func() {
		// made, not sb: `return nil, err` has already set sb to nil, and
		// Ctrl-C during a start must still remove what was created.
		if err != nil {
			_ = made.Close(ctx)
		}
	}()
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.create(ctx, sb, labels); err != nil {
		return nil, err
	}
	if err := sb.waitReady(ctx); err != nil {
		return nil, err
	}
	if err := h.prepare(ctx, sb); err != nil {
		return nil, err
	}
	if h.idle > 0 {
		sb.record(ctx)
	}
	return sb, nil
}

// create creates and starts the sandbox's container: privileged where the
// host allows it, which the first start finds out, and unprivileged
// otherwise. The caller holds h.mu.
func (h *Host) create(ctx context.Context, sb *Sandbox, labels map[string]string) error {
	labels[WarmLabel] = h.warmKey(sb.reach)
	modes := []bool{true, false}
	if h.privileged != nil {
		modes = []bool{*h.privileged}
	}
	var errs []error
	for _, privileged := range modes {
		err := sb.create(ctx, h.image, labels, privileged)
		if err == nil {
			h.privileged = &privileged
			return nil
		}
		errs = append(errs, err)
		// By name: a create cut short by Ctrl-C may have made a container
		// whose ID never came back.
		_, _ = h.cli.ContainerRemove(context.WithoutCancel(ctx), sb.name, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true})
		sb.id = ""
		if ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("start sandbox: %w", errors.Join(errs...))
}

// prepare readies a sandbox whose daemon answers: its guard rails, and,
// for an image that is not labrun's own, what its entrypoint did not do
// (an offline resolver) and what its labels do not say (its versions).
// The caller holds h.mu.
func (h *Host) prepare(ctx context.Context, sb *Sandbox) error {
	blocked, err := hostAddrs(ctx, h.cli)
	if err != nil {
		return err
	}
	if err := sb.guard(ctx, blocked); err != nil {
		return err
	}
	if h.compose != "" {
		sb.compose = h.compose
		return nil
	}
	if sb.reach == Offline {
		if err := sb.offlineDNS(ctx); err != nil {
			return err
		}
	}
	if h.probed != "" {
		sb.compose = h.probed
		return nil
	}
	return sb.learnVersions(ctx, h)
}

// offlineDNS points an offline sandbox's resolver at a loopback address
// where nothing answers: it has no route outside, and this way a lookup
// is refused at once instead of timing out, so that pulls and curls in the
// notes are judged "needs the network" in milliseconds, not after 20 s.
// Containers inside still find each other through their daemon's DNS.
func (s *Sandbox) offlineDNS(ctx context.Context) error {
	return s.must(ctx, "set the sandbox's resolver", Exec{Cmd: []string{"sh", "-c", `echo "nameserver 127.0.0.1" >/etc/resolv.conf`}, Timeout: 30 * time.Second})
}

// versionsScript prints, one a line, what a Docker-in-Docker image that
// is not labrun's own holds: its engine, CLI and Compose versions.
const versionsScript = `docker version --format '{{.Server.Version}}
{{.Client.Version}}' 2>/dev/null || printf '\n\n'
docker compose version --short 2>/dev/null || { command -v docker-compose >/dev/null && echo v1; } || echo`

// learnVersions asks the first sandbox of an image without labrun's
// labels which Docker it holds, and records it on the host: every sandbox
// of the image holds the same. The caller holds h.mu.
func (s *Sandbox) learnVersions(ctx context.Context, h *Host) error {
	r, err := s.Run(ctx, Exec{Cmd: []string{"sh", "-c", versionsScript}, Timeout: 30 * time.Second})
	if err != nil {
		return err
	}
	lines := strings.Split(r.Output+"\n\n\n", "\n")
	v := engine.Versions{Engine: strings.TrimSpace(lines[0]), CLI: strings.TrimSpace(lines[1])}
	switch c := strings.TrimPrefix(strings.TrimSpace(lines[2]), "v"); c {
	case "1", "":
		s.compose = "v1"
	default:
		s.compose, v.Compose = "v2", c
	}
	h.probed = s.compose
	h.vmu.Lock()
	h.versions = v
	h.vmu.Unlock()
	return nil
}

// Compose is the command that runs compose in this sandbox: the Compose v2
// plugin where it is there, docker-compose v1 where only it is (20.10).
func (s *Sandbox) Compose() string {
	if s.compose == "v1" {
		return "docker-compose"
	}
	return "docker compose"
}

// spec is how a sandbox container is made: its config and host config,
// on the network named network, with hostname, in one mode; mode says it
// for people.
func (s *Sandbox) spec(image, network, hostname string, labels map[string]string, privileged bool) (*container.Config, *container.HostConfig, string) {
	pids := int64(pidsLimit)
	init := true // reaps the inner daemon's orphans (containerd-shim zombies)
	hc := &container.HostConfig{
		NetworkMode: container.NetworkMode(network),
		Init:        &init,
		Tmpfs:       map[string]string{"/run": "", "/var/run": "", "/tmp": "exec,mode=1777"},
		Resources:   container.Resources{Memory: memoryLimit, PidsLimit: &pids},
	}
	mode := "privileged"
	if privileged {
		hc.Privileged = true
	} else {
		mode = "unprivileged (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, seccomp=unconfined)"
		// SYS_PTRACE: runc 1.2 and later switch a container's process to
		// its --user before the daemon's hook bind-mounts the process's
		// network namespace, and root may open another user's
		// /proc/PID/ns/net only with it ("bind-mount … permission denied").
		hc.CapAdd = []string{"SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE"}
		hc.SecurityOpt = []string{"seccomp=unconfined", "apparmor=unconfined"}
	}
	cl := map[string]string{SandboxLabel: "1", ModeLabel: mode}
	for k, v := range labels {
		cl[k] = v
	}
	stop := 0
	// Honoured by labrun's own entrypoint: offline, a resolver that
	// refuses at once; online, the daemon's containers resolve through
	// the sandbox.
	env := []string{"LABRUN_DNS_FORWARD=1"}
	if s.reach == Offline {
		env = []string{"LABRUN_OFFLINE_DNS=1"}
	}
	cfg := &container.Config{
		Image: image, Labels: cl, StopTimeout: &stop, Hostname: hostname,
		Env:     env,
		Volumes: map[string]struct{}{"/var/lib/docker": {}},
	}
	return cfg, hc, mode
}

// create creates and starts the sandbox container in one mode.
func (s *Sandbox) create(ctx context.Context, image string, labels map[string]string, privileged bool) error {
	cfg, hc, mode := s.spec(image, s.name, "lab", labels, privileged)
	s.mode = mode
	cctx, cancel := uncancelled(ctx)
	defer cancel()
	created, err := s.cli.ContainerCreate(cctx, client.ContainerCreateOptions{
		Name:             s.name,
		Config:           cfg,
		HostConfig:       hc,
		NetworkingConfig: &network.NetworkingConfig{EndpointsConfig: map[string]*network.EndpointSettings{s.name: {}}},
	})
	if err != nil {
		return fmt.Errorf("create sandbox container (%s): %w", s.mode, err)
	}
	s.id = created.ID
	if _, err := s.cli.ContainerStart(ctx, s.id, client.ContainerStartOptions{}); err != nil {
		return fmt.Errorf("start sandbox container (%s): %w", s.mode, err)
	}
	return nil
}

// waitUntilAnswers asks the inner daemon for a ping every 20 ms, inside
// the sandbox, for up to 5 s: one exec instead of one per try, and curl
// instead of the docker CLI, which takes 100 ms to start. A ping sent while
// the daemon initialises waits in its socket's queue and is answered the
// moment it serves.
const waitUntilAnswers = `end=$(($(date +%s) + 5))
until if command -v curl >/dev/null; then
	curl -sf --unix-socket /var/run/docker.sock http://docker/_ping
else
	docker version
fi >/dev/null 2>&1; do
	[ "$(date +%s)" -lt "$end" ] || exit 1
	sleep 0.02
done`

// waitReady waits until the inner daemon answers.
func (s *Sandbox) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(readyWait)
	for {
		r, err := s.Run(ctx, Exec{Cmd: []string{"sh", "-c", waitUntilAnswers}, Timeout: 10 * time.Second})
		if err == nil && r.ExitCode == 0 {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		insp, ierr := s.cli.ContainerInspect(ctx, s.id, client.ContainerInspectOptions{})
		running := ierr == nil && insp.Container.State != nil && insp.Container.State.Running
		if !running || time.Now().After(deadline) {
			return fmt.Errorf("the sandbox's daemon did not start (%s): %s", s.mode, s.daemonLog(ctx))
		}
		time.Sleep(150 * time.Millisecond)
	}
}

// daemonLog returns the last lines of the inner daemon's log.
func (s *Sandbox) daemonLog(ctx context.Context) string {
	r, err := s.Run(context.WithoutCancel(ctx), Exec{Cmd: []string{"tail", "-n", "5", "/var/log/docker.log"}, Timeout: 5 * time.Second})
	if err != nil {
		return "its log could not be read: " + err.Error()
	}
	return strings.TrimSpace(r.Output)
}

// uncancelled keeps ctx's values but not its cancellation, for requests
// whose result must be known to be undone.
func uncancelled(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
}

// Close removes the sandbox container with its volumes, and its network.
// It runs on a fresh context so that it works after Ctrl-C, and it is safe
// to call more than once.
func (s *Sandbox) Close(ctx context.Context) error {
	s.closeOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		var errs []error
		target := s.id
		if target == "" {
			target = s.name
		}
		if target != "" {
			if _, err := s.cli.ContainerRemove(ctx, target, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil && !isNotFound(err) {
				errs = append(errs, fmt.Errorf("remove sandbox container: %w", err))
			}
		}
		if s.network != "" {
			if _, err := s.cli.NetworkRemove(ctx, s.network, client.NetworkRemoveOptions{}); err != nil && !isNotFound(err) {
				errs = append(errs, fmt.Errorf("remove sandbox network: %w", err))
			}
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// WriteFiles writes files into dir inside the sandbox, creating
// directories as needed.
func (s *Sandbox) WriteFiles(ctx context.Context, dir string, files map[string][]byte) error {
	var buf bytes.Buffer
	if err := tarFiles(&buf, files); err != nil {
		return err
	}
	if r, err := s.Run(ctx, Exec{Cmd: []string{"mkdir", "-p", dir}, Timeout: 10 * time.Second}); err != nil || r.ExitCode != 0 {
		return fmt.Errorf("mkdir %s in the sandbox: %v %s", dir, err, r.Output)
	}
	_, err := s.cli.CopyToContainer(ctx, s.id, client.CopyToContainerOptions{DestinationPath: dir, Content: &buf})
	if err != nil {
		return fmt.Errorf("copy files into the sandbox: %w", err)
	}
	return nil
}

// InitSwarm makes the sandbox's daemon a single-node swarm manager.
func (s *Sandbox) InitSwarm(ctx context.Context) error {
	return s.must(ctx, "docker swarm init", Exec{Cmd: []string{"sh", "-c",
		`[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = active ] || docker swarm init --advertise-addr eth0`},
		Timeout: 60 * time.Second})
}

// CopyImages makes images available inside the sandbox: each is taken from
// the host daemon (pulled by the host, with its own configuration, when it
// is not there) and loaded into the sandbox's daemon. The host saves each
// image once per run, however many sandboxes load it. It returns the images
// that could not be had, each with the reason; its error means the sandbox
// failed.
func (s *Sandbox) CopyImages(ctx context.Context, refs []string) (map[string]string, error) {
	missing := map[string]string{}
	hostIDs := map[string]string{}
	for _, ref := range refs {
		if s.loaded[ref] {
			continue
		}
		id, why := s.hostImage(ctx, ref)
		if why != "" {
			missing[ref] = why
			continue
		}
		hostIDs[ref] = id
	}
	if err := s.keepWarmImages(ctx, hostIDs); err != nil {
		return missing, err
	}
	var loaded []string
	for _, ref := range refs {
		id, ok := hostIDs[ref]
		if !ok || s.loaded[ref] {
			continue
		}
		if err := s.images.load(ctx, s, ref, id); err != nil {
			return missing, err
		}
		s.loaded[ref] = true
		loaded = append(loaded, ref)
	}
	if s.host != nil && s.host.idle > 0 {
		if err := s.recordIDs(ctx, loaded, hostIDs); err != nil {
			return missing, err
		}
	}
	return missing, nil
}

// hostImage makes sure ref is on the host, pulling it if need be, and
// returns its ID, or why it cannot be had.
func (s *Sandbox) hostImage(ctx context.Context, ref string) (id, why string) {
	if insp, err := s.cli.ImageInspect(ctx, ref); err == nil {
		return insp.ID, ""
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	resp, err := s.cli.ImagePull(pctx, ref, client.ImagePullOptions{})
	if err == nil {
		err = resp.Wait(pctx)
		resp.Close()
	}
	if err != nil {
		return "", "the host could not pull " + ref + ": " + firstLine(err.Error())
	}
	insp, err := s.cli.ImageInspect(ctx, ref)
	if err != nil {
		return "", "pulled, yet not on the host: " + firstLine(err.Error())
	}
	return insp.ID, ""
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
