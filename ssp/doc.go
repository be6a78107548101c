// Package ssp is mosh's State Synchronization Protocol: the transport that
// keeps one state object of type L flowing from this side to the peer and
// one of type R flowing back, over encrypted, fragmented UDP datagrams that
// may be lost, duplicated, reordered or replayed
// (../shared/spec/PROTOCOL.md §2–§7, §10).
//
// It is sans-I/O. A Transport owns no socket, reads no clock, starts no
// goroutine and never sleeps: the event loop passes the time into every
// call, hands it each datagram it reads (Receive), asks it what to send
// (Tick) and when to ask again (NextDeadline), and sends the Datagrams it
// returns. Chaff comes from Config.Rand. Package ssp/udp is the socket edge
// and ssp/ssptest an in-memory, virtual-time network for tests.
//
// An event loop, in outline (see ssp/udp for Conn):
//
//	tr, _ := ssp.New(cfg, localInitial, remoteInitial, start)
//	for {
//		now := clock() // the loop reads the clock; ssp never does
//		datagrams := tr.Tick(now)
//		conn.Sync(tr.Sockets())
//		for _, d := range datagrams {
//			if err := conn.Send(d); err != nil {
//				tr.SendFailed(now, err)
//			}
//		}
//		// wait for a packet, local input, or tr.NextDeadline(now)
//		// (zero: no deadline); then for a packet:
//		if newer, err := tr.ReceiveECN(clock(), p.From, p.Data, p.Congested); newer {
//			// use tr.RemoteState()
//		}
//		// for local input: tr.SetCurrentState(next)
//	}
//
// It knows nothing of terminals: the synchronized types only need to
// implement State (and, for streams that grow without bound, Subtracter).
// A Transport is not safe for concurrent use; one goroutine owns it.
package ssp
