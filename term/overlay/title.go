package overlay

import "ssh-mosh/term"

// DefaultTitlePrefix is what the client puts before the application's
// window title (PREDICTION.md §12).
const DefaultTitlePrefix = "[mosh] "

// Title is the title-prefix overlay.
type Title struct {
	// Prefix is prepended to the window title (and to the icon name when
	// both are equal); "" leaves them alone.
	Prefix string
}

// Apply prefixes f's window title, and its icon name when that equals the
// title, so that both are still sent as one OSC 0.
func (t *Title) Apply(f *term.Framebuffer) {
	if t.Prefix == "" {
		return
	}
	if f.IconName == f.Title {
		f.IconName = t.Prefix + f.IconName
	}
	f.Title = t.Prefix + f.Title
}
