package term

// altScreen holds the main screen while an application shows the
// alternate screen (modes 47, 1047, 1049 with Options.AltScreen). mosh
// 1.4.0 has no alternate screen; this is our extension, used only on the
// server side, where the diff to the client simply repaints.
type altScreen struct {
	rows []*Row
	ds   DrawState // the main screen's draw state (cursor, for 1049)
}
