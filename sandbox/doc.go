// Package sandbox runs a throwaway Docker daemon inside a container on the
// host daemon (Docker-in-Docker), so that a lab's snippets, even
// `docker system prune -a` or `docker swarm leave --force`, act on the
// sandbox's daemon and never on the host's images, containers, volumes,
// networks or swarm.
//
// Everything it creates on the host carries the label org.labrun.session,
// and Close or GC removes it. The sandbox starts with --privileged where the
// host allows it and, where it does not, with SYS_ADMIN, NET_ADMIN,
// SYS_PTRACE and unconfined seccomp. Each sandbox has a bridge network of
// its own: Online, with the host's route outside, or Offline, internal. In
// both, guard rails (network.go) refuse the host's addresses, the daemon's
// ports and cloud metadata. A lab whose note names several hosts gets a
// Set: one sandbox per host, named as the host, on one network of their
// own, made with testcontainers-go. It protects the host daemon's state
// against accidents; it is not a security boundary against hostile code.
package sandbox
