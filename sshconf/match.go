package sshconf

import (
	"strings"
)

// matchLine evaluates a Match line (OpenSSH 9.2's criteria: all, canonical,
// final, host, originalhost, user, localuser, exec; each may be negated
// with '!'; all criteria must hold). exec runs only while the criteria
// before it hold.
func (st *state) matchLine(l *Line) (bool, error) {
	result := true
	attributes := 0
	args := l.Args
	for i := 0; i < len(args); i++ {
		attr := args[i]
		if strings.HasPrefix(attr, "#") {
			break
		}
		neg := strings.HasPrefix(attr, "!")
		if neg {
			attr = attr[1:]
		}
		name := strings.ToLower(attr)
		if name == "all" {
			if attributes > 1 || (i+1 < len(args) && !strings.HasPrefix(args[i+1], "#")) {
				return false, l.errorf("'%s' cannot be combined with other Match attributes", args[i])
			}
			return result && !neg, nil
		}
		attributes++
		if name == "canonical" || name == "final" {
			if name == "final" {
				st.wantFinal = true
			}
			if st.final == neg {
				result = false
			}
			continue
		}
		if i+1 >= len(args) || args[i+1] == "" || strings.HasPrefix(args[i+1], "#") {
			return false, l.errorf("Missing Match criteria for %s", attr)
		}
		i++
		arg := args[i]
		var ok bool
		switch name {
		case "host":
			ok = matchPatternList(st.matchHost(), arg, true) == 1
		case "originalhost":
			ok = matchPatternList(st.original, arg, true) == 1
		case "user":
			ok = matchPatternList(st.matchUser(), arg, false) == 1
		case "localuser":
			ok = matchPatternList(st.opts.LocalUser, arg, false) == 1
		case "exec":
			if !result {
				continue // a failed criterion before it: not run
			}
			var err error
			ok, err = st.runExec(l, arg)
			if err != nil {
				return false, err
			}
		default:
			return false, l.errorf("Unsupported Match attribute %s", attr)
		}
		if ok == neg {
			result = false
		}
	}
	if attributes == 0 {
		return false, l.errorf("One or more attributes required for Match")
	}
	return result, nil
}

// matchHost is the host Match host compares: HostName (with %h) when set
// so far, else the host being looked up.
func (st *state) matchHost() string {
	if v, ok := st.vals["hostname"]; ok {
		h, err := tokens{'h': st.host}.expand(v[0], tokensHostname, nil)
		if err == nil {
			return h
		}
	}
	return st.host
}

// matchUser is the remote user so far: User when set, else the local user.
func (st *state) matchUser() string {
	if v, ok := st.vals["user"]; ok {
		return v[0]
	}
	return st.opts.LocalUser
}

// runExec expands the tokens of a Match exec command and runs it.
func (st *state) runExec(l *Line, cmd string) (bool, error) {
	host := st.matchHost()
	port := defaultPort
	if v, ok := st.vals["port"]; ok {
		port, _ = parsePort(v[0]) // validated when set
	}
	user := st.matchUser()
	alias := host
	if v, ok := st.vals["hostkeyalias"]; ok {
		alias = v[0]
	}
	t := st.opts.baseTokens()
	t['h'], t['n'], t['r'], t['k'] = host, st.original, user, alias
	t['p'] = itoa(port)
	t['C'] = connectionHash(st.opts.LocalHost, host, port, user)
	expanded, err := t.expand(cmd, tokensPaths, nil)
	if err != nil {
		return false, l.errorf("Match exec: %v", err)
	}
	if st.opts.Exec == nil {
		return false, l.errorf("%v", errNoExec)
	}
	return st.opts.Exec(expanded), nil
}
