package server

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"ssh-mosh/internal/shell"
)

// TestPtyWriterOrder writes to a real pty through ptyWriter, directly and,
// once the pty is full because nobody reads, through the queue: Write never
// blocks, and the terminal side gets every byte in order.
func TestPtyWriterOrder(t *testing.T) {
	tests := []struct {
		name   string
		chunks int
		size   int
	}{
		{"one keystroke", 1, 1},
		{"a few lines", 10, 80},
		{"more than the pty holds", 300, 1000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := shell.Open(80, 24)
			if err != nil {
				t.Fatal(err)
			}
			defer p.Close()
			_, term := p.Files()
			raw(t, term)
			quit := make(chan struct{})
			defer close(quit)
			w := newPtyWriter(p.Master(), quit)
			var want bytes.Buffer
			for i := range tt.chunks {
				b := bytes.Repeat([]byte{byte('a' + i%26)}, tt.size)
				copy(b, fmt.Sprint(i))
				want.Write(b)
				done := make(chan struct{})
				go func() { w.Write(b); close(done) }()
				select {
				case <-done:
				case <-time.After(10 * time.Second):
					t.Fatalf("Write %d blocked", i)
				}
			}
			got := make([]byte, want.Len())
			read := make(chan error, 1)
			go func() { _, err := io.ReadFull(term, got); read <- err }()
			select {
			case err := <-read:
				if err != nil {
					t.Fatalf("read: %v", err)
				}
			case <-time.After(20 * time.Second):
				p.Close() // ends the read
				<-read
				t.Fatal("the terminal side never got all the bytes")
			}
			if !bytes.Equal(got, want.Bytes()) {
				t.Error("the terminal side got the bytes out of order or changed")
			}
			select {
			case err := <-w.errc:
				t.Errorf("write error: %v", err)
			default:
			}
		})
	}
}

// raw turns off the terminal side's line editing and echo, so what is
// written to the master is read back byte for byte.
func raw(t *testing.T, f interface{ Fd() uintptr }) {
	t.Helper()
	fd := int(f.Fd())
	tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
	if err != nil {
		t.Fatal(err)
	}
	tio.Lflag &^= unix.ICANON | unix.ECHO | unix.ISIG | unix.IEXTEN
	tio.Iflag &^= unix.ICRNL | unix.IXON | unix.ISTRIP | unix.INLCR | unix.IGNCR
	tio.Cc[unix.VMIN], tio.Cc[unix.VTIME] = 1, 0
	if err := unix.IoctlSetTermios(fd, unix.TCSETS, tio); err != nil {
		t.Fatal(err)
	}
}
