package sandbox

// SavedImages returns the directory where h keeps the images it saved.
func SavedImages(h *Host) string {
	h.images.mu.Lock()
	defer h.images.mu.Unlock()
	return h.images.dir
}

var GCSavedImages = gcSavedImages
