package sandbox

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/moby/moby/client"
)

// savedImagesPrefix begins the name of a run's directory of saved images,
// followed by the process ID, so that `labrun gc` can tell whose it is.
const savedImagesPrefix = "labrun-images-"

// imageFiles keeps the images a run copies into its sandboxes as files, so
// that each is saved from the host daemon once per run however many
// sandboxes load it: a save of a Debian image alone takes seconds.
type imageFiles struct {
	cli *client.Client

	mu    sync.Mutex
	dir   string                // made at the first save; "" until then
	files map[string]*imageFile // by reference and image ID
}

// imageFile is one saved image. Its lock is held while it is first saved,
// so that a second sandbox that needs it waits for that save.
type imageFile struct {
	mu   sync.Mutex
	path string // "" until saved
}

// file returns the saved form of ref, whose ID is id, and its path. It is
// kept by reference as well as by ID: an archive saved as debian:12 loads
// under that name only, not as debian:bookworm.
func (f *imageFiles) file(ref, id string) (*imageFile, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dir == "" {
		dir, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", savedImagesPrefix, os.Getpid()))
		if err != nil {
			return nil, "", fmt.Errorf("a directory for saved images: %w", err)
		}
		f.dir = dir
	}
	if f.files == nil {
		f.files = map[string]*imageFile{}
	}
	key := ref + "@" + id
	if f.files[key] == nil {
		f.files[key] = &imageFile{}
	}
	name := fmt.Sprintf("%x.tar", sha256.Sum256([]byte(key)))
	return f.files[key], filepath.Join(f.dir, name), nil
}

// remove deletes the saved images.
func (f *imageFiles) remove() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dir == "" {
		return nil
	}
	err := os.RemoveAll(f.dir)
	f.dir, f.files = "", nil
	return err
}

// load loads the image ref (whose ID is id) into the sandbox: from its
// saved file, or, the first time, saved from the host and written to that
// file as it streams into the sandbox.
func (f *imageFiles) load(ctx context.Context, s *Sandbox, ref, id string) error {
	img, path, err := f.file(ref, id)
	if err != nil {
		return err
	}
	img.mu.Lock()
	defer img.mu.Unlock()
	if img.path != "" {
		in, err := os.Open(img.path)
		if err != nil {
			return fmt.Errorf("open saved image %s: %w", ref, err)
		}
		defer in.Close()
		return s.loadFrom(ctx, ref, in)
	}
	save, err := f.cli.ImageSave(ctx, []string{ref})
	if err != nil {
		return fmt.Errorf("save %s on the host: %w", ref, err)
	}
	defer save.Close()
	tmp, err := os.CreateTemp(filepath.Dir(path), "saving-*")
	if err != nil {
		return fmt.Errorf("save %s: %w", ref, err)
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	defer tmp.Close()
	// The archive goes to the file and the sandbox at once. Only a copy
	// that reached the end of the archive leaves a file worth keeping.
	pr, pw := io.Pipe()
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.MultiWriter(tmp, pw), save)
		pw.CloseWithError(err)
		copied <- err
	}()
	err = s.loadFrom(ctx, ref, pr)
	pr.CloseWithError(io.ErrClosedPipe) // unblocks the copy if the load stopped reading
	save.Close()
	if cerr := <-copied; err == nil && cerr != nil {
		err = fmt.Errorf("save %s on the host: %w", ref, cerr)
	}
	if err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("save %s: %w", ref, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("save %s: %w", ref, err)
	}
	img.path = path
	return nil
}

// loadFrom runs `docker load` in the sandbox on the image archive in.
func (s *Sandbox) loadFrom(ctx context.Context, ref string, in io.Reader) error {
	return s.must(ctx, "load "+ref+" into the sandbox", Exec{Cmd: []string{"docker", "load", "-q"}, Stdin: in, Timeout: 10 * time.Minute})
}
