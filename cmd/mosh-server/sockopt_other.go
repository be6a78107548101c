//go:build !linux

package main

import "net"

// setSocketOptions does nothing where mosh's Linux options do not exist.
func setSocketOptions(c *net.UDPConn) {}
