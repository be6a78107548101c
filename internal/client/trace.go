package client

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// traceEnv names the environment variable that, when set to a file name,
// makes the client append a debugging trace to that file: one line per
// event, stamped with the wall clock to the microsecond, so a benchmark's
// readings can be lined up with what the client did. It is not a mosh
// variable; mosh-client ignores it.
const traceEnv = "SSH_MOSH_TRACE"

// traceLogf returns a Logf writing to the file named by path, or nil when
// the file cannot be opened.
func traceLogf(path string) func(string, ...any) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil
	}
	var mu sync.Mutex
	return func(format string, args ...any) {
		line := time.Now().Format("15:04:05.000000") + " " + fmt.Sprintf(format, args...) + "\n"
		mu.Lock()
		defer mu.Unlock()
		f.WriteString(line) // best effort: a trace
	}
}
