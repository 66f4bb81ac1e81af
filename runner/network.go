package runner

import (
	"github.com/labrun/labrun/labs"
	"github.com/labrun/labrun/result"
	"github.com/labrun/labrun/sandbox"
)

// networkOf says what the runnable labs' sandboxes reach under cfg.
func networkOf(all []labs.Lab, cfg Config) result.Network {
	var n result.Network
	online := false
	for _, lab := range all {
		if !lab.Runnable() {
			continue
		}
		if cfg.reach(lab) == sandbox.Offline {
			n.Offline = append(n.Offline, lab.ID)
		} else {
			online = true
		}
	}
	switch {
	case !online && (cfg.Offline || len(n.Offline) > 0):
		n.Mode, n.Offline = "offline", nil
	case len(n.Offline) > 0:
		n.Mode = "mixed"
	default:
		n.Mode = "online"
	}
	return n
}
