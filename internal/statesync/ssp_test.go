package statesync

import "ssh-mosh/ssp"

// The states satisfy the transport's contracts (checked here because the
// package itself must not import ssp).
var (
	_ ssp.State[*UserStream]      = (*UserStream)(nil)
	_ ssp.Subtracter[*UserStream] = (*UserStream)(nil)
)

var _ ssp.State[*Complete] = (*Complete)(nil)
