package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"sync"

	"golang.org/x/sys/unix"
)

// ttyPrompt asks questions on /dev/tty, as ssh does, so that it works with
// stdin and stdout redirected. It implements bootstrap.Prompt.
type ttyPrompt struct {
	mu  sync.Mutex
	tty *os.File
	r   *bufio.Reader
}

// openPrompt opens the controlling terminal; nil when there is none.
func openPrompt() *ttyPrompt {
	f, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
	if err != nil {
		return nil
	}
	return &ttyPrompt{tty: f, r: bufio.NewReader(f)}
}

// Notice writes a message to the terminal.
func (p *ttyPrompt) Notice(msg string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.tty, strings.ReplaceAll(msg, "\n", "\r\n")) // best effort
}

// Line asks with echo.
func (p *ttyPrompt) Line(prompt string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprint(p.tty, prompt) // best effort
	return p.readLine()
}

// Secret asks with echo off, restoring the terminal afterwards.
func (p *ttyPrompt) Secret(prompt string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fd := int(p.tty.Fd())
	old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		return "", fmt.Errorf("ssh-mosh: terminal: %w", err)
	}
	quiet := *old
	quiet.Lflag &^= unix.ECHO
	quiet.Lflag |= unix.ICANON | unix.ECHONL
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
		return "", fmt.Errorf("ssh-mosh: terminal: %w", err)
	}
	defer unix.IoctlSetTermios(fd, unix.TCSETS, old) // best effort
	fmt.Fprint(p.tty, prompt)                        // best effort
	return p.readLine()
}

func (p *ttyPrompt) readLine() (string, error) {
	s, err := p.r.ReadString('\n')
	if err != nil && s == "" {
		return "", err
	}
	return strings.TrimRight(s, "\r\n"), nil
}
