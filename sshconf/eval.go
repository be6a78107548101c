package sshconf

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// maxIncludeDepth bounds nested Include, as OpenSSH does.
const maxIncludeDepth = 16

// maxIncludedFiles bounds the files one resolution reads through Include.
// OpenSSH has no such bound, so a file including itself twice makes it
// read 2^16 files; we stop with an error instead.
const maxIncludedFiles = 1000

// proxy states for ProxyJump / ProxyCommand, which exclude each other.
const (
	proxyUnset = iota
	proxyNone
	proxySet
)

// state is one resolution in progress: the first value seen for each
// keyword and the accumulating lists.
type state struct {
	opts *Options

	host     string // what Host patterns match: the typed host, or the final host name
	original string // %n and Match originalhost
	final    bool   // in the final pass (Match final / canonical are true)

	vals      map[string][]string // keyword -> args of its first active line
	idFiles   []string
	certFiles []string
	sendEnv   []string
	jump      int
	jumpRaw   string
	proxy     int
	proxyRaw  string
	ignore    string // IgnoreUnknown patterns
	ignoreSet bool

	included   int // files read through Include so far
	wantFinal  bool
	warnings   []string
	moshWarned bool
}

// errNoExec is returned when Match exec is needed but Options.Exec is nil.
var errNoExec = errors.New("Match exec needs Options.Exec")

// evalFile evaluates the lines of f. active is the Host/Match state carried
// in from an including file; neverMatch marks a file included from an
// inactive block.
func (st *state) evalFile(f *File, active bool, neverMatch bool, userConf bool, depth int) error {
	for i := range f.Lines {
		l := &f.Lines[i]
		var err error
		active, err = st.evalLine(l, active, neverMatch, userConf, depth)
		if err != nil {
			return err
		}
	}
	return nil
}

// evalLine applies one line and returns the new active state.
func (st *state) evalLine(l *Line, active, neverMatch, userConf bool, depth int) (bool, error) {
	switch l.Keyword {
	case "host":
		if l.File == cmdlineFile {
			return active, l.errorf("Host directive not supported as a command-line option")
		}
		return st.hostLine(l, neverMatch)
	case "match":
		if l.File == cmdlineFile {
			return active, l.errorf("Match directive not supported as a command-line option")
		}
		active, err := st.matchLine(l) // evaluated (exec included) even where it can never apply, as ssh does
		return active && !neverMatch, err
	case "include":
		if l.File == cmdlineFile {
			return active, l.errorf("Include directive not supported as a command-line option")
		}
		return active, st.include(l, active, neverMatch, userConf, depth)
	}
	if err := checkValue(l); err != nil {
		return active, err
	}
	if !openSSHKeywords[l.Keyword] && !isMoshKeyword(l.Keyword) {
		if st.ignoreSet && matchPatternList(l.Keyword, st.ignore, true) == 1 {
			return active, nil
		}
		return active, l.errorf("Bad configuration option: %s", l.Keyword)
	}
	if isMoshKeyword(l.Keyword) && l.File != cmdlineFile && !st.moshWarned && !(st.ignoreSet && matchPatternList(l.Keyword, st.ignore, true) == 1) {
		st.moshWarned = true
		st.warnings = append(st.warnings, fmt.Sprintf(
			"%s:%d: plain ssh rejects %q because no IgnoreUnknown covers it before this line; run `ssh-mosh setup` or put this line at the top of %s:\n%s",
			l.File, l.Num, l.Args0(), l.File, IgnoreUnknownLine))
	}
	if active {
		st.set(l)
	}
	return active, nil
}

// Args0 is the first argument of the line, or "" when it has none.
func (l *Line) Args0() string {
	if len(l.Args) == 0 {
		return ""
	}
	return l.Args[0]
}

