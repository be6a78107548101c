package term

// maxTitle bounds the index up to which OSC text is kept (§5.6).
const maxTitle = 256

// oscEnd dispatches a finished OSC string (TERMINAL.md §5.6): "52;c;"
// sets the clipboard verbatim; "0;", "1;", "2;" (or a leading ";") set the
// icon name and/or window title. Everything else is ignored, with no
// reply.
func (e *Emulator) oscEnd(s []rune) {
	fb := e.fb
	if len(s) >= 5 && s[0] == '5' && s[1] == '2' && s[2] == ';' && s[3] == 'c' && s[4] == ';' {
		fb.Clipboard = string(s[5:])
		return
	}
	if len(s) == 0 {
		return
	}
	var cmd, start int
	switch {
	case s[0] == ';':
		cmd, start = 0, 1
	case len(s) >= 2 && s[1] == ';':
		cmd, start = int(s[0]-'0'), 2
	default:
		return
	}
	if cmd < 0 || cmd > 2 {
		return
	}
	text := string(s[start:min(len(s), maxTitle)])
	fb.TitleInitialized = true
	if cmd == 0 || cmd == 1 {
		fb.IconName = text
	}
	if cmd == 0 || cmd == 2 {
		fb.Title = text
	}
}
