package term

// Replies to the host (TERMINAL.md §8). They are collected in the
// emulator's reply buffer and returned by Write; nothing else answers.

// Device-attribute replies: a VT220-class terminal (DA1) and mosh's
// secondary attributes (DA2).
const (
	replyDA1 = "\x1b[?62c"
	replyDA2 = "\x1b[>1;10;0c"
)

// deviceStatus answers DSR 5 (status) and 6 (cursor position, absolute).
func (e *Emulator) deviceStatus(p int) {
	ds := &e.fb.DS
	switch p {
	case 5:
		e.reply = append(e.reply, "\x1b[0n"...)
	case 6:
		e.reply = append(e.reply, "\x1b["...)
		e.reply = appendInt(e.reply, ds.CursorRow+1)
		e.reply = append(e.reply, ';')
		e.reply = appendInt(e.reply, ds.CursorCol+1)
		e.reply = append(e.reply, 'R')
	}
}

// appendInt appends the decimal form of a non-negative v.
func appendInt(dst []byte, v int) []byte {
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
		if v == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}
