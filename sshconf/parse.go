package sshconf

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// File is one parsed configuration file: its lines in order, blank lines
// and comments dropped. Parsing checks only the syntax of each line; the
// meaning of a line (is the keyword known, is the value valid) depends on
// the host being resolved and is checked by Resolve.
type File struct {
	Name  string
	Lines []Line
}

// Line is one keyword line of a configuration file.
type Line struct {
	File    string   // file name, for messages
	Num     int      // 1-based line number
	Keyword string   // lower case
	Args    []string // the words after the keyword, quotes removed
	Raw     string   // the text after the keyword (ProxyCommand keeps it verbatim)
}

// maxLineLen bounds a configuration line, as OpenSSH bounds its buffer.
const maxLineLen = 1 << 16

// Parse reads a configuration file from r. name is used in messages.
// Errors read "sshconf: name:line: …".
func Parse(r io.Reader, name string) (*File, error) {
	f := &File{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLineLen)
	num := 0
	for sc.Scan() {
		num++
		keyword, raw, args, err := splitLine(sc.Text())
		if err != nil {
			return nil, lineError(name, num, "%v", err)
		}
		if keyword == "" {
			continue
		}
		if raw == "" {
			return nil, lineError(name, num, "no argument after keyword %q", keyword)
		}
		f.Lines = append(f.Lines, Line{File: name, Num: num, Keyword: keyword, Args: args, Raw: raw})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("sshconf: %s:%d: %w", name, num+1, err)
	}
	return f, nil
}

// lineError formats an error about one line of a file.
func lineError(file string, num int, format string, args ...any) error {
	return fmt.Errorf("sshconf: %s:%d: %s", file, num, fmt.Sprintf(format, args...))
}

// errorf formats an error about the line l.
func (l *Line) errorf(format string, args ...any) error {
	return lineError(l.File, l.Num, format, args...)
}

// rawCommand is the verbatim remainder of a command line (ProxyCommand,
// LocalCommand …): OpenSSH keeps it as written, after a leading '='.
func (l *Line) rawCommand() string {
	return strings.TrimLeft(l.Raw, whitespace+"=")
}
