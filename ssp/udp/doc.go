// Package udp is the socket edge of ssp, and the only code of the
// transport that touches sockets: the server's bound socket and the
// client's sockets, one per port-hop generation (PROTOCOL.md §6). It does
// no protocol work: each datagram read becomes a Packet on a channel, fed
// by one blocking read goroutine per socket that ends when the socket is
// closed, and ssp.Datagrams are written as they are. The session's event
// loop owns an ssp.Transport and a Conn and moves bytes between them.
package udp
