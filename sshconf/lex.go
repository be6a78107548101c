package sshconf

import (
	"errors"
	"strings"
)

// whitespace is the set of separators OpenSSH uses between words.
const whitespace = " \t\r\n"

// errQuotes reports an unterminated quoted word.
var errQuotes = errors.New("invalid quotes")

// splitLine splits one configuration line into its lower-cased keyword, the
// raw remainder (what ProxyCommand and friends keep verbatim) and the
// remainder split into words with quotes and escapes removed. A blank or
// comment line gives an empty keyword.
func splitLine(line string) (keyword, rest string, args []string, err error) {
	line = strings.TrimRight(line, whitespace+"\f")
	s := line
	keyword, s, ok := nextKeyword(s)
	if ok && keyword == "" {
		// leading whitespace: the keyword is the next word
		keyword, s, ok = nextKeyword(s)
	}
	if !ok || keyword == "" || keyword[0] == '#' {
		return "", "", nil, nil
	}
	rest = strings.TrimLeft(s, whitespace)
	if rest == "" {
		return strings.ToLower(keyword), "", nil, nil
	}
	args, err = splitWords(rest)
	return strings.ToLower(keyword), rest, args, err
}

// nextKeyword takes the first word of s, which ends at whitespace, a quote
// or one '=' (optionally surrounded by whitespace), as OpenSSH's strdelim.
func nextKeyword(s string) (word, rest string, ok bool) {
	if s == "" {
		return "", "", false
	}
	i := strings.IndexAny(s, whitespace+"\"=")
	if i < 0 {
		return s, "", true
	}
	if s[i] == '"' {
		t := s[:i] + s[i+1:]
		j := strings.IndexByte(t[i:], '"')
		if j < 0 {
			return "", "", false
		}
		word = t[:i+j]
		return word, strings.TrimLeft(t[i+j+1:], whitespace), true
	}
	sawEquals := s[i] == '='
	word = s[:i]
	rest = strings.TrimLeft(s[i+1:], whitespace)
	if !sawEquals && strings.HasPrefix(rest, "=") {
		rest = strings.TrimLeft(rest[1:], whitespace)
	}
	return word, rest, true
}

// splitWords splits s into words as OpenSSH's argv_split does: words end at
// unquoted blanks, single and double quotes group, a backslash escapes a
// quote, a backslash or (outside quotes) a space, and an unquoted '#' at
// the start of a word ends the line.
func splitWords(s string) ([]string, error) {
	var words []string
	i := 0
	for i < len(s) {
		if s[i] == ' ' || s[i] == '\t' {
			i++
			continue
		}
		if s[i] == '#' {
			break
		}
		var b strings.Builder
		var quote byte
		for ; i < len(s); i++ {
			c := s[i]
			switch {
			case c == '\\' && i+1 < len(s) && (s[i+1] == '\'' || s[i+1] == '"' || s[i+1] == '\\' || (quote == 0 && s[i+1] == ' ')):
				i++
				b.WriteByte(s[i])
				continue
			case quote == 0 && (c == ' ' || c == '\t'):
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
				continue
			case quote != 0 && c == quote:
				quote = 0
				continue
			default:
				b.WriteByte(c)
				continue
			}
			break
		}
		if quote != 0 {
			return nil, errQuotes
		}
		words = append(words, b.String())
	}
	return words, nil
}
