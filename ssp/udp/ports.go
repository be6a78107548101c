package udp

// DefaultLowPort and DefaultHighPort bound the ports the server tries when
// none is requested (§6.2).
const (
	DefaultLowPort  = 60001
	DefaultHighPort = 60999
)
