// Package ssptest is an in-memory, virtual-time network for testing
// ssp.Transport: datagrams between a client and a server are delayed,
// jittered, lost, duplicated and reordered by a seeded random source, on
// an event queue ordered by virtual time, and both transports are driven
// by their NextDeadline. No goroutines, sockets or real clock are used, so
// a run is deterministic for a seed and takes microseconds.
//
// It also holds two small state types for tests (Log and Value); the real
// terminal and keystroke states live in internal/statesync.
package ssptest
