package bench

import (
	"strings"
	"testing"
	"time"

	"ssh-mosh/internal/testenv"
)

// TestQuickAgainstRealMosh is the CI smoke run: the -quick benchmark against
// mosh 1.4.0. It asserts only that figures came out and that every process
// it started is gone, never anything about timing.
func TestQuickAgainstRealMosh(t *testing.T) {
	paths := testenv.Need(t, "mosh-server", "mosh-client", "tmux")
	p := Pair{Name: "mosh", Server: paths[:1], Client: paths[1:2]}
	res, pids, err := Run(Options{Pairs: []Pair{p}, Runs: 1, Quick: true, IdleWindow: time.Second, Dir: t.TempDir(), Logf: t.Logf})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{
		"connect → prompt",
		"connect: server command → connect line",
		"connect: client start → prompt",
		"idle: datagrams per minute (both ways)",
		"seq 1 20000: time to final screen",
		"seq 1 20000: bytes server→client",
		"RSS idle: server",
	} {
		if len(res.Values(f, "mosh")) != 1 {
			t.Errorf("figure %q: values %v, timeouts %d", f, res.Values(f, "mosh"), res.Timeouts(f, "mosh"))
		}
	}
	echoFigures := 0
	for _, f := range res.Figures() {
		if strings.HasPrefix(f, "echo ") {
			echoFigures++
		}
	}
	if echoFigures == 0 {
		t.Error("no echo figures")
	}
	table := res.Markdown([]string{"mosh"}, "", "", nil)
	if !strings.Contains(table, "| connect → prompt | ms |") {
		t.Errorf("table lacks the connect row:\n%s", table)
	}
	t.Logf("\n%s", table)

	if len(pids) < 3 {
		t.Errorf("recorded pids %v, want at least starter, server and client", pids)
	}
	// Processes are ended before Run returns; allow a bounded moment for
	// the kernel and init to reap the orphans.
	for _, pid := range pids {
		for i := 0; i < 100 && alive(pid); i++ {
			time.Sleep(50 * time.Millisecond)
		}
		if alive(pid) {
			t.Errorf("process %d is still running", pid)
		}
	}
}

func TestTailScreen(t *testing.T) {
	rows := make([]string, 24)
	copy(rows, seqTail(100, 23))
	rows[23] = "$"
	tests := []struct {
		name  string
		rows  []string
		lines []string
		want  bool
	}{
		{"exact", rows, seqTail(100, 23), true},
		{"shorter tail", rows, seqTail(100, 3), true},
		{"wrong last line", rows, seqTail(101, 23), false},
		{"no prompt", append(append([]string(nil), rows[:23]...), "100"), seqTail(100, 3), false},
		{"too few rows", []string{"$"}, seqTail(100, 3), false},
	}
	for _, tt := range tests {
		if got := tailScreen(tt.lines)(tt.rows); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestAnalyzeEcho(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	tests := []struct {
		name      string
		samples   []sample
		sent      []time.Time
		text      string
		wantLat   []time.Duration
		wantMiss  int
		wantWrong int
	}{
		{
			name:    "two keys",
			samples: []sample{{at(0), "$", -1}, {at(5), "$ a", -1}, {at(30), "$ a", -1}, {at(42), "$ ab", -1}},
			sent:    []time.Time{at(1), at(20)},
			text:    "ab",
			wantLat: []time.Duration{4 * time.Millisecond, 22 * time.Millisecond},
		},
		{
			name:     "never shown",
			samples:  []sample{{at(0), "$", -1}, {at(5), "$ a", -1}},
			sent:     []time.Time{at(1), at(2)},
			text:     "ab",
			wantLat:  []time.Duration{4 * time.Millisecond},
			wantMiss: 1,
		},
		{
			name: "a wrong prediction counted once",
			samples: []sample{{at(0), "$", -1}, {at(3), "$ ax", -1}, {at(4), "$ ax", -1},
				{at(9), "$ a", -1}, {at(12), "$ ab", -1}},
			sent:      []time.Time{at(1), at(2)},
			text:      "ab",
			wantLat:   []time.Duration{2 * time.Millisecond, 10 * time.Millisecond},
			wantWrong: 1,
		},
		{
			name:    "a trailing space is shown by the cursor",
			samples: []sample{{at(0), "$", 2}, {at(6), "$", 3}, {at(9), "$  b", 4}},
			sent:    []time.Time{at(1), at(7)},
			text:    " b",
			wantLat: []time.Duration{5 * time.Millisecond, 2 * time.Millisecond},
		},
		{
			name:    "shown before sent is not counted",
			samples: []sample{{at(0), "$ a", -1}, {at(8), "$ a", -1}},
			sent:    []time.Time{at(3)},
			text:    "a",
			wantLat: []time.Duration{5 * time.Millisecond},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			final := tt.samples[len(tt.samples)-1].row
			r := analyzeEcho(tt.samples, tt.sent, tt.text, 2, final)
			if len(r.latencies) != len(tt.wantLat) {
				t.Fatalf("latencies %v, want %v", r.latencies, tt.wantLat)
			}
			for i := range r.latencies {
				if r.latencies[i] != tt.wantLat[i] {
					t.Errorf("latency %d = %v, want %v", i, r.latencies[i], tt.wantLat[i])
				}
			}
			if r.missing != tt.wantMiss || r.wrong != tt.wantWrong {
				t.Errorf("missing %d wrong %d, want %d and %d", r.missing, r.wrong, tt.wantMiss, tt.wantWrong)
			}
		})
	}
}

func TestResultsMarkdown(t *testing.T) {
	r := newResults()
	r.add("connect", "ms", "ours", 10)
	r.add("connect", "ms", "ours", 30)
	r.add("connect", "ms", "ours", 20)
	r.add("connect", "ms", "mosh", 100)
	r.timeout("loss", "s", "ours")
	r.add("loss", "s", "mosh", 2)
	got := r.Markdown([]string{"ours", "mosh"}, "ours", "mosh", nil)
	for _, want := range []string{
		"| figure | unit | ours | mosh | ours ÷ mosh |",
		"| connect | ms | 20.0 (10.0–30.0) | 100 | 0.20 |",
		"| loss | s | timeout | 2.00 | — |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks %q:\n%s", want, got)
		}
	}
	got = r.Markdown([]string{"ours", "mosh"}, "ours", "mosh", map[string]string{"ours": "build failed"})
	if !strings.Contains(got, "| connect | ms | not available | 100 |") || !strings.Contains(got, "ours: not available (build failed)") {
		t.Errorf("unavailable pair not shown:\n%s", got)
	}
}

func TestPercentileAndMedian(t *testing.T) {
	v := []float64{5, 1, 4, 2, 3, 10, 9, 8, 7, 6}
	if m := median(v); m != 5.5 {
		t.Errorf("median = %v, want 5.5", m)
	}
	if p := percentile(v, 90); p != 9 {
		t.Errorf("p90 = %v, want 9", p)
	}
	if p := percentile([]float64{3}, 90); p != 3 {
		t.Errorf("p90 of one = %v, want 3", p)
	}
}
