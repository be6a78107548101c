package ssp

import (
	"crypto/rand"
	"errors"
	"io"
	"net/netip"
	"time"

	"ssh-mosh/crypto"
	"ssh-mosh/internal/wire"
)

// Side says which end of a session a Transport is.
type Side uint8

const (
	// Client sends to a fixed server address, hops ports (§6.6) and uses
	// a 1 ms SEND_MINDELAY.
	Client Side = iota
	// Server learns and follows the client's address (§5), forgets it
	// after 40 s of silence (§6.5) and uses an 8 ms SEND_MINDELAY.
	Server
)

// String returns "client" or "server".
func (s Side) String() string {
	if s == Server {
		return "server"
	}
	return "client"
}

// Config configures a Transport.
type Config struct {
	// Key is the session key shared by client and server.
	Key crypto.Key
	// Side is Client or Server.
	Side Side
	// Remote is the server's address; required for a Client, ignored for
	// a Server, which learns its peer from authenticated datagrams.
	Remote netip.AddrPort
	// Local is the address the Server's socket is bound to; its family
	// decides the fragment size (§6.4). Ignored for a Client, whose
	// fragment size follows Remote's family.
	Local netip.Addr
	// Rand supplies chaff bytes; nil means crypto/rand.
	Rand io.Reader
	// Logf, if not nil, receives the messages mosh prints to stderr, such
	// as "Server now attached to client at …".
	Logf func(format string, args ...any)
}

// Datagram is one encrypted datagram to send.
type Datagram struct {
	// To is the peer's address.
	To netip.AddrPort
	// Data is the whole datagram.
	Data []byte
	// Socket is the generation of the local socket to send it from: 0 for
	// the first socket, then one more at every client port hop. The
	// server always uses 0. See Transport.Sockets.
	Socket int
}

// Errors returned by Receive for datagrams it drops. None is fatal.
var (
	// ErrOversize: longer than the 2048-byte receive buffer (§5).
	ErrOversize = errors.New("ssp: received oversize datagram")
	// ErrDirection: the direction bit is not the one meant for us (§5).
	ErrDirection = errors.New("ssp: illegal counterparty input (wrong direction)")
	// ErrVersion: the instruction's protocol_version is not 2 (§10.3).
	ErrVersion = errors.New("ssp: mosh protocol version mismatch")
)

// ErrMessageTooLong is what a send error must match (errors.Is) when the
// kernel refused a datagram as too long (EMSGSIZE); see SendFailed.
var ErrMessageTooLong = errors.New("ssp: message too long")

// MaxDatagram is the largest datagram accepted; read with a larger buffer
// to detect oversize ones.
const MaxDatagram = 2048

// Transport is one end of an SSP session synchronizing a local state of
// type L to the peer and a remote state of type R from it. Create it with
// New; it is not safe for concurrent use.
type Transport[L State[L], R State[R]] struct {
	epoch    time.Time
	session  *crypto.Session
	sendDir  crypto.Direction
	rand     io.Reader
	logf     func(string, ...any)
	chaffBuf [17]byte
	plain    []byte // scratch for one datagram's plaintext

	conn connection
	snd  *sender[L]
	rcv  *receiver[R]

	frag  wire.Fragmenter
	reasm wire.Reassembler
}

// New returns a Transport that starts at now with state 0 of each stream:
// localInitial for what it sends and remoteInitial for what it receives
// (both sides construct the same state 0 independently, §10.1). The
// Transport takes ownership of both values.
func New[L State[L], R State[R]](cfg Config, localInitial L, remoteInitial R, now time.Time) (*Transport[L, R], error) {
	t := &Transport[L, R]{
		epoch:   now,
		session: crypto.NewSession(cfg.Key),
		rand:    cfg.Rand,
		logf:    cfg.Logf,
		rcv:     newReceiver(remoteInitial),
	}
	if t.rand == nil {
		t.rand = rand.Reader
	}
	if t.logf == nil {
		t.logf = func(string, ...any) {}
	}
	switch cfg.Side {
	case Client:
		if !cfg.Remote.IsValid() {
			return nil, errors.New("ssp: client needs the server's address")
		}
		t.sendDir = crypto.ToServer
		t.snd = newSender(localInitial, sendMinDelayClient)
		t.conn = newClientConnection(cfg.Remote)
	case Server:
		t.sendDir = crypto.ToClient
		t.snd = newSender(localInitial, sendMinDelayServer)
		t.conn = newServerConnection(cfg.Local)
	default:
		return nil, errors.New("ssp: unknown side")
	}
	return t, nil
}

// since converts a time to the transport's internal clock.
func (t *Transport[L, R]) since(now time.Time) time.Duration { return now.Sub(t.epoch) }

// at converts the internal clock back to a time; zero for "long ago".
func (t *Transport[L, R]) at(d time.Duration) time.Time {
	if d <= longAgo {
		return time.Time{}
	}
	return t.epoch.Add(d)
}
