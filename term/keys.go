package term

// Key translator states (TERMINAL.md §9).
const (
	keyGround uint8 = iota
	keyEsc
	keySS3
)

// TranslateKeys passes the user's keystrokes through mosh's three-state
// translator (TERMINAL.md §9) and returns what goes to the pty: the client
// sends arrow keys as ESC O A…D, which become ESC [ A…D unless the
// application enabled application cursor keys (DECCKM). It works on raw
// bytes and keeps its state between calls.
func (e *Emulator) TranslateKeys(keys []byte) []byte {
	out := make([]byte, 0, len(keys)+2)
	for _, b := range keys {
		switch e.keys {
		case keyGround:
			out = append(out, b)
			if b == 0x1b {
				e.keys = keyEsc
			}
		case keyEsc:
			if b == 'O' {
				e.keys = keySS3
				continue
			}
			out = append(out, b)
			e.keys = keyGround
		case keySS3:
			e.keys = keyGround
			if !e.fb.DS.ApplicationCursor && b >= 'A' && b <= 'D' {
				out = append(out, '[', b)
			} else {
				out = append(out, 'O', b)
			}
		}
	}
	return out
}
