package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"

	"ssh-mosh/internal/shell"
	"ssh-mosh/ssp/udp"
)

// daemonEnv marks the re-executed process as the detached server. Its
// value is not secret; the key travels through a pipe.
const daemonEnv = "MOSH_SERVER_DETACHED"

// File descriptors the detached server inherits (ExtraFiles start at 3).
const (
	fdSocket   = 3 // the bound UDP socket
	fdSettings = 4 // read end of a pipe carrying settings as JSON
	fdReady    = 5 // write end of a pipe: "ok <pid>" or an error text
)

// detach binds the socket, starts the long-lived server as a re-executed
// child in its own session, and, once the child reports that it is ready,
// prints the connect line and the detach message (PROTOCOL.md §15.2 steps
// 7–10, §15.3) and returns 0 at once.
func detach(s settings, ports portRange, ip string, stdin *os.File, stdout, stderr io.Writer) int {
	conn, err := udp.Listen(ip, uint16(ports.low), uint16(ports.high), func(format string, args ...any) {
		fmt.Fprintf(stderr, format+"\n", args...)
	})
	if err != nil {
		var be *udp.BindError
		if errors.As(err, &be) {
			fmt.Fprintf(stderr, "Network exception: %s\n", be.Reason)
		} else {
			fmt.Fprintf(stderr, "Network exception: %v\n", err)
		}
		return 1
	}
	port := conn.LocalAddr().Port()
	sock, err := conn.File()
	conn.Close() // the duplicate in sock keeps the binding
	if err != nil {
		fmt.Fprintf(stderr, "Network exception: %v\n", err)
		return 1
	}
	pid, err := startDaemon(s, sock, stdin)
	sock.Close()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if shell.IsTerminal(stdin) {
		// Keeps typeahead echo off the connect line (§15.3).
		fmt.Fprint(stdout, "\r\n\n")
	}
	fmt.Fprintf(stdout, "MOSH CONNECT %d %s\n", port, s.Key)
	fmt.Fprintf(stderr, "\n%s\n[mosh-server detached, pid = %d]\n", versionBanner, pid)
	return 0
}

// startDaemon re-executes this program as the detached server and waits
// until it is ready; it returns the server's pid.
func startDaemon(s settings, sock, stdin *os.File) (int, error) {
	exe, err := os.Executable()
	if err != nil {
		return 0, fmt.Errorf("mosh-server: finding own executable: %w", err)
	}
	settingsR, settingsW, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("mosh-server: %w", err)
	}
	defer settingsR.Close()
	defer settingsW.Close()
	readyR, readyW, err := os.Pipe()
	if err != nil {
		return 0, fmt.Errorf("mosh-server: %w", err)
	}
	defer readyR.Close()
	defer readyW.Close()

	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Args[0] = os.Args[0] // ps shows the invocation as typed
	cmd.Env = append(os.Environ(), daemonEnv+"=1")
	cmd.ExtraFiles = []*os.File{sock, settingsR, readyW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if s.Verbose > 0 {
		cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, os.Stdout, os.Stderr
	}
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("mosh-server: starting detached server: %w", err)
	}
	settingsR.Close()
	readyW.Close()
	err = json.NewEncoder(settingsW).Encode(s)
	settingsW.Close()
	if err != nil {
		cmd.Process.Kill() // best effort: it cannot start without settings
		cmd.Wait()
		return 0, fmt.Errorf("mosh-server: handing over settings: %w", err)
	}
	line, _ := bufio.NewReader(readyR).ReadString('\n')
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "ok") {
		cmd.Wait() // it exits after reporting its error
		if line == "" {
			line = "mosh-server: detached server died before it was ready"
		}
		return 0, fmt.Errorf("%s", line)
	}
	pid := cmd.Process.Pid
	cmd.Process.Release() // best effort: it is not ours to wait for
	return pid, nil
}
