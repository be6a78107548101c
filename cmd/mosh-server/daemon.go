package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"syscall"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/server"
	"ssh-mosh/internal/shell"
	"ssh-mosh/ssp/udp"
)

// runDaemon is the detached server: it adopts the socket, the pty and the
// settings the invoking process handed over, and runs the session until it
// ends (PROTOCOL.md §15.2 steps 9–13). The invoking process has already
// printed the connect line and exited; there is no one to report a failure
// to but stderr, which is /dev/null unless -v (as for mosh's child).
func runDaemon() int {
	os.Unsetenv(daemonEnv)
	// One goroutine owns the session and the others only pump reads:
	// one P avoids idle threads spinning for work between hand-offs,
	// which measurably cut CPU under a flood of output.
	runtime.GOMAXPROCS(1)
	fail := func(err error) int {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var s settings
	settingsFile := os.NewFile(fdSettings, "settings")
	err := json.NewDecoder(settingsFile).Decode(&s)
	settingsFile.Close()
	if err != nil {
		return fail(fmt.Errorf("mosh-server: reading settings: %w", err))
	}
	key, err := crypto.ParseKey(s.Key)
	if err != nil {
		return fail(err)
	}
	sockFile := os.NewFile(fdSocket, "udp")
	pc, err := net.FilePacketConn(sockFile)
	sockFile.Close()
	if err != nil {
		return fail(fmt.Errorf("Network exception: %w", err))
	}
	conn, err := udp.FromConn(pc.(*net.UDPConn), nil)
	if err != nil {
		return fail(fmt.Errorf("Network exception: %w", err))
	}

	// SIGHUP and SIGPIPE are caught and dropped rather than ignored, so
	// the shell gets their default actions back.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGHUP, syscall.SIGPIPE)
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1)

	p, err := shell.FromFiles(os.NewFile(fdMaster, "/dev/ptmx"), os.NewFile(fdTerminal, "pty"))
	if err != nil {
		return fail(err)
	}
	self := fmt.Sprintf("mosh [%d]", os.Getpid())
	if s.Login {
		name := ""
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
		p.Notice(shell.LoginNotice(s.Dir, shell.DetachedSessions(name, self)))
	}
	p.SetUtmp(self)
	// The locale is chosen here rather than before the connect line: it
	// may run `locale -a`, and only the child's environment depends on it.
	loc := shell.ChooseLocale(os.Environ(), s.Locales, &shell.SystemLocales{})
	env := shell.ChildEnv(loc.Env, shell.EnvOptions{Colors: s.Colors, Home: s.Dir})

	logf := func(string, ...any) {}
	if s.Verbose > 0 {
		logf = func(format string, args ...any) {
			fmt.Fprintf(os.Stderr, format+"\n", args...)
		}
		if loc.Note != "" {
			logf("mosh-server: %s", loc.Note)
		}
	}
	err = server.Run(server.Config{
		Conn:           conn,
		Key:            key,
		Pty:            p,
		Command:        shell.Command{Path: s.Path, Argv: s.Argv, Login: s.Login, RestoreCore: s.RestoreCore, CoreLimit: s.CoreLimit},
		Env:            env,
		Dir:            s.Dir,
		Cols:           s.Cols,
		Rows:           s.Rows,
		NetworkTimeout: time.Duration(s.NetworkTimeout) * time.Second,
		SignalTimeout:  time.Duration(s.SignalTimeout) * time.Second,
		Signals:        sigs,
		Verbose:        s.Verbose,
		Logf:           logf,
		UtmpHost:       self,
	})
	p.ClearUtmp()
	p.Close()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	fmt.Print("\n[mosh-server is exiting.]\n")
	return 0
}
