package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/moshtest"
	"ssh-mosh/internal/testenv"
)

// BenchmarkSeqVsMosh runs `seq 1 1000000` through our server and through
// mosh-server 1.4.0, each with the real mosh-client in tmux, and reports
// per run the server's CPU time (utime+stime from /proc), its RSS two
// seconds after the output ended, and the time from starting the client
// to its first prompt:
//
//	go test -run '^$' -bench SeqVsMosh -benchtime 3x ./cmd/mosh-server
func BenchmarkSeqVsMosh(b *testing.B) {
	paths := testenv.Need(b, "mosh-server", "mosh-client", "tmux")
	servers := []struct{ name, bin string }{
		{"ours", serverBinary(b)},
		{"mosh-1.4.0", paths[0]},
	}
	for _, srv := range servers {
		b.Run(srv.name, func(b *testing.B) {
			var cpu, rss, connect float64
			for i := 0; i < b.N; i++ {
				c, r, p := seqOnce(b, srv.bin, paths[1])
				cpu, rss, connect = cpu+c, rss+r, connect+p
			}
			n := float64(b.N)
			b.ReportMetric(cpu/n, "server-cpu-s/op")
			b.ReportMetric(rss/n, "server-rss-MiB")
			b.ReportMetric(connect/n, "connect-ms")
		})
	}
}

// seqOnce runs one session and returns the server's CPU seconds, RSS in
// MiB after the output, and the connect-to-prompt time in ms.
func seqOnce(b *testing.B, bin, client string) (cpu, rssMiB, connectMs float64) {
	b.Helper()
	srv := moshtest.StartServer(b, bin, moshtest.ServerOptions{
		InheritEnv: true, Env: []string{"PS1=$ ", "LANG=C.UTF-8", "HOME=" + b.TempDir()}, Command: bash})
	start := time.Now()
	pane := moshtest.StartClient(b, client, srv.Key, srv.Addr, moshtest.ClientOptions{})
	defer pane.Close() // this run's session ends here, not with the benchmark
	if _, err := pane.WaitFor(20*time.Second, promptReady); err != nil {
		b.Fatal(err)
	}
	connectMs = float64(time.Since(start).Microseconds()) / 1000
	before := cpuSeconds(b, srv.PID)
	pane.SendLiteral("seq 1 1000000")
	pane.SendKeys("Enter")
	if _, err := pane.WaitFor(60*time.Second, func(s string) bool { return strings.Contains(s, "1000000\n$") }); err != nil {
		b.Fatal(err)
	}
	time.Sleep(2 * time.Second)
	cpu = cpuSeconds(b, srv.PID) - before
	rssMiB = rssKiB(b, srv.PID) / 1024
	return cpu, rssMiB, connectMs
}

// cpuSeconds is a process's utime+stime.
func cpuSeconds(b *testing.B, pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		b.Fatal(err)
	}
	s := string(data)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / 100 // USER_HZ
}

// rssKiB is a process's resident set size.
func rssKiB(b *testing.B, pid int) float64 {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		b.Fatal(err)
	}
	for _, l := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			n, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return n
		}
	}
	return 0
}