// set records an active line under first-obtained-value-wins, except for
// the keywords that accumulate.
func (st *state) set(l *Line) {
	switch l.Keyword {
	case "identityfile":
		st.idFiles = appendUnique(st.idFiles, l.Args[0])
	case "certificatefile":
		st.certFiles = appendUnique(st.certFiles, l.Args[0])
	case "sendenv":
		for _, a := range l.Args {
			if strings.HasPrefix(a, "-") {
				st.sendEnv = removeMatching(st.sendEnv, a[1:])
				continue
			}
			st.sendEnv = append(st.sendEnv, a)
		}
	case "ignoreunknown":
		if !st.ignoreSet {
			st.ignore, st.ignoreSet = l.Args[0], true
		}
	case "proxyjump":
		if st.jump == proxyUnset && st.proxy == proxyUnset {
			st.jumpRaw = jumpValue(l.rawCommand())
			st.jump = proxySet
			if strings.EqualFold(st.jumpRaw, "none") {
				st.jump = proxyNone
			}
		}
	case "proxycommand":
		if st.proxy == proxyUnset && st.jump != proxySet {
			st.proxyRaw = l.rawCommand()
			st.proxy = proxySet
			if st.proxyRaw == "none" {
				st.proxy = proxyNone
			}
		}
	default:
		if _, ok := st.vals[l.Keyword]; !ok {
			st.vals[l.Keyword] = l.Args
		}
	}
}

// jumpValue strips a comment and trailing blanks from a ProxyJump value.
func jumpValue(s string) string {
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	return strings.TrimRight(s, whitespace)
}

// appendUnique appends s unless list already holds it.
func appendUnique(list []string, s string) []string {
	for _, v := range list {
		if v == s {
			return list
		}
	}
	return append(list, s)
}

// removeMatching drops the entries of list matching the glob pattern.
func removeMatching(list []string, pattern string) []string {
	out := list[:0]
	for _, v := range list {
		if !matchPattern(v, pattern) {
			out = append(out, v)
		}
	}
	return out
}

// hostLine evaluates a Host line: active when some pattern matches and no
// negated one does.
func (st *state) hostLine(l *Line, neverMatch bool) (bool, error) {
	active := false
	for _, a := range l.Args {
		if a == "" {
			return false, l.errorf("keyword host empty argument")
		}
		if neverMatch {
			return false, nil
		}
		neg := strings.HasPrefix(a, "!")
		if neg {
			a = a[1:]
		}
		if matchPattern(st.host, a) {
			if neg {
				return false, nil
			}
			active = true
		}
	}
	return active, nil
}

// include reads the files named by an Include line, in glob order.
func (st *state) include(l *Line, active, neverMatch, userConf bool, depth int) error {
	if depth >= maxIncludeDepth {
		return l.errorf("too many recursive configuration includes")
	}
	for _, arg := range l.Args {
		if arg == "" {
			return l.errorf("keyword include empty argument")
		}
		if strings.HasPrefix(arg, "~") && !userConf {
			return l.errorf("bad include path %s", arg)
		}
		path := arg
		if !strings.HasPrefix(arg, "/") && !strings.HasPrefix(arg, "~") {
			if userConf {
				path = "~/.ssh/" + arg
			} else {
				path = "/etc/ssh/" + arg
			}
		}
		home, ok := st.opts.env("HOME")
		if !ok || home == "" {
			home = st.opts.HomeDir
		}
		path, err := tilde(path, home, st.opts.UserHome)
		if err != nil {
			return l.errorf("include: %v", err)
		}
		var names []string
		if st.opts.Glob != nil {
			names, err = st.opts.Glob(path)
			if err != nil {
				return l.errorf("include %s: %v", arg, err)
			}
		}
		for _, name := range names {
			st.included++
			if st.included > maxIncludedFiles {
				return l.errorf("more than %d included files", maxIncludedFiles)
			}
			f, err := st.readFile(filepath.Clean(name))
			if err != nil {
				return err
			}
			if f == nil {
				continue
			}
			if err := st.evalFile(f, active, neverMatch || !active, userConf, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}
