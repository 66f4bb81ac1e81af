package sandbox

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/moby/moby/client"
)

// A sandbox can be kept warm: after a lab, instead of being removed, it is
// reset to what a fresh one holds and parked under a name of its engine and
// network, for the next lab of this run or of a later labrun to take in a
// few milliseconds instead of starting a daemon. The reset is checked: a
// lab that left anything the reset cannot undo (a file changed outside the
// lab's directory, a mount, a firewall rule, a process it cannot tell from
// the daemon's) makes its sandbox removed, never parked. A parked sandbox
// stops itself after its idle time; `labrun gc`, and the next labrun that
// looks for one, remove it.

const (
	// WarmLabel is what a sandbox is, for one that would take it warm:
	// its engine, its network and its image's ID.
	WarmLabel = "org.labrun.warm"
	// ModeLabel says how the sandbox runs, for one taken warm.
	ModeLabel = "org.labrun.mode"

	parkedPrefix  = "labrun-warm-"    // a parked sandbox: labrun-warm-ENGINE-NETWORK
	claimedPrefix = "labrun-claimed-" // a parked sandbox taken: labrun-claimed-HOST_PID-RANDOM
)

// warmKey is the WarmLabel value of a sandbox of this host on reach: a
// labrun takes a parked sandbox only of its own engine, network and
// sandbox image, parked and reset the way it would park and reset it.
func (h *Host) warmKey(reach Network) string {
	return h.engine + "/" + reach.String() + "/" + h.imageID + "/" + warmProtocol
}

// warmProtocol names how this labrun parks, resets, checks and takes a
// sandbox: a labrun whose scripts differ (an older one) parked one that
// this labrun would not find as it expects.
var warmProtocol = func() string {
	sum := sha256.Sum256([]byte(readyScript + resetScript + wakeScript))
	return hex.EncodeToString(sum[:])[:12]
}()

// parkedName is the name a sandbox of this host on reach is parked under.
func (h *Host) parkedName(reach Network) string {
	name := parkedPrefix + nameSafe(h.engine) + "-" + reach.String()
	if h.pool != "" {
		name += "-" + nameSafe(h.pool)
	}
	return name
}

func nameSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// claim takes the sandbox parked for this host's engine on reach, if one
// is there, still running, made from the same image and left clean: its
// name is changed first, which only one labrun can do. A parked sandbox
// that cannot be used is removed. It returns nil when there is none.
func (h *Host) claim(ctx context.Context, reach Network) *Sandbox {
	parked := h.parkedName(reach)
	claimed := claimedPrefix + strings.ReplaceAll(owner(), ":", "_") + "-" + NewSession()[:6]
	if _, err := h.cli.ContainerRename(ctx, parked, client.ContainerRenameOptions{NewName: claimed}); err != nil {
		return nil // none parked, or another labrun took it
	}
	insp, err := h.cli.ContainerInspect(ctx, claimed, client.ContainerInspectOptions{})
	if err != nil {
		return nil
	}
	c := insp.Container
	sb := &Sandbox{cli: h.cli, id: c.ID, name: claimed, reach: reach, loaded: map[string]bool{}, images: &h.images, host: h, ready: true, ids: map[string]imageIDs{}, warm: map[string]imageIDs{}}
	if c.NetworkSettings != nil {
		for _, n := range c.NetworkSettings.Networks {
			sb.network = n.NetworkID
		}
	}
	usable := c.State != nil && c.State.Running && c.Config != nil && c.Config.Labels[WarmLabel] == h.warmKey(reach)
	if usable {
		sb.mode, sb.compose = c.Config.Labels[ModeLabel], h.compose
		if err := sb.wake(ctx); err != nil {
			h.tell("the sandbox kept warm was not taken: " + err.Error() + "; starting a fresh one")
			usable = false
		}
	}
	if !usable {
		_ = sb.Close(ctx)
		return nil
	}
	h.tell("took the sandbox kept warm (--fresh starts one instead)")
	return sb
}

