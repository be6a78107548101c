// Package interop holds the end-to-end scenarios of the interop test plan
// (../../shared/spec/INTEROP-TESTS.md) that no other package's tests cover:
// hostile datagrams injected into a live session, shutdown and signals, and
// transport behaviour observed on the wire. The tests run our binaries
// (cmd/mosh-server, cmd/ssh-mosh) against the real mosh 1.4.0 programs
// through a decrypting relay written here, with the clients in tmux.
//
// The package has no code outside its tests; docs/INTEROP.md maps every
// scenario of the plan to the test that covers it.
package interop
