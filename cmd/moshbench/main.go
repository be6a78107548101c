// Command moshbench measures our mosh server and client side by side with
// mosh 1.4.0 on this machine, behind the loopback impairment relay, reading
// what a user would see from a private tmux pane. It prints a Markdown table
// of medians with min–max and the ratio ours ÷ mosh.
//
//	go run ./cmd/moshbench              # 3 runs of every figure
//	go run ./cmd/moshbench -quick       # smoke run, one short scenario each
//	go run ./cmd/moshbench -only echo   # connect and keystroke echo only
//	go run ./cmd/moshbench -server-cmd /usr/bin/mosh-server   # mix: real server, our client
//
// "ours" is built from ./cmd/mosh-server and ./cmd/ssh-mosh (run as
// `ssh-mosh --connect IP PORT`); when that fails to build or to reach a
// prompt, the table says "ours: not available" and mosh's figures are still
// measured. See package ssh-mosh/internal/bench for what each figure means.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"ssh-mosh/internal/bench"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "moshbench:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("moshbench", flag.ContinueOnError)
	runs := fs.Int("runs", 3, "runs per figure")
	quick := fs.Bool("quick", false, "smoke run: one short scenario of each kind")
	idle := fs.Duration("idle", 0, "idle-traffic window (default 20s, 3s with -quick)")
	seed := fs.Uint64("seed", 1, "seed of the relay's decisions")
	serverCmd := fs.String("server-cmd", "", "our server command (default: built from ./cmd/mosh-server)")
	clientCmd := fs.String("client-cmd", "", "our client command, given IP PORT (default: built ./cmd/ssh-mosh --connect)")
	moshServer := fs.String("mosh-server", "mosh-server", "mosh 1.4.0 server")
	moshClient := fs.String("mosh-client", "mosh-client", "mosh 1.4.0 client")
	noOurs := fs.Bool("no-ours", false, "measure mosh only")
	moshWrapper := fs.String("mosh", "mosh", "mosh 1.4.0 wrapper, for the SSH bootstrap figure")
	sshd := fs.String("sshd", defaultSSHD(), "OpenSSH sshd for the SSH bootstrap figure (empty: skip it)")
	out := fs.String("out", "", "also write the table to this file")
	verbose := fs.Bool("v", false, "print progress to stderr")
	only := fs.String("only", "", "comma-separated figure groups to take ("+strings.Join(bench.Groups, ", ")+"); connect is always taken, alone with -only connect")
	name := fs.String("name", "", `column name of our pair (default "ours", or "ours: <server> + <client>" when mixed)`)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *runs < 1 {
		return errors.New("-runs must be at least 1")
	}
	logf := func(string, ...any) {}
	if *verbose {
		logf = func(f string, a ...any) {
			fmt.Fprintf(os.Stderr, "%s "+f+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
		}
	}
	dir, err := os.MkdirTemp("", "moshbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir) // best effort

	mosh := bench.Pair{Name: "mosh 1.4.0", Server: []string{*moshServer}, Client: []string{*moshClient}}
	mosh.SSH = func(t bench.SSHTarget, remote []string) ([]string, error) {
		args := []string{*moshWrapper, "--ssh=ssh -F " + t.Config, "--server=" + *moshServer, t.Host, "--"}
		return append(args, remote...), nil
	}
	unavailable := map[string]string{}
	var pairs []bench.Pair
	names := []string{}
	oursName := ""
	if !*noOurs {
		oursName = *name
		if oursName == "" {
			oursName = mixedName(*serverCmd, *clientCmd)
		}
		ours, err := oursPair(dir, *serverCmd, *clientCmd)
		ours.Name = oursName
		if err == nil {
			err = bench.Probe(ours, filepath.Join(dir, "probe"), logf)
		}
		if err != nil {
			unavailable[oursName] = err.Error()
			fmt.Fprintf(os.Stderr, "moshbench: ours: not available: %v\n", err)
		} else {
			pairs = append(pairs, ours)
		}
		names = append(names, oursName)
	}
	pairs = append(pairs, mosh)
	names = append(names, mosh.Name)

	start := time.Now()
	res, _, err := bench.Run(bench.Options{
		Pairs: pairs, Runs: *runs, Quick: *quick, IdleWindow: *idle,
		Dir: dir, Seed: *seed, Logf: logf, SSHD: *sshd, Only: onlyGroups(*only),
	})
	if err != nil {
		return err
	}
	table := res.Markdown(names, oursName, mosh.Name, unavailable)
	load, _ := os.ReadFile("/proc/loadavg") // best effort
	table += fmt.Sprintf("\nMeasured in %v; load average at the end: %s", time.Since(start).Round(time.Second), strings.TrimSpace(string(load)))
	fmt.Println(table)
	if *out != "" {
		return os.WriteFile(*out, []byte(table+"\n"), 0o644)
	}
	return nil
}

// onlyGroups splits the -only list.
func onlyGroups(list string) []string {
	var groups []string
	for _, g := range strings.Split(list, ",") {
		if g = strings.TrimSpace(g); g != "" {
			groups = append(groups, g)
		}
	}
	return groups
}

// oursPair builds our server and client unless commands were given.
func oursPair(dir, serverCmd, clientCmd string) (bench.Pair, error) {
	p := bench.Pair{Name: "ours", Server: strings.Fields(serverCmd), Client: strings.Fields(clientCmd)}
	if len(p.Server) == 0 {
		bin := filepath.Join(dir, "mosh-server")
		if err := goBuild(bin, "./cmd/mosh-server"); err != nil {
			return p, err
		}
		p.Server = []string{bin}
	}
	if len(p.Client) == 0 {
		bin := filepath.Join(dir, "ssh-mosh")
		if err := goBuild(bin, "./cmd/ssh-mosh"); err != nil {
			return p, err
		}
		p.Client = []string{bin, "--connect"}
	}
	if serverCmd == "" && clientCmd == "" {
		client, server := p.Client[0], p.Server[0]
		p.SSH = func(t bench.SSHTarget, remote []string) ([]string, error) {
			cfg, err := t.MoshConfig(server)
			if err != nil {
				return nil, err
			}
			return append([]string{client, "-F", cfg, t.Host, "--"}, remote...), nil
		}
	}
	return p, nil
}

// mixedName names our pair after what it mixes in.
func mixedName(serverCmd, clientCmd string) string {
	if serverCmd == "" && clientCmd == "" {
		return "ours"
	}
	server, client := "our server", "our client"
	if f := strings.Fields(serverCmd); len(f) > 0 {
		server = filepath.Base(f[0])
	}
	if f := strings.Fields(clientCmd); len(f) > 0 {
		client = filepath.Base(f[0])
	}
	return server + " + " + client
}

// defaultSSHD finds OpenSSH's sshd, which is often not on PATH.
func defaultSSHD() string {
	if p, err := exec.LookPath("sshd"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/sshd"); err == nil {
		return "/usr/sbin/sshd"
	}
	return ""
}

// goBuild builds a package of this module (found from the working
// directory) into bin, within a bounded time.
func goBuild(bin, pkg string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, pkg)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %v: %s", pkg, err, firstLine(string(out)))
	}
	return nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