// tell says what became of a warm sandbox, when the host was given a Say.
func (h *Host) tell(msg string) {
	if h.say != nil {
		h.say(msg)
	}
}

// wakeScript ends a parked sandbox's idle timer (the process group of its
// sleep), checks that its reset
// left it clean and its daemon answers, and prints the images it holds
// from the lab before, as "ref inner-id host-id" lines.
const wakeScript = `n=0
until [ -f /run/labrun-parked ]; do
	n=$((n + 1))
	[ "$n" -lt 3000 ] || { echo "its reset did not end"; exit 1; }
	sleep 0.02
done
[ -f /run/labrun-idle.pid ] && kill -9 "-$(cat /run/labrun-idle.pid)" 2>/dev/null
rm -f /run/labrun-idle.pid
parked=$(cat /run/labrun-parked)
[ "$parked" = clean ] || { echo "$parked"; exit 1; }
rm -f /run/labrun-parked /run/labrun-reset.sh /run/labrun-reset.out
curl -sf --unix-socket /var/run/docker.sock http://docker/_ping >/dev/null || { echo "its daemon does not answer"; exit 1; }
cat /run/labrun-loaded 2>/dev/null
exit 0`

// wake readies a sandbox taken warm, learning the images it holds.
func (s *Sandbox) wake(ctx context.Context) error {
	r, err := s.Run(ctx, Exec{Cmd: []string{"sh", "-c", wakeScript}, Timeout: 10 * time.Second})
	if err != nil {
		return err
	}
	if r.ExitCode != 0 {
		return errors.New(strings.TrimSpace(r.Output))
	}
	for _, line := range strings.Split(strings.TrimSpace(r.Output), "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			s.warm[f[0]] = imageIDs{inner: f[1], host: f[2]}
		}
	}
	return nil
}

// imageIDs name one image copied into a sandbox: as its daemon names it
// (which, with the containerd image store, is not the host's ID) and as
// the host does.
type imageIDs struct{ inner, host string }

// record notes, in a sandbox just started, what Park's reset must bring
// it back to. A sandbox where that fails is never parked.
func (s *Sandbox) record(ctx context.Context) {
	r, err := s.Run(ctx, Exec{Cmd: []string{"sh", "-c", readyScript}, Timeout: 10 * time.Second})
	s.ready = err == nil && r.ExitCode == 0
}

// keepWarmImages, in a sandbox taken warm, keeps the images of the lab
// before that this lab uses unchanged (their host IDs, wanted, are the
// same) and removes the others, so that the sandbox holds what a fresh
// one would once the lab's images are copied in.
func (s *Sandbox) keepWarmImages(ctx context.Context, wanted map[string]string) error {
	if len(s.warm) == 0 {
		return nil
	}
	var gone []string
	for ref, ids := range s.warm {
		if wanted[ref] == ids.host {
			s.loaded[ref] = true
			s.ids[ref] = ids
			continue
		}
		gone = append(gone, ref)
	}
	s.warm = nil
	if len(gone) == 0 {
		return nil
	}
	sort.Strings(gone)
	return s.must(ctx, "remove the images of the lab before", Exec{Cmd: append([]string{"docker", "rmi", "-f"}, gone...), Timeout: time.Minute})
}

// recordIDs notes how the sandbox's daemon names the images just loaded,
// so that Park keeps them and removes every other.
func (s *Sandbox) recordIDs(ctx context.Context, refs []string, hostIDs map[string]string) error {
	if len(refs) == 0 {
		return nil
	}
	r, err := s.Run(ctx, Exec{Cmd: append([]string{"docker", "image", "inspect", "--format", "{{.Id}}"}, refs...), Timeout: time.Minute})
	if err != nil {
		return err
	}
	ids := strings.Fields(r.Output)
	if r.ExitCode != 0 || len(ids) != len(refs) {
		s.ready = false // not parked: what to keep is not known
		return nil
	}
	for i, ref := range refs {
		s.ids[ref] = imageIDs{inner: ids[i], host: hostIDs[ref]}
	}
	return nil
}

