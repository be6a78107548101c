package bootstrap

import (
	"errors"
	"io"
)

// Prompt asks the user questions on the controlling terminal. Tests answer
// with a fake. All methods may be called from the SSH handshake goroutine.
type Prompt interface {
	// Secret shows prompt and reads a line without echo (passphrases,
	// passwords).
	Secret(prompt string) (string, error)
	// Line shows prompt and reads a line with echo (host key questions,
	// keyboard-interactive questions that echo).
	Line(prompt string) (string, error)
	// Notice shows a message that needs no answer (host key warnings,
	// keyboard-interactive instructions). It ends with a newline.
	Notice(message string)
}

// ErrNoPrompt is returned when a question would have to be asked but there
// is no Prompt or BatchMode forbids asking.
var ErrNoPrompt = errors.New("bootstrap: cannot ask the user (no terminal or BatchMode yes)")

// asker wraps an optional Prompt and BatchMode; notices go to w when
// there is no Prompt.
type asker struct {
	p     Prompt
	batch bool
	w     io.Writer
}

func (a asker) can() bool { return a.p != nil && !a.batch }

func (a asker) secret(prompt string) (string, error) {
	if !a.can() {
		return "", ErrNoPrompt
	}
	return a.p.Secret(prompt)
}

func (a asker) line(prompt string) (string, error) {
	if !a.can() {
		return "", ErrNoPrompt
	}
	return a.p.Line(prompt)
}

func (a asker) notice(msg string) {
	switch {
	case a.p != nil:
		a.p.Notice(msg)
	case a.w != nil:
		io.WriteString(a.w, msg) // best effort
	}
}
