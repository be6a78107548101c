package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"ssh-mosh/bootstrap"
	"ssh-mosh/sshconf"
)

// localMode runs `ssh-mosh --local [-- command]`: no SSH, a server on
// 127.0.0.1 started through the same answer parser, then the client.
func localMode(o *options, args []string) int {
	server := o.server
	if server == "" {
		server = localServer()
	}
	cfg := &sshconf.Config{Mosh: sshconf.Mosh{Server: server, Ports: o.moshPort, Predict: o.predict}}
	cmd := serverCommand(cfg, o.command)
	home, _ := os.UserHomeDir() // best effort: "" keeps the current directory
	ctx, cancel := context.WithTimeout(context.Background(), sessionTimeout)
	defer cancel()
	s, err := bootstrap.LocalServer{Server: server, Dir: home}.StartServer(ctx, cmd, os.Stdout)
	if err != nil {
		return report(err)
	}
	return runClient(clientParams{Client: o.client, IP: s.IP, Port: s.Port, Key: s.Key,
		Predict: o.predict, PredictOverwrite: o.predictOverwrite, NoInit: o.noInit, Args: args})
}

// localServer finds mosh-server: ours next to this executable, else the
// one on PATH.
func localServer() string {
	if exe, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(exe), "mosh-server")
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return bootstrap.ShellQuote(p)
		}
	}
	return "mosh-server"
}

// connectMode runs `ssh-mosh --connect IP PORT` with the key in MOSH_KEY.
func connectMode(o *options, args []string) int {
	key := os.Getenv("MOSH_KEY")
	if key == "" {
		fmt.Fprintln(os.Stderr, "ssh-mosh: --connect needs the session key in MOSH_KEY")
		return exitSSH
	}
	port, err := strconv.Atoi(o.connectPort)
	if err != nil || port < 1 || port > 65535 {
		fmt.Fprintf(os.Stderr, "ssh-mosh: bad port %q\n", o.connectPort)
		return exitSSH
	}
	return runClient(clientParams{Client: o.client, IP: o.connectIP, Port: port, Key: key,
		Predict: o.predict, PredictOverwrite: o.predictOverwrite, NoInit: o.noInit, Args: args})
}

// shellWords splits s with POSIX shell quoting rules (quotes and
// backslashes; no expansions), as mosh splits --ssh.
func shellWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, errors.New("unterminated single quote")
			}
			cur.WriteString(s[i+1 : i+1+j])
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\\"$`\n", s[i+1]) >= 0 {
					i++
				}
				cur.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, errors.New("unterminated double quote")
			}
			inWord = true
		case c == '\\':
			if i+1 < len(s) {
				i++
				cur.WriteByte(s[i])
			}
			inWord = true
		case c == ' ' || c == '\t' || c == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}