// Release ends the sandbox's use by a lab: parked for the next lab when
// its host keeps sandboxes warm and the lab ran to its end (ok), removed
// otherwise. It says whether it was kept, and if not, why not.
func (s *Sandbox) Release(ctx context.Context, ok bool) (kept bool, why string, err error) {
	if s.host == nil || s.host.idle <= 0 || !ok || ctx.Err() != nil {
		return false, "", s.Close(ctx)
	}
	kept, why = s.host.Park(ctx, s, s.host.idle)
	if !kept {
		s.host.tell("the sandbox was not kept warm: " + why)
		return false, why, s.Close(ctx)
	}
	s.host.tell(fmt.Sprintf("kept the sandbox warm for the next try, reset in the background, for %s unused (labrun gc removes it)", s.host.idle))
	return true, "", nil
}

// resetScript undoes what a lab did to a sandbox, then checks that
// nothing is left that a fresh sandbox would not have; it prints "clean",
// or what it found. It keeps the images /run/labrun-loaded lists, as
// "ref inner-id host-id": those labrun copied in, unchanged.
const resetScript = `keep=$(cat /run/labrun-loaded)
# the processes there when the sandbox was parked: a labrun that takes it
# starts its own while this runs, and they are spared
procs=$(cat /run/labrun-procs)
docker swarm leave --force >/dev/null 2>&1
ids=$(docker ps -aq)
[ -z "$ids" ] || docker rm -f -v $ids >/dev/null 2>&1
plugins=$(docker plugin ls -q 2>/dev/null)
[ -z "$plugins" ] || docker plugin rm -f $plugins >/dev/null 2>&1
docker volume prune -af >/dev/null 2>&1 || docker volume prune -f >/dev/null 2>&1
vols=$(docker volume ls -q)
[ -z "$vols" ] || docker volume rm -f $vols >/dev/null 2>&1
docker network prune -f >/dev/null 2>&1
docker builder prune -af >/dev/null 2>&1
for pass in 1 2 3; do
	docker image ls -a --no-trunc --format '{{.Repository}}:{{.Tag}} {{.ID}}' >/tmp/labrun-images
	gone=
	while read -r ref id; do
		case "$ref" in "<none>:<none>") gone="$gone $id"; continue ;; esac
		printf '%s\n' "$keep" | cut -d' ' -f1,2 | grep -qxF "$ref $id" || gone="$gone $ref"
	done </tmp/labrun-images
	[ -z "$gone" ] && break
	docker rmi -f $gone >/dev/null 2>&1
done
rm -f /tmp/labrun-images
# What is kept is what is still there: the lab may have removed an image
# labrun copied in (docker rmi, system prune -a), which the next lab must
# then have copied in again.
printf '%s\n' "$keep" | while read -r ref id host; do
	[ -n "$ref" ] && [ "$(docker image inspect --format '{{.Id}}' "$ref" 2>/dev/null)" = "$id" ] && echo "$ref $id $host"
done >/run/labrun-loaded.new
mv /run/labrun-loaded.new /run/labrun-loaded
# The lab's processes: all but the init, the daemons and their DNS
# forwarders, and this script's own.
me=$$
for pid in $procs; do
	p=/proc/$pid
	[ "$pid" = 1 ] || [ "$pid" = "$me" ] && continue
	comm=$(cat "$p/comm" 2>/dev/null) || continue
	case "$comm" in dockerd|containerd|containerd-shim*|docker-init) continue ;; esac
	cmd=$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)
	case "$cmd" in *127.0.0.11:53*) continue ;; esac
	# this script's ancestors (the exec that runs it)
	a=$me; mine=
	while [ "$a" -gt 1 ]; do
		[ "$a" = "$pid" ] && { mine=1; break; }
		a=$(awk '/^PPid:/ {print $2}' "/proc/$a/status" 2>/dev/null) || break
		[ -n "$a" ] || break
	done
	[ -n "$mine" ] || kill -KILL "$pid" 2>/dev/null
done
rm -rf /lab /root/.docker /tmp/* /run/netns 2>/dev/null
mkdir -p /lab
dirty=
[ "$(docker ps -aq | wc -l)" = 0 ] || dirty="$dirty containers"
[ "$(docker volume ls -q | wc -l)" = 0 ] || dirty="$dirty volumes"
[ "$(docker network ls -q | wc -l)" = 3 ] || dirty="$dirty networks"
[ "$(docker info --format '{{.Swarm.LocalNodeState}}')" = inactive ] || dirty="$dirty swarm"
changed=$(find / -xdev \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -path /var/run -o -path /tmp -o -path /lab -o -path /root -o -path /var/log -o -path /var/lib/docker -o -path /var/lib/containerd \) -prune -o ! -path / -newer /run/labrun-ready -print 2>/dev/null | head -3)
[ -z "$changed" ] || dirty="$dirty files:$(echo $changed)"
for f in /etc/hosts /etc/resolv.conf /etc/hostname; do
	[ "$f" -nt /run/labrun-ready ] && dirty="$dirty $f"
done
[ "$(wc -l </proc/self/mountinfo)" = "$(cat /run/labrun-mounts)" ] || dirty="$dirty mounts"
[ "$(iptables-save 2>/dev/null | grep '^-A' | sort | md5sum)" = "$(cat /run/labrun-iptables)" ] || dirty="$dirty iptables"
if [ -n "$dirty" ]; then
	echo "left:$dirty"
	exit 1
fi
echo clean`

