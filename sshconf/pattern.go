package sshconf

import "strings"

// matchPattern reports whether s matches the glob pattern p, where '*'
// matches any run of characters and '?' any one character (OpenSSH's
// match_pattern; no character classes).
func matchPattern(s, p string) bool {
	// iterative glob with single backtrack point, bounded by len(s)*len(p)
	si, pi := 0, 0
	star, mark := -1, 0
	for si < len(s) {
		switch {
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, si
			pi++
		case pi < len(p) && (p[pi] == '?' || p[pi] == s[si]):
			si++
			pi++
		case star >= 0:
			mark++
			si = mark
			pi = star + 1
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// matchPatternList matches s against a comma-separated list of patterns,
// each possibly negated with '!': it returns -1 when a negated pattern
// matches, 1 when a plain one does, else 0 (OpenSSH's match_pattern_list).
// With fold, both sides are compared in lower case.
func matchPatternList(s, list string, fold bool) int {
	if fold {
		s = strings.ToLower(s)
		list = strings.ToLower(list)
	}
	got := 0
	for _, p := range strings.Split(list, ",") {
		neg := strings.HasPrefix(p, "!")
		if neg {
			p = p[1:]
		}
		if !matchPattern(s, p) {
			continue
		}
		if neg {
			return -1
		}
		got = 1
	}
	return got
}
