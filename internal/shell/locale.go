package shell

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// localeVars are the variables that choose a locale, LC_ALL first; mosh
// unsets all of them before trying the client's offer (PROTOCOL.md §15.4).
var localeVars = []string{
	"LC_ALL", "LC_CTYPE", "LANG", "LANGUAGE", "LC_NUMERIC", "LC_TIME",
	"LC_COLLATE", "LC_MONETARY", "LC_MESSAGES", "LC_PAPER", "LC_NAME",
	"LC_ADDRESS", "LC_TELEPHONE", "LC_MEASUREMENT", "LC_IDENTIFICATION",
}

// LocaleChoice is the outcome of ChooseLocale.
type LocaleChoice struct {
	// Env is the environment to give the child.
	Env []string
	// Note says what was changed and why; empty when the environment's
	// own locale was fine. mosh-server prints it with -v.
	Note string
}

// ChooseLocale makes sure the child runs with a UTF-8 locale that is
// installed. Real mosh-server refuses to start without one (PROTOCOL.md
// §15.4); this one never refuses. In order of preference:
//
//  1. the environment's own locale, if its character set is UTF-8 and it
//     is installed;
//  2. the client's offer (the -l NAME=VALUE list) in place of every locale
//     variable, as mosh does, if that is UTF-8 and installed;
//  3. the offer (or, without one, the environment) with every variable that
//     names a missing locale, or that decides the character set and is not
//     UTF-8, replaced by a fallback: C.UTF-8 if installed, else the first
//     installed UTF-8 locale, else C.UTF-8 anyway (glibc 2.35 and later have
//     it built in).
//
// installed says which locales exist; SystemLocales is the real one.
func ChooseLocale(env, offered []string, installed Locales) LocaleChoice {
	has := func(name string) bool {
		return name == "C" || name == "POSIX" || installed.Has(name)
	}
	usable := func(e []string) bool {
		if !isUTF8(ctypeLocale(e)) {
			return false
		}
		for _, v := range localeVars {
			if val := lookup(e, v); val != "" && v != "LANGUAGE" && !has(val) {
				return false
			}
		}
		return true
	}
	if usable(env) {
		return LocaleChoice{Env: env}
	}
	base := env
	if len(offered) > 0 {
		base = withOffer(env, offered)
		if usable(base) {
			return LocaleChoice{Env: base, Note: fmt.Sprintf(
				"using the client's locale (%s) instead of the server's (%s)",
				describe(base), describe(env))}
		}
	}
	fallback := "C.UTF-8"
	if !has(fallback) {
		for _, a := range installed.List() {
			if isUTF8(a) {
				fallback = a
				break
			}
		}
	}
	out := append([]string(nil), base...)
	for _, v := range localeVars {
		val := lookup(out, v)
		if val == "" || v == "LANGUAGE" {
			continue
		}
		decides := v == "LC_ALL" || (v == "LC_CTYPE" && lookup(out, "LC_ALL") == "") ||
			(v == "LANG" && lookup(out, "LC_ALL") == "" && lookup(out, "LC_CTYPE") == "")
		if !has(val) || (decides && !isUTF8(val)) {
			out = setenv(out, v, fallback)
		}
	}
	if !isUTF8(ctypeLocale(out)) {
		out = setenv(out, "LANG", fallback)
	}
	return LocaleChoice{Env: out, Note: fmt.Sprintf(
		"the requested locale (%s) is not an installed UTF-8 locale; the shell gets %s instead",
		describe(base), fallback)}
}

// withOffer is env with every locale variable removed and the offered
// NAME=VALUE pairs added, as mosh-server does before its second try.
func withOffer(env, offered []string) []string {
	out := env
	for _, v := range localeVars {
		out = unsetenv(out, v)
	}
	for _, kv := range offered {
		if name, val, ok := strings.Cut(kv, "="); ok && name != "" {
			out = setenv(out, name, val)
		}
	}
	return out
}

// ctypeLocale is the locale that decides the character set: the first of
// LC_ALL, LC_CTYPE and LANG that is set and not empty, else "C".
func ctypeLocale(env []string) string {
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if val := lookup(env, v); val != "" {
			return val
		}
	}
	return "C"
}

// describe names the variable that decides the character set as mosh's
// messages do ("LANG=C"), or "[no charset variables]".
func describe(env []string) string {
	for _, v := range []string{"LC_ALL", "LC_CTYPE", "LANG"} {
		if val := lookup(env, v); val != "" {
			return v + "=" + val
		}
	}
	return "[no charset variables]"
}

// isUTF8 reports whether a locale name's codeset is UTF-8, in any of its
// spellings ("en_US.UTF-8", "C.utf8").
func isUTF8(name string) bool {
	_, cs, ok := strings.Cut(name, ".")
	if !ok {
		return false
	}
	cs, _, _ = strings.Cut(cs, "@")
	cs = strings.ToLower(strings.ReplaceAll(cs, "-", ""))
	return cs == "utf8"
}

// normalizeLocale folds the codeset part of a locale name the way glibc
// does for lookups: lower case, without "-" ("en_US.UTF-8" → "en_US.utf8").
func normalizeLocale(name string) string {
	lang, rest, ok := strings.Cut(name, ".")
	if !ok {
		return name
	}
	cs, mod, hasMod := strings.Cut(rest, "@")
	cs = strings.ToLower(strings.ReplaceAll(cs, "-", ""))
	if hasMod {
		return lang + "." + cs + "@" + mod
	}
	return lang + "." + cs
}

// Locales says which locales a system has.
type Locales interface {
	// Has reports whether the named locale is installed.
	Has(name string) bool
	// List returns the installed locales.
	List() []string
}

// LocaleList is a fixed list of installed locales, spelled as `locale -a`
// prints them.
type LocaleList []string

// Has reports whether name is in the list, comparing codesets the way
// glibc does ("en_US.UTF-8" matches "en_US.utf8").
func (l LocaleList) Has(name string) bool {
	n := normalizeLocale(name)
	for _, a := range l {
		if normalizeLocale(a) == n {
			return true
		}
	}
	return false
}

// List returns the list.
func (l LocaleList) List() []string { return l }

// SystemLocales is this system's locales. Has first looks for the
// compiled locale's directory under /usr/lib/locale, which answers the
// common case without running a program; otherwise, and for List, it runs
// `locale -a` once.
type SystemLocales struct {
	list   LocaleList
	listed bool
}

// Has reports whether the named locale is installed.
func (s *SystemLocales) Has(name string) bool {
	for _, n := range []string{name, normalizeLocale(name)} {
		if fi, err := os.Stat(filepath.Join("/usr/lib/locale", filepath.Base(n))); err == nil && fi.IsDir() {
			return true
		}
	}
	return LocaleList(s.List()).Has(name)
}

// List returns the installed locales.
func (s *SystemLocales) List() []string {
	if !s.listed {
		s.list, s.listed = installedLocales(), true
	}
	return s.list
}

// installedLocales lists the locales of this system: the output of
// `locale -a`, or, if that cannot run, the directories of /usr/lib/locale.
func installedLocales() []string {
	out, err := exec.Command("locale", "-a").Output()
	if err == nil {
		var list []string
		sc := bufio.NewScanner(bytes.NewReader(out))
		for sc.Scan() {
			if s := strings.TrimSpace(sc.Text()); s != "" {
				list = append(list, s)
			}
		}
		return list
	}
	entries, err := os.ReadDir("/usr/lib/locale")
	if err != nil {
		return nil // best effort: nothing known to be installed
	}
	var list []string
	for _, e := range entries {
		if e.IsDir() {
			list = append(list, e.Name())
		}
	}
	return list
}