// readyScript records, in a sandbox whose daemon has just started, what
// a reset must bring it back to: the time (files changed after it are a
// lab's), its mounts and its firewall rules (the rules alone: an empty
// table a swarm made is no difference).
const readyScript = `touch /run/labrun-ready
wc -l </proc/self/mountinfo >/run/labrun-mounts
iptables-save 2>/dev/null | grep '^-A' | sort | md5sum >/run/labrun-iptables`

// Park keeps the sandbox for the next lab, under its engine's parked
// name, for idle at most. Its reset runs inside it, in the background, so
// that the lab's run ends at once: the labrun that takes it waits for the
// reset to end, and starts a fresh sandbox instead if it left the sandbox
// unclean. A sandbox whose start was not recorded, or whose engine already
// has one parked, is not kept: Park says why, and the caller removes it.
func (h *Host) Park(ctx context.Context, s *Sandbox, idle time.Duration) (kept bool, why string) {
	if !s.ready {
		return false, "its state at start was not recorded"
	}
	var keep []string
	for ref, ids := range s.ids {
		keep = append(keep, ref+" "+ids.inner+" "+ids.host)
	}
	sort.Strings(keep)
	park := fmt.Sprintf(`cat >/run/labrun-reset.sh
ls /proc | grep -E '^[0-9]+$' >/run/labrun-procs
printf '%%s\n' "$@" >/run/labrun-loaded
rm -f /run/labrun-parked
setsid sh -c 'sh /run/labrun-reset.sh >/run/labrun-reset.out 2>&1; tail -n 1 /run/labrun-reset.out >/run/labrun-parked.new
mv /run/labrun-parked.new /run/labrun-parked; sleep %d; kill -TERM 1' </dev/null >/dev/null 2>&1 &
echo $! >/run/labrun-idle.pid`, int(idle.Seconds()))
	r, err := s.Run(ctx, Exec{Cmd: append([]string{"sh", "-c", park, "park"}, keep...), Stdin: strings.NewReader(resetScript), Timeout: 10 * time.Second})
	if err != nil || r.ExitCode != 0 {
		return false, "could not start its reset"
	}
	if _, err := h.cli.ContainerRename(ctx, s.id, client.ContainerRenameOptions{NewName: h.parkedName(s.reach)}); err != nil {
		return false, "another sandbox of its engine is parked"
	}
	return true, ""
}
