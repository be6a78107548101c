// Command mosh-relay runs the loopback UDP impairment relay of package
// ssh-mosh/internal/relay by hand: point a mosh client at its listen port
// and it forwards to the server with the chosen delay, loss, duplication,
// reordering and rate cap.
//
//	mosh-server new -i 127.0.0.1 -p 60001
//	mosh-relay -server 127.0.0.1:60001 -listen 127.0.0.1:60100 -delay 50ms -loss 0.1
//	MOSH_KEY=... mosh-client 127.0.0.1 60100
//
// SIGUSR1 roams (new upstream source port); SIGUSR2 prints the counters;
// SIGINT or SIGTERM prints them and exits. Only loopback addresses are
// accepted.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"ssh-mosh/internal/relay"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mosh-relay:", err)
		os.Exit(1)
	}
}

// dirFlags are the per-direction overrides; negative means "as for both".
type dirFlags struct {
	delay time.Duration
	loss  float64
}

func run(args []string) error {
	fs := flag.NewFlagSet("mosh-relay", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:0", "loopback address the client sends to")
	server := fs.String("server", "", "loopback address of the mosh server (required)")
	seed := fs.Uint64("seed", 1, "seed of the impairment decisions")
	var both relay.Impairment
	fs.DurationVar(&both.Delay, "delay", 0, "one-way delay, each direction")
	fs.DurationVar(&both.Jitter, "jitter", 0, "extra random delay in [0, jitter), each direction")
	fs.Float64Var(&both.Loss, "loss", 0, "loss probability 0..1, each direction")
	fs.Float64Var(&both.Duplicate, "dup", 0, "duplication probability 0..1, each direction")
	fs.Float64Var(&both.Reorder, "reorder", 0, "probability 0..1 of holding a datagram back by -reorder-delay")
	fs.DurationVar(&both.ReorderDelay, "reorder-delay", 10*time.Millisecond, "hold-back of a reordered datagram")
	fs.Int64Var(&both.Rate, "rate", 0, "rate cap in bytes/s, each direction (0: none)")
	up := dirFlags{delay: -1, loss: -1}
	down := dirFlags{delay: -1, loss: -1}
	fs.DurationVar(&up.delay, "up-delay", -1, "client→server delay (overrides -delay)")
	fs.DurationVar(&down.delay, "down-delay", -1, "server→client delay (overrides -delay)")
	fs.Float64Var(&up.loss, "up-loss", -1, "client→server loss (overrides -loss)")
	fs.Float64Var(&down.loss, "down-loss", -1, "server→client loss (overrides -loss)")
	verbose := fs.Bool("v", false, "log roams and send errors")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *server == "" {
		return fmt.Errorf("-server is required")
	}
	cfg := relay.Config{
		Listen: *listen, Server: *server, Seed: *seed,
		Up: override(both, up), Down: override(both, down),
	}
	if *verbose {
		cfg.Logf = func(f string, a ...any) { fmt.Fprintf(os.Stderr, f+"\n", a...) }
	}
	r, err := relay.New(cfg)
	if err != nil {
		return err
	}
	defer r.Close()
	fmt.Printf("mosh-relay: listening on %s, forwarding to %s\n", r.Addr(), *server)

	sig := make(chan os.Signal, 4)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGUSR1, syscall.SIGUSR2)
	for s := range sig {
		switch s {
		case syscall.SIGUSR1:
			if _, err := r.Roam(); err != nil {
				return err
			}
			fmt.Printf("mosh-relay: roamed to upstream port %d\n", r.Stats().UpstreamPort)
		case syscall.SIGUSR2:
			printStats(r.Stats())
		default:
			printStats(r.Stats())
			return nil
		}
	}
	return nil
}

func override(im relay.Impairment, d dirFlags) relay.Impairment {
	if d.delay >= 0 {
		im.Delay = d.delay
	}
	if d.loss >= 0 {
		im.Loss = d.loss
	}
	return im
}

func printStats(st relay.Stats) {
	for _, x := range []struct {
		name string
		c    relay.Counters
	}{{"up (client→server)", st.Up}, {"down (server→client)", st.Down}} {
		fmt.Printf("%-21s %8d datagrams %10d bytes in, %8d delivered, %8d dropped\n",
			x.name, x.c.Packets, x.c.Bytes, x.c.Delivered, x.c.Dropped)
	}
	fmt.Printf("roams %d, upstream port %d\n", st.Roams, st.UpstreamPort)
}
