package interop

import (
	"net"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestConnectTimeout is X4 for our client: pointed at a UDP port where
// nobody answers, it shows the bar, gives up after about 15 s, tells the
// user it never connected and exits 1.
func TestConnectTimeout(t *testing.T) {
	t.Parallel()
	need(t, "tmux")
	bin := ourClient(t)
	sink, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	port := sink.LocalAddr().(*net.UDPAddr).Port
	pane, _ := runInPane(t, 120, 24, []string{"MOSH_KEY=QUJDREVGR0hJSktMTU5PUA"},
		bin, "--connect", "127.0.0.1", strconv.Itoa(port))
	if _, err := pane.WaitForText(10*time.Second, "Nothing received from server on UDP port "+strconv.Itoa(port)); err != nil {
		t.Errorf("no 'Nothing received' bar: %v", err)
	}
	re := regexp.MustCompile(`\[client exit (\d+)\]`)
	screen, err := pane.WaitFor(40*time.Second, re.MatchString)
	if err != nil {
		t.Fatalf("the client did not give up: %v\n%s", err, screen)
	}
	if code := re.FindStringSubmatch(screen)[1]; code != "1" {
		t.Errorf("exit status %s, want 1", code)
	}
	if want := "did not make a successful connection to 127.0.0.1:" + strconv.Itoa(port); !strings.Contains(screen, want) {
		t.Errorf("no %q on the screen:\n%s", want, screen)
	}
}
