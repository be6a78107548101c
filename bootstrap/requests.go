package bootstrap

import (
	"golang.org/x/crypto/ssh"
)

// The session requests that come before "exec" are sent the way OpenSSH's
// ssh sends them: env and auth-agent-req without asking for a reply, and
// pty-req queued right behind them, so the whole set-up costs the round
// trip of "exec" alone instead of one round trip per request (x/crypto's
// Setenv, RequestPty and agent.RequestAgentForwarding each wait for the
// server's answer before the next request can go). The server handles a
// channel's requests in order, so "exec" still runs after all of them.

// envRequest is the payload of an "env" request (RFC 4254 §6.4).
type envRequest struct {
	Name  string
	Value string
}

// ptyRequest is the payload of a "pty-req" request (RFC 4254 §6.2).
type ptyRequest struct {
	Term          string
	Columns, Rows uint32
	Width, Height uint32 // in pixels; 0 when unknown, as ssh sends them
	Modes         string // encoded terminal modes, ending with TTY_OP_END
}

// ttyOpEnd ends the encoded terminal modes (RFC 4254 §8).
const ttyOpEnd = 0

// setenv asks the server to set one variable. Like ssh, it does not wait
// for the answer: a refusal (AcceptEnv) is not an error.
func setenv(sess *ssh.Session, name, value string) {
	sess.SendRequest("env", false, ssh.Marshal(&envRequest{Name: name, Value: value})) // best effort
}

// requestAgent asks the server to forward the agent on this session, not
// waiting for the answer (ssh does not either: a refusal only means the
// remote has no SSH_AUTH_SOCK).
func requestAgent(sess *ssh.Session) {
	sess.SendRequest("auth-agent-req@openssh.com", false, nil) // best effort
}

// requestPty asks for a pseudo-terminal of the given type and size with
// the server's default modes. It does not wait for the answer: should the
// server refuse (PermitTTY no), the command runs without a terminal, as
// with `ssh -tt` (mosh-server works without one, at 80x24 until the
// client reports its size).
func requestPty(sess *ssh.Session, term string, cols, rows int) error {
	req := ptyRequest{Term: term, Columns: uint32(cols), Rows: uint32(rows), Modes: string([]byte{ttyOpEnd})}
	_, err := sess.SendRequest("pty-req", false, ssh.Marshal(&req))
	return err
}
