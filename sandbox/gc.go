package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/moby/moby/client"
)

// owner names this process for OwnerLabel: host name and process ID.
func owner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// running reports whether the owner named by an OwnerLabel value is a
// labrun process still running on this host. An owner on another host, or
// one that cannot be told, counts as gone: GC is asked for by a person who
// knows no labrun runs there.
func running(ownerLabel string) bool {
	host, pid, ok := strings.Cut(ownerLabel, ":")
	me, _ := os.Hostname()
	if !ok || host != me {
		return false
	}
	n, err := strconv.Atoi(pid)
	if err != nil || n <= 0 || n == os.Getpid() {
		return false
	}
	comm, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", n))
	return err == nil && strings.Contains(string(comm), "labrun")
}

// GC removes what labrun left on the host: every container (with its
// volumes) and network labelled with session, or, when session is "",
// those of every session whose labrun is no longer running on this host,
// so that a gc never pulls the sandbox from under a running labrun. It
// returns the names of what it removed.
func GC(ctx context.Context, cli *client.Client, session string) ([]string, error) {
	filter := SessionLabel
	if session != "" {
		filter += "=" + session
	}
	f := client.Filters{}.Add("label", filter)
	var removed []string
	var errs []error
	cs, err := cli.ContainerList(ctx, client.ContainerListOptions{All: true, Filters: f})
	if err != nil {
		return nil, fmt.Errorf("list labrun containers: %w", err)
	}
	live := map[string]bool{}   // sessions whose labrun still runs
	spared := map[string]bool{} // networks of sandboxes a running labrun took warm
	for _, c := range cs.Items {
		if session == "" && running(c.Labels[OwnerLabel]) {
			live[c.Labels[SessionLabel]] = true
		}
	}
	for _, c := range cs.Items {
		if live[c.Labels[SessionLabel]] {
			continue
		}
		if session == "" && running(claimedBy(firstName(c.Names, c.ID))) {
			// parked by a labrun that has ended, taken by one that runs
			if c.NetworkSettings != nil {
				for _, n := range c.NetworkSettings.Networks {
					spared[n.NetworkID] = true
				}
			}
			continue
		}
		if _, err := cli.ContainerRemove(ctx, c.ID, client.ContainerRemoveOptions{Force: true, RemoveVolumes: true}); err != nil && !isNotFound(err) {
			errs = append(errs, fmt.Errorf("remove container %s: %w", c.ID[:12], err))
			continue
		}
		removed = append(removed, "container "+strings.TrimPrefix(firstName(c.Names, c.ID), "/"))
	}
	ns, err := cli.NetworkList(ctx, client.NetworkListOptions{Filters: f})
	if err != nil {
		return removed, errors.Join(append(errs, fmt.Errorf("list labrun networks: %w", err))...)
	}
	for _, n := range ns.Items {
		if live[n.Labels[SessionLabel]] || spared[n.ID] || (session == "" && running(n.Labels[OwnerLabel])) {
			continue
		}
		if _, err := cli.NetworkRemove(ctx, n.ID, client.NetworkRemoveOptions{}); err != nil && !isNotFound(err) {
			errs = append(errs, fmt.Errorf("remove network %s: %w", n.Name, err))
			continue
		}
		removed = append(removed, "network "+n.Name)
	}
	vs, err := cli.VolumeList(ctx, client.VolumeListOptions{Filters: f})
	if err != nil {
		return removed, errors.Join(append(errs, fmt.Errorf("list labrun volumes: %w", err))...)
	}
	for _, v := range vs.Items {
		if _, err := cli.VolumeRemove(ctx, v.Name, client.VolumeRemoveOptions{Force: true}); err != nil && !isNotFound(err) {
			errs = append(errs, fmt.Errorf("remove volume %s: %w", v.Name, err))
			continue
		}
		removed = append(removed, "volume "+v.Name)
	}
	if session == "" {
		dirs, err := gcSavedImages()
		removed = append(removed, dirs...)
		errs = append(errs, err)
	}
	return removed, errors.Join(errs...)
}

// gcSavedImages removes the saved images of labruns that were killed
// before they could remove them (see imageFiles), sparing those of a
// labrun still running, and this process's own.
func gcSavedImages() ([]string, error) {
	dirs, err := filepath.Glob(filepath.Join(os.TempDir(), savedImagesPrefix+"*"))
	if err != nil {
		return nil, err
	}
	host, _ := os.Hostname()
	var removed []string
	var errs []error
	for _, dir := range dirs {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(dir), savedImagesPrefix), "-")
		if pid == strconv.Itoa(os.Getpid()) || running(host+":"+pid) {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			errs = append(errs, fmt.Errorf("remove saved images: %w", err))
			continue
		}
		removed = append(removed, "saved images "+dir)
	}
	return removed, errors.Join(errs...)
}

// claimedBy is the owner, as OwnerLabel names it, of the labrun that
// took a parked sandbox, from the container's name; "" for a sandbox not
// taken warm.
func claimedBy(name string) string {
	rest, ok := strings.CutPrefix(strings.TrimPrefix(name, "/"), claimedPrefix)
	if !ok {
		return ""
	}
	i := strings.LastIndex(rest, "-")
	if i < 0 {
		return ""
	}
	host, pid, ok := strings.Cut(rest[:i], "_")
	if !ok {
		return ""
	}
	return host + ":" + pid
}

func firstName(names []string, id string) string {
	if len(names) > 0 {
		return names[0]
	}
	return id[:12]
}
